using System.Text.Json;

namespace CapacityCoop.Web.Domain;

/// <summary>
/// A change entered by staff that is not public yet: a new record (<see cref="EntityId"/> null) or a new version of a
/// published one. The payload is the API's input contract (AgreementInput, ProjectInput, OrganisationInput) as JSON,
/// so a draft is validated and published by exactly the code that serves the API. Public pages and the API read only
/// the record tables, so a draft can never leak into them (ADR-008).
/// </summary>
public sealed class Draft
{
    public long Id { get; set; }
    public required string EntityType { get; set; }

    /// <summary>The published record this draft changes; null for a record that does not exist yet.</summary>
    public long? EntityId { get; set; }

    /// <summary>The record's concurrency token (xmin) when the draft was started: publishing refuses a record changed since.</summary>
    public long? BaseVersion { get; set; }

    public required JsonDocument Payload { get; set; }

    /// <summary>The record's title or name, for queues and messages.</summary>
    public required string Title { get; set; }

    public string State { get; set; } = DraftStates.Draft;

    public long? ImportBatchId { get; set; }
    public ImportBatch? ImportBatch { get; set; }

    /// <summary>Set when someone confirmed the draft is not a duplicate of the records it resembles.</summary>
    public bool DuplicateConfirmed { get; set; }

    public required string CreatedById { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string UpdatedById { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string? ReviewedById { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? RejectReason { get; set; }

    /// <summary>The record the draft became (or changed) when it was published.</summary>
    public long? PublishedEntityId { get; set; }

    /// <summary>PostgreSQL's xmin: two people saving the same draft at once cannot both win.</summary>
    public uint Version { get; set; }

    public bool IsOpen => State is DraftStates.Draft or DraftStates.Rejected;
}

public static class DraftStates
{
    /// <summary>Being edited, waiting to be published.</summary>
    public const string Draft = "draft";

    /// <summary>Sent back by a reviewer with a reason; the author may change it and save again.</summary>
    public const string Rejected = "rejected";

    public const string Published = "published";
    public const string Discarded = "discarded";

    public static readonly IReadOnlyList<string> All = [Draft, Rejected, Published, Discarded];
    public static readonly IReadOnlyList<string> Open = [Draft, Rejected];
}

/// <summary>One committed CSV upload: its rows became drafts that carry the batch's id.</summary>
public sealed class ImportBatch
{
    public long Id { get; set; }
    public required string EntityType { get; set; }
    public required string FileName { get; set; }
    public int RowCount { get; set; }
    public required string CreatedById { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}
