using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Import;

/// <summary>An import batch with how many of its drafts are open, published or discarded.</summary>
public sealed record ImportBatchSummary(
    long Id,
    string EntityType,
    string FileName,
    int RowCount,
    string CreatedById,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    int OpenDrafts,
    int PublishedDrafts,
    int DiscardedDrafts)
{
    /// <summary>Where the batch stands: "open" while a draft waits, else "published" or "discarded".</summary>
    public string State => OpenDrafts > 0 ? (PublishedDrafts > 0 ? "partly published" : "open") : PublishedDrafts > 0 ? "published" : "discarded";
}

public sealed record ImportBatchDraft(long Id, string Title, string State, long? PublishedEntityId, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>The import batches and their drafts, for the staff pages.</summary>
public sealed class ImportBatchQuery(PortalDbContext db)
{
    public async Task<IReadOnlyList<ImportBatchSummary>> RecentAsync(int count, CancellationToken cancellationToken) =>
        await Summaries(db.ImportBatches.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).Take(count)).ToListAsync(cancellationToken);

    public Task<ImportBatchSummary?> FindAsync(long id, CancellationToken cancellationToken) =>
        Summaries(db.ImportBatches.Where(b => b.Id == id)).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ImportBatchDraft>> DraftsAsync(long batchId, int page, int pageSize, CancellationToken cancellationToken) =>
        await db.Drafts.AsNoTracking()
            .Where(d => d.ImportBatchId == batchId)
            .OrderBy(d => d.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(d => new ImportBatchDraft(d.Id, d.Title, d.State, d.PublishedEntityId, d.UpdatedBy, d.UpdatedAt))
            .ToListAsync(cancellationToken);

    private IQueryable<ImportBatchSummary> Summaries(IQueryable<ImportBatch> batches) =>
        batches.AsNoTracking().Select(b => new ImportBatchSummary(
            b.Id,
            b.EntityType,
            b.FileName,
            b.RowCount,
            b.CreatedById,
            b.CreatedBy,
            b.CreatedAt,
            b.PublishedAt,
            db.Drafts.Count(d => d.ImportBatchId == b.Id && (d.State == DraftStates.Draft || d.State == DraftStates.Rejected)),
            db.Drafts.Count(d => d.ImportBatchId == b.Id && d.State == DraftStates.Published),
            db.Drafts.Count(d => d.ImportBatchId == b.Id && d.State == DraftStates.Discarded)));
}
