using System.Text;
using CapacityCoop.BrowserTests.Infrastructure;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages.Manage.Import;

/// <summary>CSV import through the browser: the dry run reports a bad row and writes nothing; a good file becomes one batch of drafts, published together.</summary>
public sealed class CsvImportTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("capacitycoop-import-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_bad_row_is_reported_by_row_and_column_with_nothing_written_and_a_good_file_is_imported_and_published_whole()
    {
        var word = UniqueWord.Next();
        var page = await browser.SignInAsync($"importer-{word}@example.org", PortalRoles.Editor);
        await page.GotoAsync("/Manage/Import");

        // The file is made from the template the page offers, as a user would fill it in.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Agreement template (header only)" }).ClickAsync());
        var header = (await File.ReadAllTextAsync(await download.PathAsync())).TrimStart('\uFEFF').Trim().Split(',');
        var rows = new List<Dictionary<string, string>>
        {
            Row($"Ethiopia industrial park memorandum {word}", "CHN;ETH", "2015-05", "industrial-parks"),
            Row($"Laos hydropower loan {word}", "CHN;LAO", "2016-11", "hydropower"),
            Row($"Kenya cement plant contract {word}", "CHN;KEN", "2017", "building-materials"),
        };
        rows[1]["parties"] = "CHN;XYZ";
        var before = await CountsAsync();

        await UploadAsync(page, WriteFile($"agreements-{word}-bad.csv", header, rows), "Check (dry run)");

        var report = page.Locator(".import-report");
        await Expect(report.Locator("[role=alert]")).ToContainTextAsync("Rows read: 3. Errors: 1, on 1 of the rows.");
        await Expect(report.Locator("[role=alert]")).ToContainTextAsync("Nothing was written");
        var errors = report.Locator("table.import-issues:not(.import-warnings) tbody tr");
        await Expect(errors).ToHaveCountAsync(1);
        await Expect(errors.Locator("td")).ToHaveTextAsync(["3", "parties", "'XYZ' is not an ISO 3166-1 alpha-3 country code."]);
        await BrowserFixture.ScreenshotAsync(page, "manage-import-dry-run-errors");
        (await CountsAsync()).ShouldBe(before);

        // Importing the same file is refused as a whole: not even its good rows are written.
        await UploadAsync(page, WriteFile($"agreements-{word}-bad.csv", header, rows), "Import");
        await Expect(report.Locator("h2")).ToHaveTextAsync("Nothing was imported");
        await Expect(errors.Locator("td")).ToHaveTextAsync(["3", "parties", "'XYZ' is not an ISO 3166-1 alpha-3 country code."]);
        (await CountsAsync()).ShouldBe(before);

        rows[1]["parties"] = "CHN;LAO";
        var good = WriteFile($"agreements-{word}.csv", header, rows);
        await UploadAsync(page, good, "Check (dry run)");
        await Expect(report.Locator(".notice")).ToContainTextAsync("3 rows read, no errors");
        await Expect(errors).ToHaveCountAsync(0);
        (await CountsAsync()).ShouldBe(before);

        await UploadAsync(page, good, "Import");
        await page.WaitForURLAsync("**/Manage/Import/Batch?id=*");
        await Expect(page.Locator(".notice", new() { HasText = "rows imported as drafts" })).ToHaveTextAsync("3 rows imported as drafts. They are not public until published.");
        var batchId = long.Parse(new Uri(page.Url).Query.TrimStart('?').Split('&').Single(p => p.StartsWith("id=", StringComparison.Ordinal))[3..], System.Globalization.CultureInfo.InvariantCulture);
        var drafts = await browser.QueryAsync(db => db.Drafts.AsNoTracking().Where(d => d.ImportBatchId == batchId).ToListAsync());
        drafts.Select(d => d.Title).Order().ShouldBe(rows.Select(r => r["title"]).Order());
        drafts.ShouldAllBe(d => d.State == DraftStates.Draft && d.EntityType == "agreement" && d.EntityId == null);
        (await CountsAsync()).ShouldBe(before with { Drafts = before.Drafts + 3, Batches = before.Batches + 1 });
        await Expect(page.Locator("section[aria-labelledby=drafts-heading] tbody tr")).ToHaveCountAsync(3);

        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync($"/agreements?q={word}");
        await Expect(visitor.Locator(".empty")).ToContainTextAsync("No agreements match");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish all 3 drafts" }).ClickAsync();
        await page.WaitForURLAsync("**/Manage/Import/Batch?id=*published=3*");
        await Expect(page.Locator(".notice", new() { HasText = "records published" })).ToHaveTextAsync("3 records published.");
        await Expect(page.Locator("section[aria-labelledby=drafts-heading] tbody tr td a[href^='/agreements/']")).ToHaveCountAsync(3);
        await BrowserFixture.ScreenshotAsync(page, "manage-import-batch-published");
        (await CountsAsync()).Agreements.ShouldBe(before.Agreements + 3);

        await visitor.GotoAsync($"/agreements?q={word}");
        await Expect(visitor.Locator("tbody tr")).ToHaveCountAsync(3);
        foreach (var row in rows)
        {
            await Expect(visitor.Locator("tbody tr", new() { HasText = row["title"] })).ToHaveCountAsync(1);
        }
    }

    private static Dictionary<string, string> Row(string title, string parties, string signedOn, string sector) => new()
    {
        ["title"] = title,
        ["kind"] = "mou",
        ["status"] = "signed",
        ["parties"] = parties,
        ["signed_on"] = signedOn,
        ["sectors"] = sector,
        ["value_amount"] = "250000000",
        ["value_currency"] = "USD",
        ["source_title"] = $"Release on {title}",
        ["source_publisher"] = "Browser Test Agency",
        ["source_url"] = "https://example.org/release",
    };

    private string WriteFile(string name, string[] header, IEnumerable<Dictionary<string, string>> rows)
    {
        var text = new StringBuilder(string.Join(',', header)).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', header.Select(column => row.GetValueOrDefault(column, "")))).Append("\r\n");
        }

        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static async Task UploadAsync(IPage page, string path, string button)
    {
        await page.Locator("input[name=Type][value=agreement]").CheckAsync();
        await page.Locator("#upload").SetInputFilesAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }

    private Task<Counts> CountsAsync() => browser.QueryAsync(async db => new Counts(
        await db.Drafts.CountAsync(), await db.ImportBatches.CountAsync(), await db.Agreements.CountAsync(), await db.Sources.CountAsync(), await db.AuditEntries.CountAsync()));

    private sealed record Counts(int Drafts, int Batches, int Agreements, int Sources, int AuditEntries);
}
