using System.Net;

namespace CapacityCoop.Tests.Pages.Countries;

public sealed class CountryListPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Task<HtmlPage> GetAsync(string url) => HtmlPage.GetAsync(api.Client(), url);

    private static IReadOnlyList<string> Codes(HtmlPage page) =>
        page.All("table.countries-table tbody tr").Select(r => r.GetAttribute("data-iso3")!).ToList();

    [Fact]
    public async Task Lists_countries_with_agreements_largest_value_first()
    {
        var page = await GetAsync("/countries");

        page.Status.ShouldBe(HttpStatusCode.OK);
        Codes(page).ShouldBe(["CHN", "BRA", "KAZ", "CHL", "COL", "PER"]);
        page.Text("h1").ShouldBe("Countries");
        page.One("th[data-sort-key=valueUsd]").GetAttribute("aria-sort").ShouldBe("descending");
    }

    [Fact]
    public async Task Kazakhstan_row_shows_one_agreement_worth_23_6_billion_and_links_to_its_profile()
    {
        var page = await GetAsync("/countries");

        var cells = page.All("tr[data-iso3=KAZ] td").Select(HtmlPage.Text).ToList();
        cells.ShouldBe(["Asia", "1", "US$23.6 bn", "0"]);
        var link = page.One("tr[data-iso3=KAZ] th[scope=row] a");
        (link.GetAttribute("href"), HtmlPage.Text(link)).ShouldBe(("/countries/KAZ", "Kazakhstan"));
    }

    [Fact]
    public async Task Show_all_link_lists_all_249_countries_and_links_back()
    {
        var page = await GetAsync("/countries");
        var showAll = page.One("[data-testid=show-all]");
        showAll.GetAttribute("href").ShouldBe("/countries?all=true");
        HtmlPage.Text(showAll).ShouldBe("Show all 249 countries");

        var all = await GetAsync("/countries?all=true");

        Codes(all).Count.ShouldBe(249);
        all.Text("#countries-heading").ShouldBe("249 countries");
        all.One("[data-testid=with-agreements]").GetAttribute("href").ShouldBe("/countries");
    }

    [Fact]
    public async Task Region_filter_narrows_the_list_and_marks_the_current_region()
    {
        var page = await GetAsync("/countries?region=latin-america-caribbean");

        Codes(page).ShouldBe(["BRA", "CHL", "COL", "PER"]);
        page.One("a[data-region=latin-america-caribbean]").GetAttribute("aria-current").ShouldBe("page");
        page.One("a[data-region=asia]").GetAttribute("href").ShouldBe("/countries?region=asia");

        var asia = await GetAsync("/countries?region=asia");
        Codes(asia).ShouldBe(["CHN", "KAZ"]);
    }

    [Fact]
    public async Task Region_without_agreements_says_so_and_offers_to_start_again()
    {
        var page = await GetAsync("/countries?region=africa");

        page.Status.ShouldBe(HttpStatusCode.OK);
        Codes(page).ShouldBeEmpty();
        page.Text(".empty").ShouldContain("No countries match these filters.");
    }

    [Fact]
    public async Task Region_and_show_all_combine()
    {
        var page = await GetAsync("/countries?region=oceania&all=true");

        Codes(page).ShouldNotBeEmpty();
        Codes(page).ShouldContain("AUS");
        Codes(page).ShouldNotContain("KAZ");
    }

    [Fact]
    public async Task Sort_links_keep_the_filters_and_toggle_the_current_column()
    {
        var page = await GetAsync("/countries?region=asia");

        page.One("th[data-sort-key=agreementCount] a").GetAttribute("href").ShouldBe("/countries?region=asia&sort=-agreementCount");
        page.One("th[data-sort-key=name] a").GetAttribute("href").ShouldBe("/countries?region=asia&sort=name");
        page.One("th[data-sort-key=valueUsd] a").GetAttribute("href").ShouldBe("/countries?region=asia&sort=valueUsd", "the current column flips to ascending");

        var ascending = await GetAsync("/countries?region=asia&sort=valueUsd");
        Codes(ascending).ShouldBe(["KAZ", "CHN"]);
        ascending.One("th[data-sort-key=valueUsd]").GetAttribute("aria-sort").ShouldBe("ascending");
        ascending.One("th[data-sort-key=valueUsd] a").GetAttribute("href").ShouldBe("/countries?region=asia", "back to the default, largest first");
        ascending.All("th[aria-sort]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Sorting_by_name_and_by_projects()
    {
        Codes(await GetAsync("/countries?sort=name")).ShouldBe(["BRA", "CHL", "CHN", "COL", "KAZ", "PER"]);
        Codes(await GetAsync("/countries?sort=-name")).ShouldBe(["PER", "KAZ", "COL", "CHN", "CHL", "BRA"]);
        Codes(await GetAsync("/countries?sort=-projectCount")).Take(2).ShouldBe(["BRA", "PER"]);
    }

    [Fact]
    public async Task Search_box_finds_a_country_by_code_or_name()
    {
        Codes(await GetAsync("/countries?q=kaz")).ShouldBe(["KAZ"]);
        Codes(await GetAsync("/countries?q=bra&all=true")).ShouldContain("BRA");
        (await GetAsync("/countries?q=kaz")).One("input#q").GetAttribute("value").ShouldBe("kaz");
    }

    [Fact]
    public async Task Bloc_filter_lists_the_members_and_can_be_removed()
    {
        var page = await GetAsync("/countries?bloc=SCO&all=true");

        Codes(page).ShouldContain("KAZ");
        Codes(page).ShouldContain("CHN");
        Codes(page).ShouldNotContain("BRA");
        page.Text(".active-filter").ShouldContain("Members of SCO");
    }

    [Fact]
    public async Task Chinese_shows_names_regions_and_figures_in_Chinese()
    {
        var page = await GetAsync("/countries?culture=zh-CN");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.One("html").GetAttribute("lang").ShouldBe("zh-CN");
        page.Text("h1").ShouldBe("国家");
        page.Text("tr[data-iso3=KAZ] th[scope=row] a").ShouldBe("哈萨克斯坦");
        page.All("tr[data-iso3=KAZ] td").Select(HtmlPage.Text).ShouldBe(["亚洲", "1", "236亿美元", "0"]);
        page.One("th[data-sort-key=agreementCount] a").GetAttribute("href").ShouldBe("/countries?culture=zh-CN&sort=-agreementCount", "links keep the language");
    }

    [Fact]
    public async Task Chinese_name_sort_follows_pinyin()
    {
        var page = await GetAsync("/countries?culture=zh-CN&sort=name");

        var names = page.All("tbody th[scope=row] a").Select(HtmlPage.Text).ToList();
        names[0].ShouldBe("巴西");
        names[^1].ShouldBe("中国");
    }

    [Theory]
    [InlineData("region=atlantis", "region")]
    [InlineData("sort=population", "sort")]
    [InlineData("all=maybe", "all")]
    [InlineData("colour=blue", "colour")]
    public async Task Bad_parameters_give_400_with_the_reason_not_an_exception(string query, string parameter)
    {
        var page = await GetAsync($"/countries?{query}");

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Text(".errors").ShouldContain(parameter);
        page.One(".errors a").GetAttribute("href").ShouldBe("/countries");
    }

    [Fact]
    public async Task Navigation_links_to_countries_and_sectors_between_agreements_and_the_API()
    {
        var page = await GetAsync("/countries");

        page.All("nav .nav a").Select(a => a.GetAttribute("href")).ShouldBe(["/", "/agreements", "/projects", "/countries", "/sectors", "/swagger"]);
        page.One("nav .nav a[href='/countries']").GetAttribute("aria-current").ShouldBe("page");
    }

    [Fact]
    public async Task Table_sits_in_a_scrolling_region_with_scoped_headers()
    {
        var page = await GetAsync("/countries");

        var region = page.One(".table-scroll");
        (region.GetAttribute("role"), region.GetAttribute("tabindex")).ShouldBe(("region", "0"));
        page.All("thead th").ShouldAllBe(th => th.GetAttribute("scope") == "col");
        page.All("tbody th").ShouldAllBe(th => th.GetAttribute("scope") == "row");
    }
}
