using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Staff;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Manage.Drafts;

/// <summary>The review queue: every open draft (new records and changes), newest first, optionally of one record type.</summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    /// <summary>The record type shown, or null for all; an unknown type in the URL shows all.</summary>
    public string? Type { get; private set; }

    public DraftPage Result { get; private set; } = new([], 1, DraftQueue.PageSize, 0);

    public async Task OnGetAsync(string? type, CancellationToken cancellationToken)
    {
        Type = type is not null && Vocabulary.EditableEntityTypes.Contains(type) ? type : null;

        // Read from the query: in Razor Pages the route value "page" is the page's own path, so it cannot be bound.
        var number = int.TryParse(Request.Query["page"], out var p) && p > 0 ? p : 1;
        Result = await DraftQueue.PageAsync(db, Type, number, cancellationToken);
    }

    public string PageUrl(int page) =>
        Infrastructure.ListLinks.With("/Manage/Drafts", Request.Query, ("page", page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
