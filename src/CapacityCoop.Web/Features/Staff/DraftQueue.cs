using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Staff;

/// <summary>One open draft as the review queue and the staff home list it (without its payload).</summary>
public sealed record DraftSummary(
    long Id,
    string EntityType,
    long? EntityId,
    string Title,
    string State,
    string CreatedById,
    string CreatedBy,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    long? ImportBatchId,
    string? ImportFileName,
    string? RejectReason,
    string? ReviewedBy);

public sealed record DraftPage(IReadOnlyList<DraftSummary> Items, int Page, int PageSize, int TotalCount)
{
    public int TotalPages => TotalCount == 0 ? 0 : (TotalCount + PageSize - 1) / PageSize;
}

/// <summary>
/// Reads of open drafts for the staff pages: a committed import can leave thousands of drafts open, so lists are
/// paged and never load the payloads.
/// </summary>
public static class DraftQueue
{
    public const int PageSize = 50;

    public static async Task<DraftPage> PageAsync(PortalDbContext db, string? entityType, int page, CancellationToken cancellationToken)
    {
        var open = Open(db, entityType);
        var total = await open.CountAsync(cancellationToken);
        var items = await Summaries(open.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id))
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(cancellationToken);
        return new DraftPage(items, page, PageSize, total);
    }

    /// <summary>How many drafts are open for each record type (types without any are left out).</summary>
    public static async Task<Dictionary<string, int>> CountsByTypeAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await Open(db, null).GroupBy(d => d.EntityType).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, cancellationToken);

    /// <summary>Open drafts that <paramref name="userId"/> started or last edited, newest first.</summary>
    public static Task<List<DraftSummary>> ByAuthorAsync(PortalDbContext db, string userId, int limit, CancellationToken cancellationToken) =>
        Summaries(Open(db, null).Where(d => d.CreatedById == userId || d.UpdatedById == userId)
                .OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id))
            .Take(limit)
            .ToListAsync(cancellationToken);

    private static IQueryable<Draft> Open(PortalDbContext db, string? entityType) =>
        db.Drafts.AsNoTracking().Where(d => DraftStates.Open.Contains(d.State) && (entityType == null || d.EntityType == entityType));

    private static IQueryable<DraftSummary> Summaries(IQueryable<Draft> drafts) =>
        drafts.Select(d => new DraftSummary(
            d.Id, d.EntityType, d.EntityId, d.Title, d.State, d.CreatedById, d.CreatedBy, d.UpdatedBy, d.UpdatedAt,
            d.ImportBatchId, d.ImportBatch == null ? null : d.ImportBatch.FileName, d.RejectReason, d.ReviewedBy));
}

/// <summary>Where staff pages send people for a record or a draft.</summary>
public static class StaffLinks
{
    /// <summary>The edit form of a published record, or of a new record's draft.</summary>
    public static string Edit(string entityType, long? entityId, long? draftId) =>
        entityId is { } id ? $"/Manage/{Folder(entityType)}/Edit?id={id}" : $"/Manage/{Folder(entityType)}/Edit?draft={draftId}";

    /// <summary>The public page of a record; organisations have none, so theirs is the history page.</summary>
    public static string Public(string entityType, long id) => entityType switch
    {
        "agreement" => $"/agreements/{id}",
        "project" => $"/projects/{id}",
        _ => History(entityType, id),
    };

    public static string History(string entityType, long id) => $"/Manage/History?type={entityType}&id={id}";

    public static string Folder(string entityType) => entityType switch
    {
        "agreement" => "Agreements",
        "project" => "Projects",
        "organisation" => "Organisations",
        _ => throw new ArgumentException($"No record type '{entityType}'.", nameof(entityType)),
    };
}
