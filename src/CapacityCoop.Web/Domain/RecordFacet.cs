namespace CapacityCoop.Web.Domain;

/// <summary>
/// How many live records of a type have both <see cref="FilterValue"/> in <see cref="FilterDimension"/> and
/// <see cref="Value"/> in <see cref="Dimension"/> (FilterDimension "" = no filter), with the count and USD value of
/// those that count toward totals (ADR-002). Kept current on write by the database (migration 20261204120000_ReadPath,
/// ADR-010); the app only reads it.
/// </summary>
public sealed class RecordFacet
{
    public const string Agreement = "agreement";
    public const string Project = "project";

    public required string RecordType { get; set; }
    public required string FilterDimension { get; set; }
    public required string FilterValue { get; set; }
    public required string Dimension { get; set; }
    public required string Value { get; set; }
    public int Records { get; set; }
    public int CountedRecords { get; set; }
    public decimal CountedValueUsd { get; set; }
}

/// <summary>What one record last contributed to <see cref="RecordFacet"/> ("dimension:value" keys), so a change can subtract it.</summary>
public sealed class RecordFacetKeys
{
    public required string RecordType { get; set; }
    public long RecordId { get; set; }
    public required string[] Keys { get; set; }
    public bool Counted { get; set; }
    public decimal? ValueUsd { get; set; }
}

/// <summary>
/// A change made by the current transaction: a record (agreement, project) whose facets are applied at commit, or a
/// family without facets (organisations, sources, reference) whose cache tag is raised at commit.
/// </summary>
public sealed class PendingChange
{
    public long Id { get; set; }
    public required string RecordType { get; set; }
    public long RecordId { get; set; }
}

/// <summary>One row per transaction with pending changes; its deferred trigger applies them at commit.</summary>
public sealed class PendingChangeCommit
{
    public long TransactionId { get; set; }
}
