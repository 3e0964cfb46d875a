using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// POST, PUT, DELETE (archive) and restore of a record type over its <see cref="IRecordWriter"/>, answered the same way for every type: the
/// created or replaced record's detail with its ETag, or the problem that stopped the write.
/// </summary>
public sealed class RecordEndpoints<TDetail>(string resource, string collection, Func<long, CancellationToken, Task<TDetail?>> detailOf)
    where TDetail : class
{
    public async Task<Results<Created<TDetail>, ValidationProblem>> CreateAsync(
        IRecordWriter records, object input, HttpContext context, CancellationToken cancellationToken)
    {
        switch (await records.CreateAsync(input, Actor.Of(context.User), cancellationToken))
        {
            case WriteOutcome.Saved saved:
                var detail = (await detailOf(saved.Id, cancellationToken))!;
                ApiResults.SetETag(context, detail);
                return TypedResults.Created($"/api/v1/{collection}/{saved.Id}", detail);
            case WriteOutcome.Invalid invalid:
                return ApiResults.InvalidBody(invalid.Errors);
            case var other:
                throw new InvalidOperationException($"Unexpected outcome of a create: {other}.");
        }
    }

    public async Task<Results<Ok<TDetail>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        IRecordWriter records, long id, object input, HttpContext context, CancellationToken cancellationToken)
    {
        // Checked before anything is read: without If-Match there is no version to compare, whatever the record's state.
        if (!ApiResults.HasIfMatch(context.Request))
        {
            return ApiResults.PreconditionRequired(resource, collection, id);
        }

        // The If-Match check runs on the state the update loaded (see RecordWriter.UpdateAsync), so nothing saved
        // after it was judged can be overwritten.
        var outcome = await records.UpdateAsync(
            id,
            input,
            async _ => await detailOf(id, cancellationToken) is not { } current || ApiResults.IfMatchAllows(context.Request, ApiResults.ETagFor(current)),
            Actor.Of(context.User),
            cancellationToken);
        switch (outcome)
        {
            case WriteOutcome.Saved:
                var detail = (await detailOf(id, cancellationToken))!;
                ApiResults.SetETag(context, detail);
                return TypedResults.Ok(detail);
            case WriteOutcome.Invalid invalid:
                return ApiResults.InvalidBody(invalid.Errors);
            case WriteOutcome.NotFound:
                return ApiResults.NotFound(resource, id);
            case WriteOutcome.Archived:
                return ApiResults.Conflict(
                    $"{char.ToUpperInvariant(resource[0])}{resource[1..]} {id} is archived; restore it (POST /api/v1/{collection}/{id}/restore) before changing it.");
            default:
                return ApiResults.PreconditionFailed(resource, id);
        }
    }

    public async Task<Results<NoContent, ProblemHttpResult>> ArchiveAsync(IRecordWriter records, long id, HttpContext context, CancellationToken cancellationToken) =>
        await records.SetArchivedAsync(id, archived: true, Actor.Of(context.User), cancellationToken)
            ? TypedResults.NoContent()
            : ApiResults.NotFound(resource, id);

    public async Task<Results<Ok<TDetail>, ProblemHttpResult>> RestoreAsync(IRecordWriter records, long id, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await records.SetArchivedAsync(id, archived: false, Actor.Of(context.User), cancellationToken))
        {
            return ApiResults.NotFound(resource, id);
        }

        var detail = (await detailOf(id, cancellationToken))!;
        ApiResults.SetETag(context, detail);
        return TypedResults.Ok(detail);
    }
}
