using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Import;
using CapacityCoop.Web.Features.Projects;

namespace CapacityCoop.Web.Features.Staff;

/// <summary>One record to create in a batch, with who it is attributed to in the audit trail.</summary>
public sealed record BatchCreate(object Input, Actor Actor);

public abstract record BatchWriteOutcome
{
    /// <summary>Every record was created; the ids are in the order of the items.</summary>
    public sealed record Created(IReadOnlyList<long> Ids) : BatchWriteOutcome;

    /// <summary>Nothing was written: the errors of each failing item, keyed by its index.</summary>
    public sealed record Invalid(IReadOnlyDictionary<int, Dictionary<string, string[]>> Errors) : BatchWriteOutcome;
}

/// <summary>
/// Many records of one type validated and created at once (the CSV import and its "publish all"): the same rules and
/// the same entity code as <see cref="IRecordWriter.CreateAsync"/>, written with one COPY per table instead of
/// statements per row.
/// </summary>
public interface IBatchRecordWriter
{
    string EntityType { get; }

    /// <summary>The errors of each input (empty when valid), in order, as <see cref="IRecordWriter.ValidateAsync"/> gives them for a new record.</summary>
    Task<IReadOnlyList<Dictionary<string, string[]>>> ValidateManyAsync(IReadOnlyList<object> inputs, CancellationToken cancellationToken);

    /// <summary>
    /// Creates every item with its "create" audit entry, or nothing when one is invalid. Joins the caller's
    /// transaction when there is one, so the caller can commit more with it (or roll everything back).
    /// </summary>
    Task<BatchWriteOutcome> CreateManyAsync(IReadOnlyList<BatchCreate> items, CancellationToken cancellationToken);
}

public abstract partial class RecordWriter<TEntity, TInput, TValidated> : IBatchRecordWriter
{
    public async Task<IReadOnlyList<Dictionary<string, string[]>>> ValidateManyAsync(IReadOnlyList<object> inputs, CancellationToken cancellationToken)
    {
        var results = new List<Dictionary<string, string[]>>(inputs.Count);
        foreach (var input in inputs)
        {
            results.Add((await ValidateInputAsync((TInput)input, null, cancellationToken)).Errors);
        }

        return results;
    }

    public Task<BatchWriteOutcome> CreateManyAsync(IReadOnlyList<BatchCreate> items, CancellationToken cancellationToken) =>
        Db.InTransactionAsync(token => CreateManyOnceAsync(items, token), outcome => outcome is BatchWriteOutcome.Created, cancellationToken);

    private async Task<BatchWriteOutcome> CreateManyOnceAsync(IReadOnlyList<BatchCreate> items, CancellationToken cancellationToken)
    {
        var valid = new List<TValidated>(items.Count);
        var errors = new Dictionary<int, Dictionary<string, string[]>>();
        for (var i = 0; i < items.Count; i++)
        {
            var (value, itemErrors) = await ValidateInputAsync((TInput)items[i].Input, null, cancellationToken);
            if (value is null)
            {
                errors[i] = itemErrors;
            }
            else
            {
                valid.Add(value);
            }
        }

        if (errors.Count > 0)
        {
            return new BatchWriteOutcome.Invalid(errors);
        }


        // Tens of thousands of tracked entities: detecting changes on every Add would make the batch quadratic.
        var detectChanges = Db.ChangeTracker.AutoDetectChangesEnabled;
        Db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var created = new List<(TEntity Entity, string Placeholder)>(valid.Count);
            await SourceInputs.PreloadAsync(Db, items.SelectMany(i => CitedSources(i.Input)), cancellationToken);
            foreach (var value in valid)
            {
                var placeholder = Slugs.Placeholder();
                var entity = NewEntity(value, placeholder);
                await ApplyAsync(entity, value, cancellationToken);
                Db.Add(entity);
                created.Add((entity, placeholder));
            }

            await TableCopy.AssignKeysAsync(Db, cancellationToken);
            for (var i = 0; i < created.Count; i++)
            {
                var (entity, placeholder) = created[i];
                if (entity.Slug == placeholder)
                {
                    entity.Slug = Slugs.From(TitleOf(entity), entity.Id, EntityType);
                }

                AuditLog.Record(Db, EntityType, entity.Id, "create", items[i].Actor, null, Snapshot(entity));
            }

            await TableCopy.AssignKeysAsync(Db, cancellationToken);
            await TableCopy.InsertAddedAsync(Db, cancellationToken);

            return new BatchWriteOutcome.Created(created.Select(c => c.Entity.Id).ToList());
        }
        finally
        {
            SourceInputs.ForgetPreloaded(Db);
            Db.ChangeTracker.Clear();
            Db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }
    }

    /// <summary>The sources an input describes, for the record types that cite them.</summary>
    private static IReadOnlyList<SourceInput> CitedSources(object input) => input switch
    {
        AgreementInput agreement => agreement.Sources ?? [],
        ProjectInput project => project.Sources ?? [],
        _ => [],
    };
}
