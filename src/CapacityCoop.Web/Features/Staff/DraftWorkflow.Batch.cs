using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Staff;

public abstract record BatchPublishOutcome
{
    public sealed record Published(int Count) : BatchPublishOutcome;

    /// <summary>No such batch, or it has no open draft left.</summary>
    public sealed record NotFound : BatchPublishOutcome;

    public sealed record NotAllowed(string Reason) : BatchPublishOutcome;

    /// <summary>Nothing was published: the errors of each failing draft, keyed by draft id.</summary>
    public sealed record Invalid(IReadOnlyDictionary<long, Dictionary<string, string[]>> Errors) : BatchPublishOutcome;

    public sealed record Conflict(string Reason) : BatchPublishOutcome;
}

/// <summary>A check the caller adds to publication (the import looks for records published since): messages keyed by draft id.</summary>
public delegate Task<IReadOnlyDictionary<long, string[]>> BatchCheck(IReadOnlyList<(Draft Draft, object Input)> drafts, CancellationToken cancellationToken);

public sealed partial class DraftWorkflow
{
    /// <summary>
    /// Publishes every open draft of import batch <paramref name="batchId"/> in one transaction: each becomes a record
    /// with a "create" audit entry naming the draft's author, the batch and <paramref name="publisher"/>, or none does.
    /// With four-eyes on, whoever imported the batch (or edited one of its drafts) may not publish it. Joins the
    /// caller's transaction when there is one.
    /// </summary>
    public async Task<BatchPublishOutcome> PublishBatchAsync(long batchId, Actor publisher, BatchCheck? check, CancellationToken cancellationToken)
    {
        var outcome = await db.InTransactionAsync(
            token => PublishBatchOnceAsync(batchId, publisher, check, token), o => o is BatchPublishOutcome.Published, cancellationToken);
        if (outcome is BatchPublishOutcome.Published published)
        {
            logger.LogInformation("Import batch {BatchId}: {Count} drafts published by {UserId}", batchId, published.Count, publisher.Id);
        }

        return outcome;
    }

    private async Task<BatchPublishOutcome> PublishBatchOnceAsync(long batchId, Actor publisher, BatchCheck? check, CancellationToken cancellationToken)
    {

        // The batch row is locked first, so two people pressing "publish all" at once publish it once.
        var batch = await db.ImportBatches.FromSql($"SELECT * FROM import_batches WHERE id = {batchId} FOR UPDATE")
            .AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return new BatchPublishOutcome.NotFound();
        }

        // Its open drafts are locked too: publishing one of them on its own meanwhile waits, then finds it published.
        var drafts = await db.Drafts.FromSql($"""
                SELECT *, xmin FROM drafts WHERE import_batch_id = {batchId} AND state IN ('draft', 'rejected') ORDER BY id FOR UPDATE
                """)
            .AsNoTracking().ToListAsync(cancellationToken);
        if (drafts.Count == 0)
        {
            return new BatchPublishOutcome.NotFound();
        }

        if (RequiresSecondEditor && (batch.CreatedById == publisher.Id || drafts.Any(d => d.CreatedById == publisher.Id || d.UpdatedById == publisher.Id)))
        {
            return new BatchPublishOutcome.NotAllowed("Publication needs a second Editor: you imported this batch (or edited one of its drafts), so someone else has to publish it.");
        }

        if (drafts.FirstOrDefault(d => d.EntityId is not null || d.EntityType != batch.EntityType) is { } stray)
        {
            return new BatchPublishOutcome.Conflict($"Draft {stray.Id} changes an existing record; publish it on its own.");
        }

        var writer = Writer(batch.EntityType);
        var batchWriter = writer as IBatchRecordWriter ?? throw new InvalidOperationException($"The {batch.EntityType} writer cannot write batches.");
        var unreadable = new Dictionary<long, Dictionary<string, string[]>>();
        var items = new List<(Draft Draft, object Input)>(drafts.Count);
        foreach (var draft in drafts)
        {
            if (writer.Read(draft.Payload.RootElement) is { } input)
            {
                items.Add((draft, input));
            }
            else
            {
                unreadable[draft.Id] = new() { [""] = [$"Draft {draft.Id} does not hold a valid {draft.EntityType}."] };
            }
        }

        if (unreadable.Count > 0)
        {
            return new BatchPublishOutcome.Invalid(unreadable);
        }

        if (check is not null && await check(items, cancellationToken) is { Count: > 0 } refused)
        {
            return new BatchPublishOutcome.Invalid(refused.ToDictionary(r => r.Key, r => new Dictionary<string, string[]> { [""] = r.Value }));
        }

        var outcome = await batchWriter.CreateManyAsync(
            items.Select(i => new BatchCreate(i.Input, new Actor(i.Draft.UpdatedById, i.Draft.UpdatedBy, PublicationNote(i.Draft, publisher)))).ToList(),
            cancellationToken);
        if (outcome is BatchWriteOutcome.Invalid invalid)
        {
            return new BatchPublishOutcome.Invalid(invalid.Errors.ToDictionary(e => items[e.Key].Draft.Id, e => e.Value));
        }

        var ids = ((BatchWriteOutcome.Created)outcome).Ids;
        var now = clock.GetUtcNow();
        var draftIds = items.Select(i => i.Draft.Id).ToArray();
        var entityIds = ids.ToArray();
        var updated = await db.Database.ExecuteSqlAsync($"""
            UPDATE drafts AS d
            SET state = {DraftStates.Published}, published_entity_id = x.entity_id,
                reviewed_by_id = {publisher.Id}, reviewed_by = {publisher.Name}, reviewed_at = {now}
            FROM unnest({draftIds}, {entityIds}) AS x(id, entity_id)
            WHERE d.id = x.id AND d.state IN ('draft', 'rejected')
            """, cancellationToken);
        if (updated != drafts.Count)
        {
            // Not committed: the records written above are rolled back with the transaction.
            return new BatchPublishOutcome.Conflict("Some drafts of this batch changed during publication; nothing was published. Try again.");
        }

        await db.Database.ExecuteSqlAsync($"UPDATE import_batches SET published_at = {now} WHERE id = {batchId}", cancellationToken);
        return new BatchPublishOutcome.Published(drafts.Count);
    }
}
