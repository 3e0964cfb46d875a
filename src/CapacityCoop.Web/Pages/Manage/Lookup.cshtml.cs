using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Staff.Forms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Manage;

/// <summary>
/// The typeahead behind the forms' pickers: GET /Manage/Lookup?type=organisation|agreement|umbrella&amp;q=... answers
/// up to 20 matches as JSON [{id, label}] (name or title containing q, or the record with id q). Staff only, like all of /Manage.
/// </summary>
public sealed class LookupModel(PortalDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? type, string? q, CancellationToken cancellationToken)
    {
        if (type is null || !RecordLookup.Types.Contains(type))
        {
            return BadRequest(new { error = $"type must be one of {string.Join(", ", RecordLookup.Types)}." });
        }

        var text = q?.Trim() is { Length: > 0 } given ? given[..Math.Min(given.Length, 200)] : null;
        var items = await new RecordLookup(db).FindAsync(type, text, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(items.Select(i => new { id = i.Id, label = i.Label }));
    }
}
