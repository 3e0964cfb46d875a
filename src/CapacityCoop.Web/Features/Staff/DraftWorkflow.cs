using System.Text.Json;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CapacityCoop.Web.Features.Staff;

/// <summary>
/// Where an editor starts: the open draft of the record if there is one, else the published record (or nothing, for a
/// new one). <see cref="Token"/> names exactly that state; a save that was not made from it is refused as a conflict.
/// </summary>
public sealed record EditState(string EntityType, long? EntityId, StoredRecord? Record, Draft? Draft, JsonElement Payload, string Token)
{
    /// <summary>The published record was changed (through the API, say) after the open draft was started from it.</summary>
    public bool RecordChangedSinceDraft => Draft is { EntityId: not null } d && Record is { } r && d.BaseVersion != r.Version;
}

public abstract record SaveOutcome
{
    public sealed record Saved(Draft Draft) : SaveOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : SaveOutcome;

    /// <summary>Someone saved since the editor loaded the form: <see cref="Current"/> is what is stored now.</summary>
    public sealed record Conflict(EditState Current) : SaveOutcome;

    /// <summary>Published records that look like this one; saving again with the duplicate confirmation goes ahead.</summary>
    public sealed record LikelyDuplicates(IReadOnlyList<DuplicateCandidate> Candidates) : SaveOutcome;

    public sealed record NotFound : SaveOutcome;

    public sealed record Archived : SaveOutcome;
}

public abstract record ReviewOutcome
{
    public sealed record Published(long EntityId) : ReviewOutcome;

    public sealed record Rejected : ReviewOutcome;

    public sealed record Discarded : ReviewOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : ReviewOutcome;

    /// <summary>The published record moved on since the draft was started (or was archived): the draft must be re-applied.</summary>
    public sealed record Conflict(string Reason) : ReviewOutcome;

    public sealed record NotAllowed(string Reason) : ReviewOutcome;

    public sealed record NotFound : ReviewOutcome;
}

/// <summary>
/// Drafts from staff forms to published records: save (refusing conflicts and flagging likely duplicates), publish
/// (optionally by a second Editor), reject with a reason, discard. See ADR-008.
/// </summary>
public sealed partial class DraftWorkflow(
    PortalDbContext db, IEnumerable<IRecordWriter> writers, IOptionsMonitor<StaffOptions> options, TimeProvider clock, ILogger<DraftWorkflow> logger)
{
    private readonly Dictionary<string, IRecordWriter> writersByType = writers.ToDictionary(w => w.EntityType, StringComparer.Ordinal);

    public bool RequiresSecondEditor => options.CurrentValue.RequireSecondEditor;

    public IRecordWriter Writer(string entityType) =>
        writersByType.TryGetValue(entityType, out var writer) ? writer : throw new ArgumentException($"No record type '{entityType}'.", nameof(entityType));

    /// <summary>
    /// The state an edit form starts from: record <paramref name="entityId"/> (and its open draft), a new record's
    /// draft <paramref name="draftId"/>, or a blank new record when both are null. Null when there is no such record or draft.
    /// </summary>
    public async Task<EditState?> OpenAsync(string entityType, long? entityId, long? draftId, CancellationToken cancellationToken)
    {
        var writer = Writer(entityType);
        StoredRecord? record = null;
        Draft? draft;
        if (entityId is { } id)
        {
            record = await writer.LoadAsync(id, cancellationToken);
            if (record is null)
            {
                return null;
            }

            draft = await db.Drafts.AsNoTracking().SingleOrDefaultAsync(
                d => d.EntityType == entityType && d.EntityId == id && DraftStates.Open.Contains(d.State), cancellationToken);
        }
        else if (draftId is { } did)
        {
            draft = await db.Drafts.AsNoTracking().SingleOrDefaultAsync(
                d => d.Id == did && d.EntityType == entityType && d.EntityId == null && DraftStates.Open.Contains(d.State), cancellationToken);
            if (draft is null)
            {
                return null;
            }
        }
        else
        {
            draft = null;
        }

        var payload = draft?.Payload.RootElement.Clone() ?? record?.Input ?? JsonSerializer.SerializeToElement(new { });
        return new EditState(entityType, entityId, record, draft, payload, Token(record, draft));
    }

    /// <summary>Names a state: the record's version and the draft's id and version (0 where there is none).</summary>
    public static string Token(StoredRecord? record, Draft? draft) =>
        $"r{record?.Version ?? 0}-d{draft?.Id ?? 0}.{draft?.Version ?? 0}";

    /// <summary>
    /// Saves <paramref name="input"/> as the draft of the record (or of a new record) when <paramref name="token"/>
    /// still names what is stored; otherwise nothing is written and the caller gets the stored state to compare.
    /// </summary>
    public async Task<SaveOutcome> SaveAsync(
        string entityType, long? entityId, long? draftId, object input, string token, bool confirmedNotDuplicate, Actor actor, CancellationToken cancellationToken)
    {
        var writer = Writer(entityType);
        var state = await OpenAsync(entityType, entityId, draftId, cancellationToken);
        if (state is null)
        {
            return new SaveOutcome.NotFound();
        }

        if (state.Record is { Archived: true })
        {
            return new SaveOutcome.Archived();
        }

        if (!string.Equals(state.Token, token, StringComparison.Ordinal))
        {
            return new SaveOutcome.Conflict(state);
        }

        var errors = await writer.ValidateAsync(input, entityId, cancellationToken);
        if (errors.Count > 0)
        {
            return new SaveOutcome.Invalid(errors);
        }

        if (!confirmedNotDuplicate && await writer.FindDuplicatesAsync(input, entityId, cancellationToken) is { Count: > 0 } candidates)
        {
            return new SaveOutcome.LikelyDuplicates(candidates);
        }

        var now = clock.GetUtcNow();
        var draft = state.Draft is { } existing ? await db.Drafts.SingleAsync(d => d.Id == existing.Id, cancellationToken) : null;
        if (draft is null)
        {
            draft = new Draft
            {
                EntityType = entityType,
                EntityId = entityId,
                Payload = JsonDocument.Parse("{}"),
                Title = "",
                CreatedById = actor.Id,
                CreatedBy = actor.Name,
                CreatedAt = now,
                UpdatedById = actor.Id,
                UpdatedBy = actor.Name,
            };
            db.Drafts.Add(draft);
        }
        else if (draft.Version != state.Draft!.Version)
        {
            return new SaveOutcome.Conflict((await OpenAsync(entityType, entityId, draftId, cancellationToken))!);
        }

        draft.Payload = JsonSerializer.SerializeToDocument(writer.Write(input));
        draft.Title = Truncate(writer.TitleOf(input), 500);
        draft.BaseVersion = state.Record?.Version;
        draft.State = DraftStates.Draft;
        draft.DuplicateConfirmed = confirmedNotDuplicate;
        draft.UpdatedById = actor.Id;
        draft.UpdatedBy = actor.Name;
        draft.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone saved the same draft, or started one for the same record, between our check and our write.
            db.ChangeTracker.Clear();
            return new SaveOutcome.Conflict((await OpenAsync(entityType, entityId, draftId, cancellationToken))!);
        }

        logger.LogInformation("Draft {DraftId} of {EntityType} {EntityId} saved by {UserId}", draft.Id, entityType, entityId, actor.Id);
        return new SaveOutcome.Saved(draft);
    }

    /// <summary>Makes a draft public: creates the record or replaces it, with an audit entry naming the draft and its publisher.</summary>
    public async Task<ReviewOutcome> PublishAsync(long draftId, Actor publisher, CancellationToken cancellationToken)
    {
        // One retried unit from reading the draft to marking it published (RetriedTransactions).
        var outcome = await db.InTransactionAsync(
            token => PublishOnceAsync(draftId, publisher, token), o => o is ReviewOutcome.Published, cancellationToken);
        if (outcome is ReviewOutcome.Published published)
        {
            logger.LogInformation("Draft {DraftId} published as record {EntityId} by {UserId}", draftId, published.EntityId, publisher.Id);
        }

        return outcome;
    }

    private async Task<ReviewOutcome> PublishOnceAsync(long draftId, Actor publisher, CancellationToken cancellationToken)
    {
        var draft = await FindOpenAsync(draftId, cancellationToken);
        if (draft is null)
        {
            return new ReviewOutcome.NotFound();
        }

        if (FourEyesRefusal(draft, publisher, "publish") is { } refusal)
        {
            return refusal;
        }

        var writer = Writer(draft.EntityType);
        var input = writer.Read(draft.Payload.RootElement)
            ?? throw new InvalidOperationException($"Draft {draft.Id} does not hold a valid {draft.EntityType}.");
        var author = new Actor(draft.UpdatedById, draft.UpdatedBy, PublicationNote(draft, publisher));

        var outcome = draft.EntityId is { } id
            ? await writer.UpdateAsync(id, input, version => Task.FromResult(version == draft.BaseVersion), author, cancellationToken)
            : await writer.CreateAsync(input, author, cancellationToken);
        switch (outcome)
        {
            case WriteOutcome.Saved saved:
                draft.State = DraftStates.Published;
                draft.PublishedEntityId = saved.Id;
                (draft.ReviewedById, draft.ReviewedBy, draft.ReviewedAt) = (publisher.Id, publisher.Name, clock.GetUtcNow());

                // Someone published, rejected or discarded it meanwhile: the record written above rolls back with the transaction.
                return await TrySaveReviewAsync(cancellationToken) ? new ReviewOutcome.Published(saved.Id) : new ReviewOutcome.NotFound();
            case WriteOutcome.Invalid invalid:
                return new ReviewOutcome.Invalid(invalid.Errors);
            case WriteOutcome.Archived:
                return new ReviewOutcome.Conflict("The published record has been archived since this draft was started; restore it first.");
            case WriteOutcome.NotFound:
                return new ReviewOutcome.Conflict("The published record no longer exists.");
            default:
                return new ReviewOutcome.Conflict(
                    "The published record was changed after this draft was started. Open the draft, compare it with the stored record and save it again to re-apply it.");
        }
    }

    /// <summary>Sends a draft back to its author with a reason; it stays a draft they can change and save again.</summary>
    public async Task<ReviewOutcome> RejectAsync(long draftId, string? reason, Actor reviewer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new ReviewOutcome.Invalid(new() { ["reason"] = ["Say why the draft is rejected, so its author can put it right."] });
        }

        if (reason.Trim().Length > 2000)
        {
            return new ReviewOutcome.Invalid(new() { ["reason"] = ["The reason may be at most 2000 characters."] });
        }

        var draft = await FindOpenAsync(draftId, cancellationToken);
        if (draft is null || draft.State != DraftStates.Draft)
        {
            return new ReviewOutcome.NotFound();
        }

        if (draft.CreatedById == reviewer.Id || draft.UpdatedById == reviewer.Id)
        {
            return new ReviewOutcome.NotAllowed("A draft is rejected by someone other than its author; discard your own draft instead.");
        }

        draft.State = DraftStates.Rejected;
        draft.RejectReason = reason.Trim();
        (draft.ReviewedById, draft.ReviewedBy, draft.ReviewedAt) = (reviewer.Id, reviewer.Name, clock.GetUtcNow());
        if (!await TrySaveReviewAsync(cancellationToken))
        {
            return new ReviewOutcome.NotFound();
        }

        logger.LogInformation("Draft {DraftId} rejected by {UserId}", draft.Id, reviewer.Id);
        return new ReviewOutcome.Rejected();
    }

    /// <summary>Drops a draft; the published record (if any) stays as it is.</summary>
    public async Task<ReviewOutcome> DiscardAsync(long draftId, Actor actor, CancellationToken cancellationToken)
    {
        var draft = await FindOpenAsync(draftId, cancellationToken);
        if (draft is null)
        {
            return new ReviewOutcome.NotFound();
        }

        draft.State = DraftStates.Discarded;
        (draft.ReviewedById, draft.ReviewedBy, draft.ReviewedAt) = (actor.Id, actor.Name, clock.GetUtcNow());
        if (!await TrySaveReviewAsync(cancellationToken))
        {
            return new ReviewOutcome.NotFound();
        }

        logger.LogInformation("Draft {DraftId} discarded by {UserId}", draft.Id, actor.Id);
        return new ReviewOutcome.Discarded();
    }

    public Task<Draft?> FindAsync(long draftId, CancellationToken cancellationToken) =>
        db.Drafts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == draftId, cancellationToken);

    /// <summary>Whether <paramref name="actor"/> may publish <paramref name="draft"/> (four-eyes, when configured).</summary>
    public bool MayPublish(Draft draft, Actor actor) => FourEyesRefusal(draft, actor, "publish") is null;

    private ReviewOutcome.NotAllowed? FourEyesRefusal(Draft draft, Actor actor, string action) =>
        options.CurrentValue.RequireSecondEditor && (draft.CreatedById == actor.Id || draft.UpdatedById == actor.Id)
            ? new ReviewOutcome.NotAllowed($"Publication needs a second Editor: you wrote this draft, so someone else has to {action} it.")
            : null;

    private Task<Draft?> FindOpenAsync(long draftId, CancellationToken cancellationToken) =>
        db.Drafts.SingleOrDefaultAsync(d => d.Id == draftId && DraftStates.Open.Contains(d.State), cancellationToken);

    /// <summary>
    /// Saves a review decision; false when the draft changed since it was read (the xmin token moved): another
    /// reviewer or its author got there first, and this decision is dropped rather than overwriting theirs.
    /// </summary>
    private async Task<bool> TrySaveReviewAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static string PublicationNote(Draft draft, Actor publisher)
    {
        var note = $"draft {draft.Id}";
        if (draft.ImportBatchId is { } batch)
        {
            note += $" from import {batch}";
        }

        if (draft.CreatedById != draft.UpdatedById)
        {
            note += $", started by {draft.CreatedBy}";
        }

        return draft.UpdatedById == publisher.Id ? note + ", published by its author" : note + $", published by {publisher.Name}";
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
