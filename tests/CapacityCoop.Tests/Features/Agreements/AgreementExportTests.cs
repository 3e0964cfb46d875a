using System.Net;
using System.Text.Json;
using CapacityCoop.Web.Data.Seed;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.DemoData;
using Npgsql;

namespace CapacityCoop.Tests.Features.Agreements;

public sealed class AgreementExportTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task CSV_export_holds_exactly_the_filtered_set_row_by_row()
    {
        var response = await api.Client().GetAsync("/api/v1/agreements?format=csv&region=latin-america-caribbean&sort=title");
        var text = await response.Content.ReadAsStringAsync();
        var rows = CsvRows.Parse(text.TrimEnd('\r', '\n'));
        var expected = await AllPagesAsync("region=latin-america-caribbean&sort=title");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        text.ShouldContain("\r\n");
        rows[0].ShouldBe(AgreementsApi.CsvHeader);
        rows.Count.ShouldBe(expected.Count + 1);
        for (var i = 0; i < expected.Count; i++)
        {
            var row = rows[i + 1];
            var agreement = expected[i];
            row[0].ShouldBe(agreement.Id.ToString());
            row[2].ShouldBe(agreement.Title);
            row[6].ShouldBe(agreement.SignedOn ?? "");
            row[11].ShouldBe(agreement.Value?.Usd?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            row[14].ShouldBe(string.Join(";", agreement.Parties.Select(p => p.Code)));
            row[16].ShouldBe(string.Join(";", agreement.Sectors));
        }
    }

    [Fact]
    public async Task Accept_text_csv_asks_for_CSV_too_and_fields_with_commas_are_quoted()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agreements?country=KAZ&sort=signedOn");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await api.Client().SendAsync(request);
        var rows = CsvRows.Parse((await response.Content.ReadAsStringAsync()).TrimEnd('\r', '\n'));

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        rows.Count.ShouldBe(3);
        rows[1][15].ShouldBe("China; Kazakhstan");
        rows[1][17].ShouldContain("Steel");
    }

    [Fact]
    public async Task JSON_export_is_one_array_of_every_matching_agreement_whatever_the_page_size()
    {
        var json = await api.Client().GetStringAsync("/api/v1/agreements?format=json&pageSize=2&kind=cooperation");
        var all = await AllPagesAsync("kind=cooperation");

        using var document = JsonDocument.Parse(json);
        document.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
        document.RootElement.GetArrayLength().ShouldBe(all.Count);
        document.RootElement[0].GetProperty("slug").GetString().ShouldBe(all[0].Slug);
    }

    [Fact]
    public async Task Excel_export_is_a_workbook_with_the_filtered_rows_codes_and_labels()
    {
        var response = await api.Client().GetAsync("/api/v1/agreements?format=xlsx&country=KAZ&sort=signedOn&culture=zh-CN");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList())
            .ToList();

        rows.Count.ShouldBe(3);
        rows[0].ShouldBe(AgreementsApi.CsvHeader);
        rows[1][4].ShouldBe("framework");
        rows[1][AgreementsApi.CsvHeader.Count - 2].ShouldBe("框架协议");
        rows[1][11].ShouldBe("23600000000.00");
        rows[1][15].ShouldBe("中国; 哈萨克斯坦");
    }

    private async Task<List<AgreementSummaryDto>> AllPagesAsync(string query)
    {
        var items = new List<AgreementSummaryDto>();
        for (var page = 1; ; page++)
        {
            var result = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>($"/api/v1/agreements?{query}&pageSize=3&page={page}");
            items.AddRange(result.Items);
            if (page >= result.TotalPages)
            {
                return items;
            }
        }
    }
}

/// <summary>Its own database: the demo rows it loads would change what the other export tests count.</summary>
public sealed class LargeAgreementExportTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Export_of_a_large_set_streams_every_row()
    {
        await using (var dataSource = NpgsqlDataSource.Create(api.ConnectionString))
        {
            await new DemoDataGenerator(dataSource).GenerateAsync(new DemoDataOptions(Agreements: 5_000, Projects: 0, Seed: 3));
        }

        var response = await api.Client().GetAsync("/api/v1/agreements?format=csv", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        var lines = 0;
        while (await reader.ReadLineAsync() is not null)
        {
            lines++;
        }

        lines.ShouldBe(5_000 + 10 + 1);
    }
}
