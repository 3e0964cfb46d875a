using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Sectors;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Sectors;

/// <summary>
/// Sectors with their totals, through <see cref="SectorQuery"/> (the API's query), in the guideline's order unless a
/// column is sorted; <c>?focus=true|false</c> narrows to the 12 focus sectors of the 2015 guideline or the others.
/// </summary>
[StrictQuery]
public sealed class IndexModel(SectorQuery sectors) : PageModel
{
    private static readonly IReadOnlyList<string> Parameters = ["focus", "sort", .. ListLinks.CultureParameters];

    public bool? Focus { get; private set; }

    public string? Sort { get; private set; }

    public IReadOnlyList<SectorSummaryDto> Rows { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = new QueryParameters(Request.Query, Parameters);
        Focus = query.Bool("focus");
        Sort = query.List("sort", SectorQuery.SortKeys).FirstOrDefault();
        if (!query.IsValid)
        {
            Errors = query.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Rows = SectorQuery.Sorted(await sectors.ListAsync(Focus, cancellationToken), Sort, PortalLocalization.IsChinese);
    }

    public string With(params (string Name, string? Value)[] changes) => ListLinks.With("/sectors", Request.Query, changes);

    public string FocusUrl(bool? focus) => With(("focus", focus switch { true => "true", false => "false", null => null }));

    /// <summary>Header links cycle through the column's two directions and back to the sectors' own order.</summary>
    public string SortUrl(string key, bool descendingFirst)
    {
        var next = ListLinks.NextSort(Sort, key, descendingFirst);
        var backToOwnOrder = Sort == (descendingFirst ? key : $"-{key}");
        return With(("sort", backToOwnOrder ? null : next));
    }

    public string? AriaSort(string key) => ListLinks.AriaSort(Sort, key);
}
