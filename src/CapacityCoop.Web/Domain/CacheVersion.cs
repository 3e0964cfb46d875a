namespace CapacityCoop.Web.Domain;

/// <summary>
/// A counter per cache tag that database triggers raise when data under the tag changes, whoever changes it (the app,
/// an import, psql, COPY): "agreements", "agreements:KAZ" (agreements where Kazakhstan was or is a party),
/// "projects", "projects:KAZ" (by host country), "organisations", "sources", "reference". Cached results are keyed by
/// the versions of the tags they read (ADR-010).
/// </summary>
public sealed class CacheVersion
{
    public required string Tag { get; set; }
    public long Version { get; set; }
}
