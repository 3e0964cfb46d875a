using System.Text.Json;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Web.Features.Staff;

/// <summary>What became of a create or an update.</summary>
public abstract record WriteOutcome
{
    public sealed record Saved(long Id) : WriteOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : WriteOutcome;

    public sealed record NotFound : WriteOutcome;

    /// <summary>The record is archived: restore it before changing it.</summary>
    public sealed record Archived : WriteOutcome;

    /// <summary>The record is not the version the writer expected (someone saved in between): nothing was stored.</summary>
    public sealed record Stale : WriteOutcome;
}

/// <summary>A published record as an editor starts from it: its concurrency token and its values as the input contract.</summary>
public sealed record StoredRecord(long Id, uint Version, string Title, bool Archived, JsonElement Input);

/// <summary>
/// The record types staff edit, seen without their types: what the draft workflow, the review queue and the import
/// need. <see cref="RecordWriter{TEntity,TInput,TValidated}"/> implements it once for all of them.
/// </summary>
public interface IRecordWriter
{
    string EntityType { get; }

    /// <summary>Reads an input payload (the API's JSON contract); null when it is not a JSON object of that shape.</summary>
    object? Read(JsonElement payload);

    JsonElement Write(object input);

    string TitleOf(object input);

    Task<Dictionary<string, string[]>> ValidateAsync(object input, long? id, CancellationToken cancellationToken);

    Task<WriteOutcome> CreateAsync(object input, Actor actor, CancellationToken cancellationToken);

    /// <summary>Replaces record <paramref name="id"/> when <paramref name="precondition"/> accepts the version loaded.</summary>
    Task<WriteOutcome> UpdateAsync(long id, object input, Func<uint, Task<bool>> precondition, Actor actor, CancellationToken cancellationToken);

    Task<StoredRecord?> LoadAsync(long id, CancellationToken cancellationToken);

    /// <summary>Archives (or restores) record <paramref name="id"/> with its audit entry; false when there is no such record.</summary>
    Task<bool> SetArchivedAsync(long id, bool archived, Actor actor, CancellationToken cancellationToken);

    /// <summary>Published records that look like the same thing: same parties or host, a similar title, a close date.</summary>
    Task<IReadOnlyList<DuplicateCandidate>> FindDuplicatesAsync(object input, long? id, CancellationToken cancellationToken);
}

/// <summary>A record that may be the one being entered again.</summary>
public sealed record DuplicateCandidate(string EntityType, long Id, string Title, string? Date, string Reason);

/// <summary>
/// Create and replace for one record type, each committed with its audit entry: the API, the staff forms (through
/// drafts) and the CSV import all write through here, so a rule holds wherever the data comes from.
/// </summary>
public abstract partial class RecordWriter<TEntity, TInput, TValidated>(PortalDbContext db, TimeProvider clock) : IRecordWriter
    where TEntity : class, ISlugged, IArchivable
    where TInput : class
    where TValidated : class
{
    protected PortalDbContext Db { get; } = db;

    public abstract string EntityType { get; }

    protected abstract Task<(TValidated? Value, Dictionary<string, string[]> Errors)> ValidateInputAsync(TInput input, long? id, CancellationToken cancellationToken);

    protected abstract TEntity NewEntity(TValidated valid, string placeholderSlug);

    protected abstract Task ApplyAsync(TEntity entity, TValidated valid, CancellationToken cancellationToken);

    protected abstract object Snapshot(TEntity entity);

    protected abstract string TitleOf(TEntity entity);

    public abstract string TitleOf(TInput input);

    protected abstract TInput ToInput(TEntity entity);

    protected abstract uint VersionOf(TEntity entity);

    /// <summary>The entity with everything <see cref="ApplyAsync"/> replaces, tracked.</summary>
    protected abstract Task<TEntity?> LoadForEditAsync(long id, CancellationToken cancellationToken);

    public virtual Task<IReadOnlyList<DuplicateCandidate>> FindDuplicatesAsync(TInput input, long? id, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DuplicateCandidate>>([]);

    // Each write is one retried unit (RetriedTransactions): validation, loading and saving run again from the start
    // after a transient failure, and only a saved outcome is committed.
    public Task<WriteOutcome> CreateAsync(TInput input, Actor actor, CancellationToken cancellationToken) =>
        Db.InTransactionAsync(token => CreateOnceAsync(input, actor, token), outcome => outcome is WriteOutcome.Saved, cancellationToken);

    public Task<WriteOutcome> UpdateAsync(long id, TInput input, Func<uint, Task<bool>> precondition, Actor actor, CancellationToken cancellationToken) =>
        Db.InTransactionAsync(token => UpdateOnceAsync(id, input, precondition, actor, token), outcome => outcome is WriteOutcome.Saved, cancellationToken);

    public Task<bool> SetArchivedAsync(long id, bool archived, Actor actor, CancellationToken cancellationToken) =>
        Db.InTransactionAsync(token => SetArchivedOnceAsync(id, archived, actor, token), cancellationToken);

    private async Task<WriteOutcome> CreateOnceAsync(TInput input, Actor actor, CancellationToken cancellationToken)
    {
        var (valid, errors) = await ValidateInputAsync(input, null, cancellationToken);
        if (valid is null)
        {
            return new WriteOutcome.Invalid(errors);
        }

        var placeholder = Slugs.Placeholder();
        var entity = NewEntity(valid, placeholder);
        await ApplyAsync(entity, valid, cancellationToken);
        try
        {
            await AuditedWrites.SaveNewAsync(Db, entity, placeholder, TitleOf(entity), EntityType, Snapshot, actor, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException rejected && RejectedByDatabase(rejected) is { } rejection)
        {
            return new WriteOutcome.Invalid(rejection);
        }

        return new WriteOutcome.Saved(entity.Id);
    }

    private async Task<WriteOutcome> UpdateOnceAsync(long id, TInput input, Func<uint, Task<bool>> precondition, Actor actor, CancellationToken cancellationToken)
    {
        // Load first: the concurrency token (xmin) read here is what the save checks, so nothing saved after this
        // read can be overwritten, and the precondition judges the same state.
        var entity = await LoadForEditAsync(id, cancellationToken);
        if (entity is null)
        {
            return new WriteOutcome.NotFound();
        }

        if (!await precondition(VersionOf(entity)))
        {
            return new WriteOutcome.Stale();
        }

        if (entity.ArchivedAt is not null)
        {
            return new WriteOutcome.Archived();
        }

        var (valid, errors) = await ValidateInputAsync(input, id, cancellationToken);
        if (valid is null)
        {
            return new WriteOutcome.Invalid(errors);
        }

        var before = Snapshot(entity);
        await ApplyAsync(entity, valid, cancellationToken);
        try
        {
            return await AuditedWrites.SaveUpdateAsync(Db, entity, id, before, EntityType, Snapshot, actor, cancellationToken)
                ? new WriteOutcome.Saved(id)
                : new WriteOutcome.Stale();
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException rejected && RejectedByDatabase(rejected) is { } rejection)
        {
            return new WriteOutcome.Invalid(rejection);
        }
    }

    /// <summary>
    /// Field errors for a rule the database enforced after validation passed: a concurrent write made the input
    /// invalid between the check and the save. Null for any other error, which stays an exception.
    /// </summary>
    protected virtual Dictionary<string, string[]>? RejectedByDatabase(PostgresException exception) => null;

    private async Task<bool> SetArchivedOnceAsync(long id, bool archived, Actor actor, CancellationToken cancellationToken)
    {
        var entity = await LoadForEditAsync(id, cancellationToken);
        if (entity is null)
        {
            return false;
        }

        await AuditedWrites.SetArchivedAsync(Db, entity, id, archived, EntityType, Snapshot, actor, clock, cancellationToken);
        return true;
    }

    public async Task<StoredRecord?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var entity = await LoadForEditAsync(id, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        Db.ChangeTracker.Clear();
        return new StoredRecord(id, VersionOf(entity), TitleOf(entity), entity.ArchivedAt is not null, Write(ToInput(entity)));
    }

    public object? Read(JsonElement payload)
    {
        try
        {
            return payload.ValueKind == JsonValueKind.Object ? payload.Deserialize<TInput>(ApiResults.Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public JsonElement Write(object input) => JsonSerializer.SerializeToElement((TInput)input, ApiResults.Json);

    string IRecordWriter.TitleOf(object input) => TitleOf((TInput)input);

    async Task<Dictionary<string, string[]>> IRecordWriter.ValidateAsync(object input, long? id, CancellationToken cancellationToken) =>
        (await ValidateInputAsync((TInput)input, id, cancellationToken)).Errors;

    Task<WriteOutcome> IRecordWriter.CreateAsync(object input, Actor actor, CancellationToken cancellationToken) =>
        CreateAsync((TInput)input, actor, cancellationToken);

    Task<WriteOutcome> IRecordWriter.UpdateAsync(long id, object input, Func<uint, Task<bool>> precondition, Actor actor, CancellationToken cancellationToken) =>
        UpdateAsync(id, (TInput)input, precondition, actor, cancellationToken);

    Task<IReadOnlyList<DuplicateCandidate>> IRecordWriter.FindDuplicatesAsync(object input, long? id, CancellationToken cancellationToken) =>
        FindDuplicatesAsync((TInput)input, id, cancellationToken);
}
