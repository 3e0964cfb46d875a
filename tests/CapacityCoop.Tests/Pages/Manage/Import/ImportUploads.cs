using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using CapacityCoop.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Manage.Import;

/// <summary>Uploads files to /Manage/Import as the page's form does (multipart, with its antiforgery token), and reads the report.</summary>
internal static class ImportUploads
{
    public const string AgreementHeader =
        "title,title_zh,kind,status,parties,signed_on,signed_place,signatories,value_amount,value_currency,value_usd,value_note,sectors,summary,event,parent_agreement_id,slug,source_id,source_title,source_publisher,source_published_on,source_url,source_note";

    /// <summary>A valid agreement row of the header above, unique by its title.</summary>
    public static string AgreementRow(string title, string parties = "CHN;KEN", string signedOn = "2016-05", string currency = "CNY", string? titleZh = null) =>
        $"{title},{titleZh},mou,signed,{parties},{signedOn},Nairobi,,1500000000,{currency},230000000,,building-materials;railways,Imported in a test.,,,,,Test release,Test Agency,2016-05-20,https://example.org/release,States the deal.";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] AgreementFile(params string[] rows) => Utf8(AgreementHeader + "\n" + string.Join("\n", rows) + "\n");

    public static async Task<HttpResponseMessage> PostAsync(StaffSession session, string handler, string type, byte[] file, string fileName = "rows.csv", string contentType = "text/csv")
    {
        var document = await session.GetDocumentAsync("/Manage/Import");
        var form = (IHtmlFormElement)document.QuerySelector("form.import-form")!;
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var upload = new ByteArrayContent(file);
        upload.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(type), "Type" },
            { upload, "Upload", fileName },
        };
        return await session.Client.PostAsync($"/Manage/Import?handler={handler}", content);
    }

    /// <summary>Runs the dry run and returns the page, which must be a 200.</summary>
    public static async Task<IHtmlDocument> CheckAsync(StaffSession session, string type, byte[] file, string fileName = "rows.csv")
    {
        var response = await PostAsync(session, "Check", type, file, fileName);
        var document = await StaffSession.ParseAsync(response);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, document.Body?.TextContent[..Math.Min(2000, document.Body.TextContent.Length)]);
        return document;
    }

    /// <summary>Commits and follows the redirect to the batch; returns the batch id.</summary>
    public static async Task<long> CommitAsync(StaffSession session, string type, byte[] file, string fileName = "rows.csv")
    {
        var response = await PostAsync(session, "Import", type, file, fileName);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var page = await StaffSession.ParseAsync(response);
            throw new ShouldAssertException($"The import was not committed ({(int)response.StatusCode}): {page.QuerySelector(".import-report")?.TextContent}");
        }

        var location = response.Headers.Location!.OriginalString;
        location.ShouldStartWith("/Manage/Import/Batch?id=");
        return long.Parse(location["/Manage/Import/Batch?id=".Length..].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The rows of the report's error table as (row, column, message).</summary>
    public static List<(int Row, string Column, string Message)> Errors(IHtmlDocument page) => Issues(page, "table.import-issues:not(.import-warnings)");

    public static List<(int Row, string Column, string Message)> Warnings(IHtmlDocument page) => Issues(page, "table.import-warnings");

    public static string ReportText(IHtmlDocument page) => page.QuerySelector(".import-report")?.TextContent ?? "";

    public static Task<Counts> CountAsync(DatabaseFixture database) => database.QueryAsync(async db => new Counts(
        await db.Drafts.CountAsync(),
        await db.ImportBatches.CountAsync(),
        await db.Agreements.CountAsync(),
        await db.Projects.CountAsync(),
        await db.Sources.CountAsync(),
        await db.AuditEntries.CountAsync()));

    public sealed record Counts(int Drafts, int Batches, int Agreements, int Projects, int Sources, int AuditEntries);

    private static List<(int Row, string Column, string Message)> Issues(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector) is not { } table
            ? []
            : table.QuerySelectorAll("tbody tr")
                .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList())
                .Select(cells => (int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture), cells[1], cells[2]))
                .ToList();

    public static PortalDbContext Db(DatabaseFixture database) => database.CreateContext();
}
