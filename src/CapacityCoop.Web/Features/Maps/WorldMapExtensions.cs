namespace CapacityCoop.Web.Features.Maps;

public static class WorldMapExtensions
{
    /// <summary>The world map as a singleton, loaded from Data/Geo on first use.</summary>
    public static IServiceCollection AddWorldMap(this IServiceCollection services) =>
        services.AddSingleton(_ => WorldMap.Load());
}
