using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CapacityCoop.Web.Features.Sectors;

public static class SectorsApi
{
    /// <summary>The query parameters the list endpoint accepts.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["focus"];

    public static readonly IReadOnlyList<QueryParameterDoc> Docs =
        [new("focus", "true: only the 12 focus sectors of the 2015 State Council guideline; false: only the others.", Type: "boolean")];

    public static RouteGroupBuilder MapSectorsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sectors").WithTags("Sectors").RequireAuthorization(AuthPolicies.Read);

        group.MapGet("/", ListAsync)
            .WithQueryParameters(SectorsApi.Docs)
            .WithName("ListSectors")
            .WithSummary("Every sector in its own order, with the agreements covering it that count toward totals (top-level, " +
                "not archived), their US-dollar value, and its projects. An agreement in several sectors counts fully toward " +
                "each, so the sector totals may add up to more than the grand total. focus=true|false narrows to the 12 focus " +
                "sectors of the 2015 guideline or the others.");
        group.MapGet("/{code}", GetAsync)
            .WithName("GetSector")
            .WithSummary("One sector with its totals (an agreement in several sectors counts fully toward each), its top 10 " +
                "partner countries, agreements and value by signing year (no gaps; undated agreements left out) and agreements " +
                "by status. Sends an ETag; If-None-Match gives 304.");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<SectorSummaryDto>>, ValidationProblem>> ListAsync(
        HttpContext context, SectorQuery sectors, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(context.Request.Query, Parameters);
        var focus = query.Bool("focus");
        if (!query.IsValid)
        {
            return ApiResults.InvalidQuery(query.Errors);
        }

        return TypedResults.Ok(await sectors.ListAsync(focus, cancellationToken));
    }

    private static async Task<Results<Ok<SectorDetailDto>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        string code, HttpContext context, SectorQuery sectors, CancellationToken cancellationToken)
    {
        var detail = await sectors.DetailAsync(code, cancellationToken);
        if (detail is null)
        {
            return ApiResults.NotFound("sector", code);
        }

        var etag = ApiResults.ETagFor(detail);
        context.Response.Headers[HeaderNames.ETag] = etag;
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        return ApiResults.IfNoneMatchHits(context.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(detail);
    }
}
