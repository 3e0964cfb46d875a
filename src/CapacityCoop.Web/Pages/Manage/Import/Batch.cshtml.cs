using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Import;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Manage.Import;

/// <summary>One import batch: its file, rows, importer and state, its drafts, and "publish all" (all or nothing).</summary>
[Authorize(Policy = AuthPolicies.StaffEditor)]
public sealed class BatchModel(ImportBatchQuery batches, CsvImporter importer, DraftWorkflow workflow) : PageModel
{
    public const int PageSize = 100;

    public ImportBatchSummary Batch { get; private set; } = null!;

    public IReadOnlyList<ImportBatchDraft> Drafts { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public int PageCount => Math.Max(1, (Batch.RowCount + PageSize - 1) / PageSize);

    /// <summary>Rows just imported (after the redirect from the import).</summary>
    public int? Imported { get; private set; }

    /// <summary>Records just published.</summary>
    public int? Published { get; private set; }

    public string? PublishRefusal { get; private set; }

    public IReadOnlyList<(long DraftId, string Field, string Message)> PublishErrors { get; private set; } = [];

    /// <summary>With four-eyes on, the importer sees why the button is not there.</summary>
    public bool NeedsSecondEditor => workflow.RequiresSecondEditor && Batch.CreatedById == Actor.Of(User).Id;

    public async Task<IActionResult> OnGetAsync(long id, int page = 1, int? imported = null, int? published = null, CancellationToken cancellationToken = default)
    {
        (Imported, Published) = (imported, published);
        return await LoadAsync(id, page, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken cancellationToken)
    {
        var outcome = await importer.PublishAsync(id, Actor.Of(User), cancellationToken);
        if (outcome is BatchPublishOutcome.Published published)
        {
            return RedirectToPage("Batch", new { id, published = published.Count });
        }

        switch (outcome)
        {
            case BatchPublishOutcome.NotFound:
                PublishRefusal = "This batch has no draft left to publish.";
                break;
            case BatchPublishOutcome.NotAllowed notAllowed:
                PublishRefusal = notAllowed.Reason;
                break;
            case BatchPublishOutcome.Conflict conflict:
                PublishRefusal = conflict.Reason;
                break;
            case BatchPublishOutcome.Invalid invalid:
                PublishRefusal = "Nothing was published: some drafts are no longer valid. Correct or discard them, then publish again.";
                PublishErrors = invalid.Errors.OrderBy(e => e.Key)
                    .SelectMany(e => e.Value.SelectMany(field => field.Value.Select(message => (e.Key, field.Key, message))))
                    .ToList();
                break;
        }

        return await LoadAsync(id, 1, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long id, int page, CancellationToken cancellationToken)
    {
        if (await batches.FindAsync(id, cancellationToken) is not { } batch)
        {
            return false;
        }

        Batch = batch;
        PageNumber = Math.Clamp(page, 1, PageCount);
        Drafts = await batches.DraftsAsync(id, PageNumber, PageSize, cancellationToken);
        return true;
    }
}
