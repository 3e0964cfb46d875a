namespace CapacityCoop.Web.Features.Maps;

/// <summary>A point drawn on a map, e.g. a project site; <paramref name="Href"/> makes it a link.</summary>
public sealed record MapMarker(double Latitude, double Longitude, string Label, string? Href = null);

/// <summary>One swatch of a choropleth legend: the fill and the smallest and largest value drawn in it.</summary>
public sealed record MapLegendEntry(string Fill, decimal Min, decimal Max);

/// <summary>The generated asset <c>Data/Geo/world-110m.json</c> (see tools/geo/README.md).</summary>
public sealed record WorldMapAsset(
    string Source,
    int Width,
    int Height,
    WorldMapProjection Projection,
    string Sphere,
    IReadOnlyList<WorldMapShape> Countries);

/// <summary>The d3 projection the asset was drawn with: x = tx + k·x, y = ty − k·y on the raw projection.</summary>
public sealed record WorldMapProjection(string Name, double Scale, double TranslateX, double TranslateY);

/// <summary>One Natural Earth feature; <paramref name="Numeric"/> is the ISO 3166-1 numeric code, null for e.g. Kosovo.</summary>
public sealed record WorldMapShape(string? Numeric, string Name, string D);
