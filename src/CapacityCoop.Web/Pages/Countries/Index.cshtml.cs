using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Countries;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Countries;

/// <summary>
/// Countries with their totals, through <see cref="CountryQuery"/> (the API's query). By default only countries with
/// at least one agreement, largest value first; <c>?all=true</c> lists all 249. Region, name search and sort are in
/// the URL with the API's parameter names (<c>?region=africa&amp;sort=-valueUsd</c>).
/// </summary>
[StrictQuery]
public sealed class IndexModel(CountryQuery countries, ReferenceData referenceData) : PageModel
{
    public const string DefaultSort = "-valueUsd";

    private static readonly IReadOnlyList<string> Parameters = ["region", "bloc", "q", "sort", "all", .. ListLinks.CultureParameters];

    public CountryFilter Filter { get; private set; } = new();

    public bool ShowAll { get; private set; }

    public PagedResult<CountrySummaryDto> Result { get; private set; } = new([], 1, CountryFilter.DefaultPageSize, 0, 0);

    /// <summary>How many countries there are in all (249), for the "show all" link.</summary>
    public int CountryCount { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var reference = await referenceData.GetAsync(cancellationToken);
        CountryCount = reference.Countries.Count;
        var query = new QueryParameters(Request.Query, Parameters);
        var parsed = CountryFilter.Parse(query, reference);
        ShowAll = query.Bool("all") ?? false;
        if (!query.IsValid)
        {
            Errors = query.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Filter = parsed with
        {
            HasAgreements = ShowAll ? null : true,
            Sort = Request.Query.ContainsKey("sort") ? parsed.Sort : DefaultSort,
            SortByChineseName = PortalLocalization.IsChinese,
        };
        Result = await countries.PageAsync(Filter, cancellationToken);
    }

    public string With(params (string Name, string? Value)[] changes) => ListLinks.With("/countries", Request.Query, changes);

    /// <summary>A region filter link: the region's slug, or none for every region.</summary>
    public string RegionUrl(string? region) => With(("region", region is null ? null : RegionNames.Slug(region)));

    public bool IsCurrentRegion(string? region) =>
        region is null ? Filter.Regions.Count == 0 : Filter.Regions.Count == 1 && Filter.Regions[0] == region;

    public string SortUrl(string key, bool descendingFirst) =>
        With(("sort", ListLinks.NextSort(Filter.Sort, key, descendingFirst) is var next && next == DefaultSort ? null : next));

    public string? AriaSort(string key) => ListLinks.AriaSort(Filter.Sort, key);
}
