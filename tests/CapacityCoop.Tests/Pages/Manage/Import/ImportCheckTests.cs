using System.Net;
using System.Text;
using System.Text.Json;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Pages.Manage.Import.ImportUploads;

namespace CapacityCoop.Tests.Pages.Manage.Import;

/// <summary>The dry run of /Manage/Import: templates, the per-row error report, repeats, CSV details, bad uploads, who may use it.</summary>
public sealed class ImportCheckTests(ApiFixture api) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private StaffSession editor = null!;

    public async Task InitializeAsync() => editor = await StaffSession.SignInAsync(api.App, "checker@example.org", PortalRoles.Editor);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_accept_two_rows_filled_into_the_downloaded_template()
    {
        var response = await editor.Client.GetAsync("/Manage/Import/Template?type=agreement");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("agreements-template.csv");
        var template = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var header = template.TrimEnd().Split(',');
        header.ShouldBe(AgreementHeader.Split(','));
        string Row(Dictionary<string, string> values) => string.Join(',', header.Select(h => values.GetValueOrDefault(h, "")));
        var first = new Dictionary<string, string>
        {
            ["title"] = "Template round trip one", ["kind"] = "mou", ["status"] = "signed", ["parties"] = "CHN;ETH", ["signed_on"] = "2015-05",
            ["sectors"] = "industrial-parks", ["source_title"] = "A release", ["source_url"] = "https://example.org/one",
        };
        var second = new Dictionary<string, string>
        {
            ["title"] = "Template round trip two", ["kind"] = "loan", ["status"] = "in-force", ["parties"] = "CHN;AU", ["signed_on"] = "2015",
            ["value_amount"] = "100000000", ["value_currency"] = "USD", ["source_id"] = "1",
        };
        var before = await CountAsync(api);

        var page = await CheckAsync(editor, "agreement", Utf8(template + Row(first) + "\r\n" + Row(second) + "\r\n"));

        Errors(page).ShouldBeEmpty();
        page.QuerySelector(".import-report .notice")!.TextContent.ShouldContain("2 rows read, no errors");
        (await CountAsync(api)).ShouldBe(before);
    }

    [Fact]
    public async Task Should_list_exactly_the_bad_rows_and_columns_and_write_nothing()
    {
        var file = AgreementFile(
            AgreementRow("A good row between bad ones"),
            AgreementRow("Unknown country row", parties: "CHN;XYZ"),
            AgreementRow("Malformed date row", signedOn: "2015-13"),
            AgreementRow(""),
            AgreementRow("Bad currency row", currency: "ZZZ"));
        var before = await CountAsync(api);

        var page = await CheckAsync(editor, "agreement", file);

        Errors(page).Select(e => (e.Row, e.Column)).ShouldBe([(3, "parties"), (4, "signed_on"), (5, "title"), (6, "value_currency")]);
        Errors(page).Select(e => e.Message).ShouldBe([
            "'XYZ' is not an ISO 3166-1 alpha-3 country code.",
            "'signed_on' must be a date written 2015, 2015-05 or 2015-05-19; got '2015-13'.",
            "'title' is required.",
            "'ZZZ' is not an ISO 4217 currency code.",
        ]);
        ReportText(page).ShouldContain("Rows read: 5. Errors: 4, on 4 of the rows.");
        (await CountAsync(api)).ShouldBe(before);

        var commit = await PostAsync(editor, "Import", "agreement", file);

        commit.StatusCode.ShouldBe(HttpStatusCode.OK);
        Errors(await StaffSession.ParseAsync(commit)).Count.ShouldBe(4);
        (await CountAsync(api)).ShouldBe(before);
    }

    [Fact]
    public async Task Should_report_repeats_of_a_seed_record_and_of_another_row_and_warn_of_likely_duplicates()
    {
        var example = Encoding.UTF8.GetString(await editor.Client.GetByteArrayAsync("/Manage/Import/Template?type=agreement&example=true"));
        var seedRow = example.TrimStart('\uFEFF').Split("\r\n")[1];
        var respaced = seedRow.Replace("China–Kazakhstan industrial capacity cooperation framework", "china–kazakhstan   INDUSTRIAL capacity  cooperation framework", StringComparison.Ordinal);
        var file = AgreementFile(
            seedRow,
            AgreementRow("A row entered twice"),
            AgreementRow("A row  entered TWICE"),
            respaced.Replace("CHN;KAZ", "KAZ;CHN", StringComparison.Ordinal).Replace(",2014-12,", ",2015-01,", StringComparison.Ordinal));
        var seedId = await api.QueryAsync(db => db.Agreements.Where(a => a.Slug == "chn-kaz-capacity-framework-2014").Select(a => a.Id).SingleAsync());

        var page = await CheckAsync(editor, "agreement", file);

        var errors = Errors(page);
        errors.Select(e => (e.Row, e.Column)).ShouldBe([(2, "title"), (4, "title")]);
        errors[0].Message.ShouldBe($"Repeats agreement {seedId} “China–Kazakhstan industrial capacity cooperation framework”: the same parties, the same title (ignoring case and spacing) and the same signing date.");
        errors[1].Message.ShouldBe("Repeats row 3 of this file: the same parties, the same title (ignoring case and spacing) and the same signing date.");
        var warnings = Warnings(page);
        warnings.ShouldContain(w => w.Row == 5 && w.Column == "title" && w.Message.StartsWith($"Looks like agreement {seedId} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_read_quotes_a_byte_order_mark_crlf_chinese_text_and_trailing_blank_lines()
    {
        var csv = "\uFEFF" + AgreementHeader.ToUpperInvariant() + "\r\n"
            + "\"Framework \"\"Belt, Road\"\" capacity deal\",中哈产能合作框架协议,framework,signed,CHN;KAZ,2015-03-27,\"Beijing, China\",,,,,,steel,\"Two lines:\r\nsecond line\",,,,,Quoted release,Xinhua,2015-03-27,https://example.org/q,\r\n"
            + "\r\n\r\n";
        var before = await CountAsync(api);

        var page = await CheckAsync(editor, "agreement", Encoding.UTF8.GetBytes(csv));

        Errors(page).ShouldBeEmpty();
        page.QuerySelector(".import-report .notice")!.TextContent.ShouldContain("1 rows read, no errors");
        var batchId = await CommitAsync(editor, "agreement", Encoding.UTF8.GetBytes(csv), "quoted.csv");
        var payload = await api.QueryAsync(db => db.Drafts.Where(d => d.ImportBatchId == batchId).Select(d => d.Payload).SingleAsync());
        var input = payload.Deserialize<AgreementInput>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        input.Title.ShouldBe("Framework \"Belt, Road\" capacity deal");
        input.TitleZh.ShouldBe("中哈产能合作框架协议");
        input.SignedPlace.ShouldBe("Beijing, China");
        input.Summary.ShouldBe("Two lines:\r\nsecond line");
        input.Parties!.Select(p => p.Country).ShouldBe(["CHN", "KAZ"]);
        (await CountAsync(api)).Drafts.ShouldBe(before.Drafts + 1);
    }

    [Fact]
    public async Task Should_explain_a_file_that_is_not_csv_too_large_or_with_the_wrong_columns()
    {
        var before = await CountAsync(api);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xD8];

        ReportText(await CheckAsync(editor, "agreement", png, "picture.png")).ShouldContain("The file is not UTF-8 text");
        ReportText(await CheckAsync(editor, "agreement", Utf8("title\0,kind\n"), "binary.csv")).ShouldContain("binary data");
        ReportText(await CheckAsync(editor, "agreement", Utf8(AgreementHeader + "\n\"unclosed,mou\n"))).ShouldContain("is never closed");
        ReportText(await CheckAsync(editor, "agreement", Utf8(AgreementHeader.Replace("title,title_zh", "titel,title_zh", StringComparison.Ordinal) + "\nx\n")))
            .ShouldContain("Unknown columns: 'titel' (column 1).");
        ReportText(await CheckAsync(editor, "agreement", Utf8("title,kind,status,source_title\nx,mou,signed,y\n"))).ShouldContain("Required columns are missing: parties.");
        ReportText(await CheckAsync(editor, "agreement", Utf8(AgreementHeader + "\n"))).ShouldContain("no rows to import");
        ReportText(await CheckAsync(editor, "project", AgreementFile(AgreementRow("An agreement row in the project import"))))
            .ShouldContain("Unknown columns: 'title' (column 1)");

        var large = new byte[CapacityCoop.Web.Features.Import.CsvImporter.MaxFileBytes + 1];
        Array.Fill(large, (byte)'a');
        var tooLarge = await CheckAsync(editor, "agreement", large, "large.csv");

        tooLarge.QuerySelector("#upload-error")!.TextContent.ShouldContain("larger than 10 MB");
        (await CountAsync(api)).ShouldBe(before);
    }

    [Theory]
    [InlineData("/Manage/Import")]
    [InlineData("/Manage/Import/Template?type=agreement")]
    [InlineData("/Manage/Import/Batch?id=1")]
    public async Task A_viewer_gets_403_and_an_anonymous_visitor_is_sent_to_sign_in(string url)
    {
        var viewer = await StaffSession.SignInAsync(api.App, "import-viewer@example.org", PortalRoles.Viewer);

        var refused = await viewer.Client.GetAsync(url);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.OriginalString.ShouldContain("/Account/AccessDenied?");
        (await viewer.Client.GetAsync(refused.Headers.Location)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var anonymous = await StaffSession.NewClient(api.App).GetAsync(url);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.OriginalString.ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task A_viewer_cannot_post_an_upload()
    {
        var viewer = await StaffSession.SignInAsync(api.App, "import-viewer-post@example.org", PortalRoles.Viewer);
        var content = new MultipartFormDataContent { { new StringContent("agreement"), "Type" }, { new ByteArrayContent(AgreementFile(AgreementRow("Viewer row"))), "Upload", "rows.csv" } };
        var before = await CountAsync(api);

        var response = await viewer.Client.PostAsync("/Manage/Import?handler=Import", content);

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest);
        (await CountAsync(api)).ShouldBe(before);
    }
}
