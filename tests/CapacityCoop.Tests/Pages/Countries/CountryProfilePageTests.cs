using System.Net;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Tests.Pages.Countries;

public sealed class CountryProfilePageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Task<HtmlPage> GetAsync(string url) => HtmlPage.GetAsync(api.Client(), url);

    [Fact]
    public async Task Kazakhstan_shows_its_key_figures()
    {
        var page = await GetAsync("/countries/KAZ");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text("h1").ShouldBe("Kazakhstan");
        page.Text("[data-testid=kpi-agreements]").ShouldBe("1");
        page.Text("[data-testid=kpi-value]").ShouldBe("US$23.6 bn");
        page.Text("[data-testid=kpi-projects]").ShouldBe("0");
        page.Text("[data-testid=kpi-first]").ShouldBe("December 2014");
        page.Text("[data-testid=kpi-last]").ShouldBe("December 2014", "the 33 documents of March 2015 sit under the umbrella and do not count");
        page.All("[data-testid=blocs] a").Select(a => (HtmlPage.Text(a), a.GetAttribute("href")))
            .ShouldBe([("EAEU", "/countries?bloc=EAEU&all=true"), ("SCO", "/countries?bloc=SCO&all=true")]);
    }

    [Fact]
    public async Task Value_by_year_chart_is_an_accessible_svg_with_a_data_table_for_2014()
    {
        var page = await GetAsync("/countries/KAZ");

        var section = page.One("section[data-chart=value-by-year]");
        var svg = section.QuerySelector("svg[role=img]").ShouldNotBeNull();
        svg.GetAttribute("viewBox").ShouldNotBeNullOrEmpty();
        svg.GetAttribute("width").ShouldBe("100%");
        var labelledBy = svg.GetAttribute("aria-labelledby")!.Split(' ');
        labelledBy.Select(id => page.Document.GetElementById(id)?.LocalName).ShouldBe(["title", "desc"]);
        HtmlPage.Text(page.Document.GetElementById(labelledBy[0])!).ShouldBe("Value of agreements by year signed: Kazakhstan");
        HtmlPage.Text(page.Document.GetElementById(labelledBy[1])!).ShouldContain("Highest: US$23.6 bn in 2014");
        svg.QuerySelectorAll("g.chart-bar > title").Select(HtmlPage.Text).ShouldBe(["2014: US$23.6 bn"]);

        var table = section.QuerySelector("details table[data-table=value-by-year]").ShouldNotBeNull();
        var row = table.QuerySelector("tr[data-year='2014']").ShouldNotBeNull();
        HtmlPage.Text(row.QuerySelector("th[scope=row]")!).ShouldBe("2014");
        row.QuerySelectorAll("td").Select(HtmlPage.Text).ShouldBe(["1", "US$23.6 bn"]);
        HtmlPage.Text(section.QuerySelector("details summary")!).ShouldBe("Show the data as a table");
    }

    [Fact]
    public async Task Sector_chart_and_table_list_the_sectors_of_its_counted_agreement()
    {
        var page = await GetAsync("/countries/KAZ");

        var section = page.One("section[data-chart=by-sector]");
        section.QuerySelector("svg[role=img]").ShouldNotBeNull();
        var links = section.QuerySelectorAll("table tbody th[scope=row] a").Select(a => a.GetAttribute("href")).ToList();
        links.ShouldContain("/sectors/steel");
        section.QuerySelectorAll("svg g.chart-bar").Length.ShouldBe(links.Count);
    }

    [Fact]
    public async Task Latest_agreements_link_to_their_pages_and_to_the_full_search()
    {
        var page = await GetAsync("/countries/KAZ");
        var search = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=KAZ&pageSize=10");

        var section = page.One("section[data-section=latest-agreements]");
        section.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-agreement-id")).ShouldBe(search.Items.Select(a => a.Id.ToString()));
        section.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.GetAttribute("href"))
            .ShouldBe(search.Items.Select(a => $"/agreements/{a.Id}"));
        var all = section.QuerySelector("[data-testid=all-agreements]")!;
        all.GetAttribute("href").ShouldBe("/agreements?country=KAZ");
        HtmlPage.Text(all).ShouldBe($"All {search.TotalCount} agreements");
    }

    [Fact]
    public async Task Export_links_ask_the_agreements_API_for_CSV_and_JSON_of_this_country()
    {
        var page = await GetAsync("/countries/KAZ");

        page.One("[data-testid=export-csv]").GetAttribute("href").ShouldBe("/api/v1/agreements?country=KAZ&format=csv");
        page.One("[data-testid=export-json]").GetAttribute("href").ShouldBe("/api/v1/agreements?country=KAZ&format=json");
        var csv = await api.Client().GetAsync(page.One("[data-testid=export-csv]").GetAttribute("href"));
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
    }

    [Fact]
    public async Task Brazil_lists_its_projects_with_status_and_sector_linking_to_their_pages()
    {
        var page = await GetAsync("/countries/BRA");

        var rows = page.All("section[data-section=projects] tbody tr");
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r.QuerySelector("td a")!.GetAttribute("href") == $"/projects/{r.GetAttribute("data-project-id")}");
        rows.ShouldAllBe(r => r.QuerySelectorAll("td")[1].TextContent.Trim().Length > 0);
    }

    [Fact]
    public async Task A_country_without_projects_says_so()
    {
        var page = await GetAsync("/countries/KAZ");

        page.Text("section[data-section=projects]").ShouldContain("No projects recorded in Kazakhstan yet.");
    }

    [Fact]
    public async Task China_shows_its_top_partners_by_agreements()
    {
        var page = await GetAsync("/countries/CHN");

        var section = page.One("section[data-chart=partners]");
        HtmlPage.Text(section.QuerySelector("h2")!).ShouldBe("Top partner countries");
        section.QuerySelectorAll("tbody th[scope=row] a").Select(a => a.GetAttribute("href")).ShouldBe(
            ["/countries/BRA", "/countries/KAZ", "/countries/CHL", "/countries/COL", "/countries/PER"]);
        section.QuerySelectorAll("svg g.chart-bar > title").Select(HtmlPage.Text).First().ShouldBe("Brazil: 1");
    }

    [Fact]
    public async Task A_country_without_agreements_has_empty_charts_but_no_error()
    {
        var page = await GetAsync("/countries/FRA");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text("[data-testid=kpi-agreements]").ShouldBe("0");
        page.All("svg").ShouldBeEmpty();
        page.Text("section[data-chart=value-by-year]").ShouldContain("No dated agreements yet.");
        page.Text("section[data-section=latest-agreements]").ShouldContain("No agreements recorded yet.");
    }

    [Theory]
    [InlineData("kaz")]
    [InlineData("Kaz")]
    public async Task The_code_is_case_insensitive_with_a_canonical_link(string code)
    {
        var page = await GetAsync($"/countries/{code}");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text("h1").ShouldBe("Kazakhstan");
        page.One("link[rel=canonical]").GetAttribute("href").ShouldBe("/countries/KAZ");
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("KA1")]
    [InlineData("KAZAKHSTAN")]
    [InlineData("%3Cscript%3E")]
    public async Task Unknown_country_is_a_404_page(string code)
    {
        var page = await GetAsync($"/countries/{code}");

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Text("h1").ShouldBe("Country not found");
        page.One("main a[href='/countries?all=true']").ShouldNotBeNull();
        page.All("main script").ShouldBeEmpty();
    }

    [Fact]
    public async Task Chinese_profile_shows_Chinese_name_figures_and_dates()
    {
        var page = await GetAsync("/countries/KAZ?culture=zh-CN");

        page.Text("h1").ShouldBe("哈萨克斯坦");
        page.Text("[data-testid=kpi-value]").ShouldBe("236亿美元");
        page.Text("[data-testid=kpi-first]").ShouldBe("2014年12月");
        page.One("section[data-chart=value-by-year] tr[data-year='2014'] td:last-child").TextContent.Trim().ShouldBe("236亿美元");
        page.One("section[data-chart=value-by-year] svg g.chart-bar > title").TextContent.ShouldBe("2014: 236亿美元");
        page.Text("section[data-chart=value-by-year] summary").ShouldBe("以表格显示数据");
    }

    [Fact]
    public async Task Chinese_404_page_is_in_Chinese()
    {
        var page = await GetAsync("/countries/XYZ?culture=zh-CN");

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Text("h1").ShouldBe("未找到该国家");
    }
}
