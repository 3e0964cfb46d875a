using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Import;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Manage.Import;

/// <summary>
/// Upload a CSV file of agreements or projects: "Check" validates every row and writes nothing; "Import" checks the
/// file again and stores all its rows as drafts of one batch, or nothing. The file is sent with each of the two (a
/// browser cannot keep a chosen file across pages), so nothing uploaded is kept or trusted between them.
/// </summary>
[Authorize(Policy = AuthPolicies.StaffEditor)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimitBytes)]
[RequestSizeLimit(UploadLimitBytes)]
public sealed class IndexModel(CsvImporter importer, ImportBatchQuery batches) : PageModel
{
    /// <summary>
    /// Beyond the import's own limit (<see cref="CsvImporter.MaxFileBytes"/>), so a file somewhat too large still
    /// reaches the page and gets its message rather than a refused request.
    /// </summary>
    public const long UploadLimitBytes = 4 * CsvImporter.MaxFileBytes;

    /// <summary>How many errors the page lists; the count says how many there are in all.</summary>
    public const int ListedIssues = 1000;

    [BindProperty]
    public string Type { get; set; } = "agreement";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public ImportReport? Report { get; private set; }

    /// <summary>The report is of a commit that was refused (rather than of a dry run).</summary>
    public bool CommitRefused { get; private set; }

    public string? UploadError { get; private set; }

    public IReadOnlyList<ImportBatchSummary> RecentBatches { get; private set; } = [];

    public ImportFormat Format => importer.Format(Type);

    public ImportFormat FormatOf(string entityType) => importer.Format(entityType);

    public async Task OnGetAsync(string? type, CancellationToken cancellationToken)
    {
        Type = CsvImporter.EntityTypes.Contains(type) ? type! : "agreement";
        RecentBatches = await batches.RecentAsync(10, cancellationToken);
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        if (await ReadUploadAsync(cancellationToken) is not { } content)
        {
            return await PageAsync(cancellationToken);
        }

        Report = await importer.CheckAsync(Type, Upload!.FileName, content, cancellationToken);
        return await PageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (await ReadUploadAsync(cancellationToken) is not { } content)
        {
            return await PageAsync(cancellationToken);
        }

        switch (await importer.CommitAsync(Type, Upload!.FileName, content, Actor.Of(User), cancellationToken))
        {
            case CommitOutcome.Committed committed:
                return RedirectToPage("Batch", new { id = committed.BatchId, imported = committed.RowCount });
            case CommitOutcome.Refused refused:
                Report = refused.Report;
                CommitRefused = true;
                return await PageAsync(cancellationToken);
            default:
                throw new InvalidOperationException("Unknown commit outcome.");
        }
    }

    private async Task<byte[]?> ReadUploadAsync(CancellationToken cancellationToken)
    {
        if (!CsvImporter.EntityTypes.Contains(Type))
        {
            Type = "agreement";
            UploadError = "Choose whether the file holds agreements or projects.";
            return null;
        }

        if (Upload is null || Upload.Length == 0)
        {
            UploadError = Upload is null ? "Choose a CSV file to upload." : "The file is empty.";
            return null;
        }

        if (Upload.Length > CsvImporter.MaxFileBytes)
        {
            UploadError = "The file is larger than 10 MB; split it into smaller files.";
            return null;
        }

        using var buffer = new MemoryStream((int)Upload.Length);
        await Upload.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private async Task<PageResult> PageAsync(CancellationToken cancellationToken)
    {
        RecentBatches = await batches.RecentAsync(10, cancellationToken);
        return Page();
    }
}
