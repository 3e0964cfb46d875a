using System.Net;

namespace CapacityCoop.Tests.Pages.Sectors;

public sealed class SectorPagesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Task<HtmlPage> GetAsync(string url) => HtmlPage.GetAsync(api.Client(), url);

    private static IReadOnlyList<string> Codes(HtmlPage page) =>
        page.All("table.sectors-table tbody tr").Select(r => r.GetAttribute("data-code")!).ToList();

    [Fact]
    public async Task List_shows_every_sector_in_its_own_order_with_the_focus_sectors_marked()
    {
        var page = await GetAsync("/sectors");

        page.Status.ShouldBe(HttpStatusCode.OK);
        var codes = Codes(page);
        codes.Count.ShouldBe(20);
        codes.Take(4).ShouldBe(["steel", "non-ferrous-metals", "building-materials", "railways"]);
        page.All("tbody tr .badge").Count.ShouldBe(12);
        page.All("tr[data-code=steel] td").Select(HtmlPage.Text).ShouldBe(["1", "US$23.6 bn", "2"]);
        page.One("tr[data-code=railways] th[scope=row] a").GetAttribute("href").ShouldBe("/sectors/railways");
    }

    [Fact]
    public async Task Focus_filter_and_sort_links()
    {
        var focus = await GetAsync("/sectors?focus=true");
        Codes(focus).Count.ShouldBe(12);
        var others = await GetAsync("/sectors?focus=false");
        Codes(others).Count.ShouldBe(8);
        others.All("tbody tr .badge").ShouldBeEmpty();

        focus.One("th[data-sort-key=valueUsd] a").GetAttribute("href").ShouldBe("/sectors?focus=true&sort=-valueUsd");
        var byValue = await GetAsync("/sectors?focus=true&sort=-valueUsd");
        byValue.One("th[data-sort-key=valueUsd]").GetAttribute("aria-sort").ShouldBe("descending");
        Codes(byValue).Take(3).ShouldBe(["aerospace-aviation", "steel", "non-ferrous-metals"], "US$27 bn, then US$23.6 bn ties in the guideline's order");
        Codes(byValue).Last().ShouldBe("shipbuilding-ocean-engineering");
    }

    [Fact]
    public async Task Bad_list_parameters_give_400()
    {
        var page = await GetAsync("/sectors?focus=perhaps");

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Text(".errors").ShouldContain("focus");
    }

    [Fact]
    public async Task Railways_profile_lists_Peru_as_top_partner()
    {
        var page = await GetAsync("/sectors/railways");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Text("h1").ShouldBe("Railways");
        page.Text("[data-testid=kpi-agreements]").ShouldBe("1");
        page.Text("[data-testid=kpi-projects]").ShouldBe("5");
        var partners = page.One("section[data-chart=top-countries]");
        partners.QuerySelector("svg[role=img]").ShouldNotBeNull();
        var first = partners.QuerySelector("tbody tr th[scope=row] a")!;
        (HtmlPage.Text(first), first.GetAttribute("href")).ShouldBe(("Peru", "/countries/PER"));
        partners.QuerySelector("svg g.chart-bar > title")!.TextContent.ShouldBe("Peru: 1");
    }

    [Fact]
    public async Task A_sector_without_recorded_value_charts_agreements_per_year_instead()
    {
        var page = await GetAsync("/sectors/railways");

        var section = page.One("section[data-chart=value-by-year]");
        HtmlPage.Text(section.QuerySelector("h2")!).ShouldBe("Agreements by year signed");
        section.QuerySelector("svg[role=img] title")!.TextContent.ShouldBe("Agreements by year signed: Railways");
        section.QuerySelectorAll("tr[data-year='2015'] td").Select(HtmlPage.Text).ShouldBe(["1", "—"]);
    }

    [Fact]
    public async Task Steel_profile_charts_value_by_year_and_links_to_its_agreements_and_exports()
    {
        var page = await GetAsync("/sectors/STEEL");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.One("link[rel=canonical]").GetAttribute("href").ShouldBe("/sectors/steel");
        page.Text("[data-testid=kpi-value]").ShouldBe("US$23.6 bn");
        page.One("section[data-chart=value-by-year] svg[role=img]").ShouldNotBeNull();
        page.All("section[data-chart=value-by-year] tr[data-year='2014'] td").Select(HtmlPage.Text).ShouldBe(["1", "US$23.6 bn"]);
        page.One("[data-testid=all-agreements]").GetAttribute("href").ShouldBe("/agreements?sector=steel");
        page.One("[data-testid=export-csv]").GetAttribute("href").ShouldBe("/api/v1/agreements?sector=steel&format=csv");
        page.All("section[data-section=latest-agreements] tbody tr td:first-child a")
            .ShouldAllBe(a => a.GetAttribute("href")!.StartsWith("/agreements/"));
    }

    [Fact]
    public async Task Unknown_sector_is_a_404_page()
    {
        var page = await GetAsync("/sectors/space-elevators");

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Text("h1").ShouldBe("Sector not found");
    }

    [Fact]
    public async Task Chinese_sector_pages()
    {
        var list = await GetAsync("/sectors?culture=zh-CN");
        list.Text("tr[data-code=steel] th[scope=row] a").ShouldBe("钢铁");
        list.All("tr[data-code=steel] td").Select(HtmlPage.Text).ShouldBe(["1", "236亿美元", "2"]);

        var railways = await GetAsync("/sectors/railways?culture=zh-CN");
        railways.Text("h1").ShouldBe("铁路");
        railways.Text("section[data-chart=top-countries] tbody th[scope=row] a").ShouldBe("秘鲁");
    }
}
