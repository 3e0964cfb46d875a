using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Pages.Projects.PageHtml;

namespace CapacityCoop.Tests.Pages.Projects;

/// <summary>The project search page through the real app on a freshly seeded database.</summary>
public sealed class ProjectSearchPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Railways = "china-laos-railway,china-thailand-railway,hungary-serbia-railway-serbian-section,jakarta-bandung-high-speed-railway";

    [Fact]
    public async Task Without_filters_it_lists_every_project_with_facet_counts_and_a_map_of_the_located_ones()
    {
        var (status, html) = await GetAsync("/projects");

        status.ShouldBe(HttpStatusCode.OK);
        Text(html).ShouldContain("<h2 id=\"results-heading\" aria-live=\"polite\">11 projects</h2>");
        RowIds(html).Count.ShouldBe(11);
        Counts(html, "status").ShouldBe(new Dictionary<string, int> { ["under-construction"] = 7, ["operational"] = 3, ["feasibility"] = 1 });
        Counts(html, "year").ShouldBe(new Dictionary<string, int> { ["2016"] = 1, ["2015"] = 4, ["2014"] = 1 });
        Counts(html, "sector")["railways"].ShouldBe(5);
        Counts(html, "country")["BRA"].ShouldBe(2);
        Facet(html, "status").Single(v => v.Value == "under-construction").Label.ShouldBe("Under construction");
        Facet(html, "country").Single(v => v.Value == "MYS").Label.ShouldBe("Malaysia");

        // Nine of the eleven seeded projects have coordinates; each marker links to its project.
        var svg = Svg(html);
        Regex.Count(svg, "<circle ").ShouldBe(9);
        var kuantan = await IdAsync("kuantan-steel-plant");
        svg.ShouldContain($"<a href=\"/projects/{kuantan}\"");
        html.ShouldNotContain("class=\"clear\"");
    }

    [Theory]
    [InlineData("/projects?country=MYS", "1 project")]
    [InlineData("/agreements?q=railway", "1 agreement")]
    [InlineData("/agreements?q=railway&culture=zh-CN", "1 项协议")]
    [InlineData("/countries?region=oceania", "0 countries")]
    public async Task A_result_of_one_is_counted_in_the_singular(string url, string heading)
    {
        var (status, html) = await GetAsync(url);

        status.ShouldBe(HttpStatusCode.OK);
        Text(html).ShouldContain($">{heading}</h2>");
    }

    [Theory]
    [InlineData("sector=railways", Railways + ",two-ocean-railway-feasibility-study")]
    [InlineData("country=MYS", "kuantan-steel-plant")]
    [InlineData("status=feasibility", "two-ocean-railway-feasibility-study")]
    [InlineData("startedFrom=2015&startedTo=2015", "kanupp-2,china-laos-railway,china-thailand-railway,hungary-serbia-railway-serbian-section")]
    [InlineData("sector=railways&status=under-construction", Railways)]
    [InlineData("country=BRA,PER&sector=railways", "two-ocean-railway-feasibility-study")]
    [InlineData("q=steel", "kuantan-steel-plant,eastern-industrial-park-ethiopia")]
    public async Task Each_filter_shows_exactly_the_matching_projects(string query, string expected)
    {
        var (status, html) = await GetAsync($"/projects?{query}");
        var slugs = expected.Split(',');
        var ids = await api.QueryAsync(db => db.Projects.Where(p => slugs.Contains(p.Slug)).Select(p => p.Id).ToListAsync());

        status.ShouldBe(HttpStatusCode.OK);
        ids.Count.ShouldBe(slugs.Length);
        RowIds(html).ShouldBe(ids, ignoreOrder: true);
        Text(html).ShouldContain(slugs.Length == 1 ? ">1 project</h2>" : $">{slugs.Length} projects</h2>");
        html.ShouldContain("class=\"clear\" href=\"/projects\"");
    }

    [Fact]
    public async Task Facets_narrow_each_other_and_a_chosen_value_keeps_its_alternatives()
    {
        var (_, html) = await GetAsync("/projects?sector=railways");

        // The other facets count within the railway projects ...
        Counts(html, "status").ShouldBe(new Dictionary<string, int> { ["under-construction"] = 4, ["feasibility"] = 1 });
        Counts(html, "country").ShouldBe(new Dictionary<string, int> { ["IDN"] = 1, ["LAO"] = 1, ["PER"] = 1, ["SRB"] = 1, ["THA"] = 1 });
        Counts(html, "year").ShouldBe(new Dictionary<string, int> { ["2016"] = 1, ["2015"] = 3 });

        // ... while the sector facet ignores its own choice, so the alternatives stay with their full counts.
        var sectors = Facet(html, "sector");
        sectors.Single(v => v.Value == "railways").ShouldSatisfyAllConditions(
            v => v.Count.ShouldBe(5),
            v => v.Selected.ShouldBeTrue(),
            v => v.Href.ShouldBe("/projects"));
        sectors.Single(v => v.Value == "automobiles").ShouldSatisfyAllConditions(
            v => v.Count.ShouldBe(3),
            v => v.Selected.ShouldBeFalse(),
            v => v.Href.ShouldBe("/projects?sector=railways,automobiles"));
        Facet(html, "status").Single(v => v.Value == "feasibility").Href.ShouldBe("/projects?sector=railways&status=feasibility");
    }

    [Fact]
    public async Task A_start_year_is_a_range_in_the_URL_and_choosing_it_again_removes_it()
    {
        var (_, all) = await GetAsync("/projects?status=under-construction&page=2");
        var year2015 = Facet(all, "year").Single(v => v.Value == "2015");
        year2015.Href.ShouldBe("/projects?status=under-construction&startedFrom=2015&startedTo=2015", "choosing a value restarts paging");

        var (_, chosen) = await GetAsync(year2015.Href);
        var selected = Facet(chosen, "year").Single(v => v.Selected);
        selected.Value.ShouldBe("2015");
        selected.Count.ShouldBe(4);
        selected.Href.ShouldBe("/projects?status=under-construction");
        RowIds(chosen).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_chosen_value_that_the_other_filters_exclude_stays_listed_with_zero()
    {
        var (_, html) = await GetAsync("/projects?country=MYS&status=feasibility");

        Text(html).ShouldContain(">0 projects</h2>");
        html.ShouldContain("No projects match these filters.");
        var feasibility = Facet(html, "status").Single(v => v.Value == "feasibility");
        (feasibility.Count, feasibility.Selected, feasibility.Href).ShouldBe((0, true, "/projects?country=MYS"));
    }

    [Theory]
    [InlineData("status=done", "status", "'done' is not a known status")]
    [InlineData("country=XYZ", "country", "'XYZ' is not a known country")]
    [InlineData("startedFrom=2015-13", "startedFrom", "startedFrom")]
    [InlineData("agreementId=999999", "agreementId", "No agreement with id 999999.")]
    [InlineData("colour=red", "colour", "Unknown query parameter 'colour'")]
    [InlineData("pageSize=100000", "pageSize", "pageSize")]
    public async Task A_bad_parameter_is_a_400_page_that_names_it(string query, string parameter, string message)
    {
        var (status, html) = await GetAsync($"/projects?{query}");
        var errors = Regex.Match(html, "<div class=\"errors\" role=\"alert\">(.*?)</div>", RegexOptions.Singleline);

        status.ShouldBe(HttpStatusCode.BadRequest);
        errors.Success.ShouldBeTrue();
        Text(errors.Value).ShouldContain($"<strong>{parameter}</strong>");
        Text(errors.Value).ShouldContain(message);
        errors.Value.ShouldContain("<a href=\"/projects\">");
        html.ShouldNotContain("<table");
    }

    [Fact]
    public async Task An_empty_result_says_so_and_offers_to_clear_the_filters()
    {
        var (status, html) = await GetAsync("/projects?q=submarine");
        var empty = Regex.Match(html, "<div class=\"empty\">(.*?)</div>", RegexOptions.Singleline);

        status.ShouldBe(HttpStatusCode.OK);
        empty.Value.ShouldContain("No projects match these filters.");
        empty.Value.ShouldContain("<a href=\"/projects\">");
        html.ShouldNotContain("class=\"world-map\"");
    }

    [Fact]
    public async Task Export_links_ask_the_API_for_exactly_this_filtered_set_in_each_format()
    {
        var (_, html) = await GetAsync("/projects?sector=railways&sort=name&page=2&culture=en");
        var links = Regex.Matches(html, "<a href=\"(/api/v1/projects[^\"]*)\" download").Select(m => Text(m.Groups[1].Value)).ToList();

        links.ShouldBe(
        [
            "/api/v1/projects?sector=railways&sort=name&format=csv",
            "/api/v1/projects?sector=railways&sort=name&format=json",
            "/api/v1/projects?sector=railways&sort=name&format=xlsx",
            "/api/v1/projects?sector=railways&sort=name&format=geojson",
        ]);
        foreach (var link in links)
        {
            (await api.Client().GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.OK, link);
        }
    }

    [Fact]
    public async Task Pages_link_to_each_other_with_the_current_one_marked()
    {
        var (_, html) = await GetAsync("/projects?pageSize=4&page=2&sort=name");

        RowIds(html).Count.ShouldBe(4);
        var pagination = Text(Regex.Match(html, "<nav class=\"pagination\".*?</nav>", RegexOptions.Singleline).Value);
        pagination.ShouldContain("<a href=\"/projects?pageSize=4&sort=name&page=2\" aria-current=\"page\">2</a>");
        pagination.ShouldContain("<a href=\"/projects?pageSize=4&sort=name\" rel=\"prev\">");
        pagination.ShouldContain("<a href=\"/projects?pageSize=4&sort=name&page=3\" rel=\"next\">");
        html.ShouldContain("<option value=\"name\" selected=\"selected\">");
    }

    [Fact]
    public async Task Sorting_by_investment_puts_the_largest_first()
    {
        var (_, html) = await GetAsync("/projects?sort=-investmentUsd");

        RowIds(html).Take(2).ShouldBe([await IdAsync("kuantan-steel-plant"), await IdAsync("chery-brazil-plant")]);
        Text(html).ShouldContain("US$1.4 bn");
        Text(html).ShouldContain("3.5 Mt/yr");
        Text(html).ShouldContain("1,100 MW");
        Text(html).ShouldContain("23 December 2014");
        Text(html).ShouldContain("August 2015");
    }

    [Fact]
    public async Task The_search_box_keeps_the_other_filters_as_hidden_fields()
    {
        var (_, html) = await GetAsync("/projects?sector=railways&q=railway&page=2");
        var form = Regex.Match(html, "<form method=\"get\" action=\"/projects\" class=\"search\".*?</form>", RegexOptions.Singleline).Value;

        form.ShouldContain("<input type=\"hidden\" name=\"sector\" value=\"railways\" />");
        form.ShouldNotContain("name=\"page\"");
        form.ShouldContain("value=\"railway\"");
    }

    [Fact]
    public async Task In_Chinese_the_labels_are_Chinese_and_the_language_does_not_count_as_a_filter()
    {
        var (status, html) = await GetAsync("/projects?culture=zh-CN&status=under-construction");
        var text = Text(html);

        status.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("<html lang=\"zh-CN\">");
        text.ShouldContain("<h1>项目</h1>");
        text.ShouldContain(">7 个项目</h2>");
        Facet(html, "status").Single(v => v.Value == "under-construction").Label.ShouldBe("在建");
        Facet(html, "country").Single(v => v.Value == "MYS").Label.ShouldBe("马来西亚");
        text.ShouldContain("2014年12月23日");
        text.ShouldContain("14亿美元");
        text.ShouldContain("<h3>东道国</h3>");
        text.ShouldContain("/api/v1/projects?status=under-construction&format=csv");
        text.ShouldNotContain("format=csv&culture");
    }

    [Fact]
    public async Task The_navigation_has_Projects_after_Agreements_marked_as_current()
    {
        var (_, html) = await GetAsync("/projects");
        var nav = Regex.Match(html, "<ul class=\"nav\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;

        var hrefs = Regex.Matches(nav, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        hrefs.IndexOf("/projects").ShouldBe(hrefs.IndexOf("/agreements") + 1);
        nav.ShouldContain("<a href=\"/projects\" aria-current=\"page\">Projects</a>");
    }

    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        var response = await api.Client().GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<long> IdAsync(string slug) => api.QueryAsync(db => db.Projects.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

    private static Dictionary<string, int> Counts(string html, string facet) => Facet(html, facet).ToDictionary(v => v.Value, v => v.Count);
}
