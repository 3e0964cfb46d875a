using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Manage;

/// <summary>
/// The staff home: what waits for review, the signed-in user's own open drafts (and those sent back to them, with the
/// reviewer's reason), and the way to every staff task their role allows.
/// </summary>
public sealed class IndexModel(PortalDbContext db, DraftWorkflow workflow) : PageModel
{
    public const int OwnDraftsShown = 50;

    public IReadOnlyDictionary<string, int> OpenByType { get; private set; } = new Dictionary<string, int>();

    public IReadOnlyList<DraftSummary> MyDrafts { get; private set; } = [];

    public IReadOnlyList<DraftSummary> RejectedToMe { get; private set; } = [];

    public bool RequiresSecondEditor => workflow.RequiresSecondEditor;

    public bool IsEditor => User.IsInRole(PortalRoles.Editor) || User.IsInRole(PortalRoles.Admin);

    public bool IsAdmin => User.IsInRole(PortalRoles.Admin);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        OpenByType = await DraftQueue.CountsByTypeAsync(db, cancellationToken);
        var mine = await DraftQueue.ByAuthorAsync(db, Actor.Of(User).Id, OwnDraftsShown, cancellationToken);
        RejectedToMe = mine.Where(d => d.State == DraftStates.Rejected).ToList();
        MyDrafts = mine.Where(d => d.State != DraftStates.Rejected).ToList();
    }
}
