using System.Text.Json;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Drafts;

/// <summary>
/// One draft for its reviewer: what it changes (beside the published record, or field by field for a new record),
/// likely duplicates, and — for Editors — publish, reject with a reason, or discard. Any member of staff may look;
/// each POST handler checks the role itself, since the page as a whole is open to Viewers.
/// </summary>
public sealed class DetailsModel(DraftWorkflow workflow, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>Null when there is no draft with this id: the page shows its not-found text with status 404.</summary>
    public Draft? Draft { get; private set; }

    public long Id { get; private set; }

    /// <summary>The published record the draft changes, as it is stored now (null for a new record, or one since deleted).</summary>
    public StoredRecord? Record { get; private set; }

    public bool RecordChangedSinceDraft { get; private set; }

    public IReadOnlyList<FieldComparison> Fields { get; private set; } = [];

    public IReadOnlyList<DuplicateCandidate> Duplicates { get; private set; } = [];

    public bool IsEditor => User.IsInRole(PortalRoles.Editor) || User.IsInRole(PortalRoles.Admin);

    /// <summary>Whether the signed-in user may publish it: an Editor, and not its author when four-eyes is on.</summary>
    public bool MayPublish { get; private set; }

    public bool RequiresSecondEditor => workflow.RequiresSecondEditor;

    public bool IsAuthor { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Why the last action was refused (a conflict, four-eyes), shown at the top of the page.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Fields of the draft that no longer pass validation, when publishing was refused for them.</summary>
    public IReadOnlyDictionary<string, string[]> PublishErrors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken cancellationToken)
    {
        if (!IsEditor)
        {
            return Forbid();
        }

        var draft = await workflow.FindAsync(id, cancellationToken);
        var outcome = await workflow.PublishAsync(id, Actor.Of(User), cancellationToken);
        if (outcome is ReviewOutcome.Published published)
        {
            TempData[StatusMessage.Key] = text["Draft {0} is published.", id].Value;
            return Redirect(StaffLinks.Public(draft!.EntityType, published.EntityId));
        }

        return await RefusedAsync(id, outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(long id, CancellationToken cancellationToken)
    {
        if (!IsEditor)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        var outcome = await workflow.RejectAsync(id, Reason, Actor.Of(User), cancellationToken);
        if (outcome is ReviewOutcome.Rejected)
        {
            TempData[StatusMessage.Key] = text["Draft {0} is sent back to its author with your reason.", id].Value;
            return RedirectToPage(new { id });
        }

        if (outcome is ReviewOutcome.Invalid invalid)
        {
            foreach (var message in invalid.Errors.GetValueOrDefault("reason", []))
            {
                ModelState.AddModelError(nameof(Reason), text[message]);
            }

            await LoadAsync(id, cancellationToken);
            return Page();
        }

        return await RefusedAsync(id, outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostDiscardAsync(long id, CancellationToken cancellationToken)
    {
        if (!IsEditor)
        {
            return Forbid();
        }

        var outcome = await workflow.DiscardAsync(id, Actor.Of(User), cancellationToken);
        if (outcome is ReviewOutcome.Discarded)
        {
            TempData[StatusMessage.Key] = text["Draft {0} is discarded; the published record is unchanged.", id].Value;
            return Redirect("/Manage/Drafts");
        }

        return await RefusedAsync(id, outcome, cancellationToken);
    }

    public string StateLabel(string state) => text["draft-state-" + state];

    private async Task<IActionResult> RefusedAsync(long id, ReviewOutcome outcome, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        if (Draft is null)
        {
            return Page();
        }

        (Refusal, Response.StatusCode) = outcome switch
        {
            ReviewOutcome.Conflict conflict => (text[conflict.Reason].Value, StatusCodes.Status409Conflict),
            ReviewOutcome.NotAllowed notAllowed => (text[notAllowed.Reason].Value, StatusCodes.Status403Forbidden),
            ReviewOutcome.Invalid => (text["The draft no longer passes validation; open it, correct the fields below and save it again."].Value,
                StatusCodes.Status422UnprocessableEntity),
            _ => (text["This draft changed or closed while you were looking at it: someone saved, published, rejected or discarded it. Look at it again."].Value, StatusCodes.Status409Conflict),
        };
        if (outcome is ReviewOutcome.Invalid invalid)
        {
            PublishErrors = invalid.Errors;
        }

        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        Draft = await workflow.FindAsync(id, cancellationToken);
        if (Draft is not { } draft)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var writer = workflow.Writer(draft.EntityType);
        var state = draft.IsOpen ? await workflow.OpenAsync(draft.EntityType, draft.EntityId, draft.EntityId is null ? draft.Id : null, cancellationToken) : null;
        Record = state?.Record ?? (draft.EntityId is { } entityId ? await writer.LoadAsync(entityId, cancellationToken) : null);
        RecordChangedSinceDraft = state is { Draft.Id: var openId } && openId == draft.Id && state.RecordChangedSinceDraft;

        // jsonb keeps an object's keys shortest first; written back through the contract, the fields come in the form's order.
        var input = writer.Read(draft.Payload.RootElement);
        var payload = input is null ? draft.Payload.RootElement : writer.Write(input);
        Fields = PayloadComparison.Compare(payload, Record?.Input ?? JsonSerializer.SerializeToElement(new { }))
            .OrderBy(field => !field.Differs)
            .ToList();
        if (draft.IsOpen && input is not null)
        {
            Duplicates = await writer.FindDuplicatesAsync(input, draft.EntityId, cancellationToken);
        }

        var actor = Actor.Of(User);
        IsAuthor = draft.CreatedById == actor.Id || draft.UpdatedById == actor.Id;
        MayPublish = draft.IsOpen && IsEditor && workflow.MayPublish(draft, actor);
    }
}
