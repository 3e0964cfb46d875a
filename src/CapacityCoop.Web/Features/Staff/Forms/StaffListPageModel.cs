using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>
/// A staff list of one record type (any staff role may read it): search by name or id, archived records marked,
/// open drafts linked, 50 to a page. Editors also get the New and Edit links.
/// </summary>
public abstract class StaffListPageModel(PortalDbContext db, IAuthorizationService authorization, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedResult<StaffListRow> Result { get; private set; } = new([], 1, StaffRecordLists.PageSize, 0, 1);

    public bool MayEdit { get; private set; }

    /// <summary>The list's own path, such as "/Manage/Agreements".</summary>
    public abstract string ListPath { get; }

    protected abstract Task<PagedResult<StaffListRow>> LoadAsync(StaffRecordLists lists, string? q, int page, CancellationToken cancellationToken);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var q = Q?.Trim() is { Length: > 0 } text ? text[..Math.Min(text.Length, 200)] : null;
        Result = await LoadAsync(new StaffRecordLists(db), q, Math.Max(1, PageNumber), cancellationToken);
        MayEdit = (await authorization.AuthorizeAsync(User, AuthPolicies.StaffEditor)).Succeeded;
    }

    public string Localize(string text) => localizer[text].Value;

    public string PageUrl(int page) => ListLinks.With(ListPath, Request.Query, ("page", page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
