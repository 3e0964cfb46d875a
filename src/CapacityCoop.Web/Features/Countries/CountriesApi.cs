using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CapacityCoop.Web.Features.Countries;

public static class CountriesApi
{
    public static RouteGroupBuilder MapCountriesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/countries").WithTags("Countries").RequireAuthorization(AuthPolicies.Read);

        group.MapGet("/", ListAsync)
            .WithQueryParameters(CountryFilter.Docs)
            .WithName("ListCountries")
            .WithSummary("Every country with its totals: the agreements it is a party to that count toward totals (top-level, not " +
                "archived), their US-dollar value, and the projects it hosts. Filter by region, bloc, q and hasAgreements; " +
                "sort; page (the default page holds every country).");
        group.MapGet("/{iso3}", GetAsync)
            .WithName("GetCountry")
            .WithSummary("One country (ISO3 code, any case) with its totals, agreements by kind and status, top sectors, " +
                "first and last signing dates and top partner countries. Sends an ETag; If-None-Match gives 304.");
        group.MapGet("/{iso3}/stats/value-by-year", ValueByYearAsync)
            .WithName("GetCountryValueByYear")
            .WithSummary("The country's counted agreements and their US-dollar value per signing year, one entry for every year " +
                "from the first to the last (zeros included). Agreements without a signing date are left out.");
        return group;
    }

    private static async Task<Results<Ok<PagedResult<CountrySummaryDto>>, ValidationProblem>> ListAsync(
        HttpContext context, CountryQuery countries, ReferenceData referenceData, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(context.Request.Query, CountryFilter.Parameters);
        var filter = CountryFilter.Parse(query, await referenceData.GetAsync(cancellationToken));
        if (!query.IsValid)
        {
            return ApiResults.InvalidQuery(query.Errors);
        }

        var page = await countries.PageAsync(filter, cancellationToken);
        ApiResults.AddPagingLinks(context, page.Page, page.PageSize, page.TotalPages);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<CountryDetailDto>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        string iso3, HttpContext context, CountryQuery countries, CancellationToken cancellationToken)
    {
        var detail = await countries.DetailAsync(iso3, cancellationToken);
        if (detail is null)
        {
            return ApiResults.NotFound("country", iso3);
        }

        var etag = ApiResults.ETagFor(detail);
        context.Response.Headers[HeaderNames.ETag] = etag;
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        return ApiResults.IfNoneMatchHits(context.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(detail);
    }

    private static async Task<Results<Ok<IReadOnlyList<YearValueDto>>, ProblemHttpResult>> ValueByYearAsync(
        string iso3, CountryQuery countries, CancellationToken cancellationToken)
    {
        var years = await countries.ValueByYearAsync(iso3, cancellationToken);
        return years is null ? ApiResults.NotFound("country", iso3) : TypedResults.Ok(years);
    }
}
