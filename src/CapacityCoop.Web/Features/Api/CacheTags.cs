namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// The tags cached results depend on; database triggers raise a tag's version when data under it changes
/// (20261204120000_ReadPath.sql, ADR-010). A result lists every tag whose data it shows, so a write invalidates only
/// what it can change: a new China–Brazil agreement leaves Kazakhstan's lists and every project query warm.
/// </summary>
public static class CacheTags
{
    public const string Agreements = "agreements";
    public const string Projects = "projects";
    public const string Organisations = "organisations";
    public const string Sources = "sources";

    /// <summary>Countries, regions, blocs and sectors: names and codes every result shows.</summary>
    public const string Reference = "reference";

    /// <summary>Agreements where the country was or is a party.</summary>
    public static string AgreementsOf(string iso3) => $"{Agreements}:{iso3}";

    /// <summary>Projects the country hosted or hosts.</summary>
    public static string ProjectsOf(string iso3) => $"{Projects}:{iso3}";
}
