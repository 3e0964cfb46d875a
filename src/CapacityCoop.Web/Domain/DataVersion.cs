namespace CapacityCoop.Web.Domain;

/// <summary>
/// A counter that database triggers raise on every statement that changes a record table, whoever runs it (the app,
/// an import, psql, COPY). Cached query results are keyed by it, so no cache ever outlives a change.
/// </summary>
public sealed class DataVersion
{
    public const string Records = "records";

    public required string Name { get; set; }
    public long Version { get; set; }
}
