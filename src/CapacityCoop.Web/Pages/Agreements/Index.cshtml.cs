using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Agreements;

/// <summary>
/// The agreement search: full text, facets that narrow each other, sorting, paging. Every state is in the URL, with
/// the same parameters as GET /api/v1/agreements, so a page can be shared, bookmarked and exported exactly.
/// </summary>
[StrictQuery]
public sealed class IndexModel(AgreementQuery agreements, ReferenceData referenceData) : PageModel
{
    public AgreementFilter Filter { get; private set; } = new();

    public PagedResult<AgreementSummaryDto> Result { get; private set; } = new([], 1, AgreementFilter.DefaultPageSize, 0, 0);

    public AgreementFacets? Facets { get; private set; }

    public ReferenceData.Snapshot Reference { get; private set; } = null!;

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Reference = await referenceData.GetAsync(cancellationToken);
        var query = new QueryParameters(Request.Query, AgreementFilter.Parameters.Where(p => p != "format").ToList());
        Filter = AgreementFilter.Parse(query, Reference);
        if (!query.IsValid)
        {
            Errors = query.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Result = await agreements.PageAsync(Filter, cancellationToken);
        Facets = await agreements.FacetsAsync(Filter, cancellationToken);
    }

    public bool HasFilters => Request.Query.Keys.Any(k => k is not ("page" or "pageSize" or "sort"));

    /// <summary>This page's URL with <paramref name="name"/> set to <paramref name="value"/> (removed when null); paging restarts.</summary>
    public string With(string name, string? value, params (string Name, string? Value)[] more)
    {
        var changes = new[] { (name, value) }.Concat(more).ToList();
        var pairs = Request.Query
            .Where(kv => kv.Key != "page" && changes.All(c => c.Item1 != kv.Key))
            .Select(kv => (kv.Key, Value: (string?)kv.Value.ToString()))
            .Concat(changes.Where(c => c.Item2 is not null))
            .Select(kv => $"{Uri.EscapeDataString(kv.Item1)}={Uri.EscapeDataString(kv.Item2!)}");
        var query = string.Join("&", pairs);
        return query.Length == 0 ? "/agreements" : $"/agreements?{query}";
    }

    /// <summary>Adds or removes one value of a comma-list parameter.</summary>
    public string Toggle(string name, string value, IReadOnlyList<string> selected)
    {
        var next = selected.Contains(value) ? selected.Where(v => v != value).ToList() : selected.Append(value).ToList();
        return With(name, next.Count == 0 ? null : string.Join(",", next));
    }

    public string PageUrl(int page)
    {
        var url = With("page", null);
        return page == 1 ? url : $"{url}{(url.Contains('?') ? "&" : "?")}page={page}";
    }

    public string ExportUrl(string format) =>
        "/api/v1/agreements" + QueryString.Create(Request.Query.Where(kv => kv.Key is not ("page" or "pageSize"))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value.ToString()))
            .Append(new KeyValuePair<string, string?>("format", format)));

    public string CountryName(string iso3) =>
        Reference.Countries.TryGetValue(iso3, out var c) ? Infrastructure.Localization.PortalLocalization.Pick(c.NameEn, c.NameZh) : iso3;

    public string SectorName(string code) =>
        Reference.Sectors.TryGetValue(code, out var s) ? Infrastructure.Localization.PortalLocalization.Pick(s.NameEn, s.NameZh) : code;
}
