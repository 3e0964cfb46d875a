using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Maps;
using CapacityCoop.Web.Features.Projects;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Projects;

/// <summary>
/// The project search: full text, facets that narrow each other, sorting, paging and a map of the page's projects.
/// Every state is in the URL, with the same parameters as GET /api/v1/projects, so a page can be shared, bookmarked
/// and exported exactly.
/// </summary>
[StrictQuery]
public sealed class IndexModel(ProjectQuery projects, ReferenceData referenceData, WorldMap worldMap, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>The request-localization switches (?culture=zh-CN): accepted by the page, never passed on to the API.</summary>
    private static readonly string[] CultureParameters = ["culture", "ui-culture"];

    public ProjectFilter Filter { get; private set; } = new();

    public PagedResult<ProjectSummaryDto> Result { get; private set; } = new([], 1, ProjectFilter.DefaultPageSize, 0, 0);

    public ProjectFacets? Facets { get; private set; }

    public ReferenceData.Snapshot Reference { get; private set; } = null!;

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The overview map of this page's projects that have a location; null when none has one.</summary>
    public string? MapSvg { get; private set; }

    public int MappedCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Reference = await referenceData.GetAsync(cancellationToken);
        var query = new QueryParameters(Request.Query, ProjectFilter.Parameters.Where(p => p != "format").Concat(CultureParameters).ToList());
        Filter = ProjectFilter.Parse(query, Reference);
        await projects.CheckAgreementIdsAsync(Filter, query, cancellationToken);
        if (!query.IsValid)
        {
            Errors = query.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Result = await projects.PageAsync(Filter, cancellationToken);
        Facets = await projects.FacetsAsync(Filter, cancellationToken);

        var markers = Result.Items
            .Where(p => p.Latitude is not null && p.Longitude is not null)
            .Select(p => new MapMarker(p.Latitude!.Value, p.Longitude!.Value, $"{Name(p)} ({CountryName(p.HostCountry.Iso3)})", $"/projects/{p.Id}"))
            .ToList();
        MappedCount = markers.Count;
        if (markers.Count > 0)
        {
            MapSvg = worldMap.RenderMarkers(
                markers,
                text["Projects on this page"],
                text["{0} of the {1} projects on this page have a location and are marked: {2}.",
                    markers.Count, Result.Items.Count, string.Join(PortalLocalization.IsChinese ? "；" : "; ", markers.Select(m => m.Label))]);
        }
    }

    /// <summary>Whether anything narrows the list (paging, sorting and the language do not).</summary>
    public bool HasFilters => Request.Query.Keys.Any(k => k is not ("page" or "pageSize" or "sort") && !CultureParameters.Contains(k));

    /// <summary>This page's URL with <paramref name="name"/> set to <paramref name="value"/> (removed when null); paging restarts.</summary>
    public string With(string name, string? value, params (string Name, string? Value)[] more)
    {
        var changes = new[] { (name, value) }.Concat(more).ToList();
        var pairs = Request.Query
            .Where(kv => kv.Key != "page" && changes.All(c => c.Item1 != kv.Key))
            .Select(kv => (kv.Key, Value: (string?)kv.Value.ToString()))
            .Concat(changes.Where(c => c.Item2 is not null))
            .Select(kv => $"{Uri.EscapeDataString(kv.Item1)}={Escape(kv.Item2!)}");
        var query = string.Join("&", pairs);
        return query.Length == 0 ? "/projects" : $"/projects?{query}";
    }

    /// <summary>Commas are legal in a query string; left as they are, shared URLs read "sector=railways,steel".</summary>
    private static string Escape(string value) => Uri.EscapeDataString(value).Replace("%2C", ",", StringComparison.Ordinal);

    /// <summary>Adds or removes one value of a comma-list parameter.</summary>
    public string Toggle(string name, string value, IReadOnlyList<string> selected)
    {
        var next = selected.Contains(value) ? selected.Where(v => v != value).ToList() : selected.Append(value).ToList();
        return With(name, next.Count == 0 ? null : string.Join(",", next));
    }

    /// <summary>Chooses one construction-start year, or un-chooses it.</summary>
    public string ToggleStartYear(FacetValue year) =>
        year.Selected ? With("startedFrom", null, ("startedTo", null)) : With("startedFrom", year.Value, ("startedTo", year.Value));

    public string PageUrl(int page)
    {
        var url = With("page", null);
        return page == 1 ? url : $"{url}{(url.Contains('?') ? "&" : "?")}page={page}";
    }

    public string ExportUrl(string format) =>
        "/api/v1/projects" + QueryString.Create(Request.Query.Where(kv => kv.Key is not ("page" or "pageSize") && !CultureParameters.Contains(kv.Key))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value.ToString()))
            .Append(new KeyValuePair<string, string?>("format", format)));

    public string Name(ProjectSummaryDto project) => PortalLocalization.Pick(project.Name, project.NameZh);

    public string CountryName(string iso3) =>
        Reference.Countries.TryGetValue(iso3, out var c) ? PortalLocalization.Pick(c.NameEn, c.NameZh) : iso3;

    public string SectorName(string code) =>
        Reference.Sectors.TryGetValue(code, out var s) ? PortalLocalization.Pick(s.NameEn, s.NameZh) : code;
}
