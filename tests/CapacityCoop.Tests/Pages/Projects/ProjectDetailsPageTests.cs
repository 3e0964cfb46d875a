using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Pages.Projects.PageHtml;

namespace CapacityCoop.Tests.Pages.Projects;

/// <summary>The project page through the real app on a freshly seeded database.</summary>
public sealed class ProjectDetailsPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task Kuantan_shows_its_figures_dates_links_and_sources()
    {
        var id = await IdAsync("kuantan-steel-plant");
        var (status, html) = await GetAsync($"/projects/{id}");
        var text = Text(html);

        status.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("<h1>Steel plant, Malaysia-China Kuantan Industrial Park</h1>");
        text.ShouldContain("<p class=\"other-name\" lang=\"zh-CN\">马中关丹产业园钢铁厂</p>");
        Text(TestId(html, "investment-usd")).ShouldBe("US$1.4 bn");
        Text(TestId(html, "investment-original")).ShouldBe("1,400,000,000 USD");
        Text(TestId(html, "investment-note")).ShouldBe("around US$1.4 billion (article 004)");
        Text(TestId(html, "capacity")).ShouldBe("3.5 Mt/yr");
        Text(TestId(html, "jobs")).ShouldBe("4,000");
        Text(TestId(html, "construction-start")).ShouldBe("23 December 2014");
        Text(TestId(html, "announced")).ShouldBe("Date not known");
        Text(TestId(html, "status")).ShouldBe("Under construction");
        html.ShouldContain("<a href=\"/countries/MYS\" data-testid=\"host-country\">Malaysia</a>");
        TestId(html, "sectors").ShouldContain("<a href=\"/sectors/steel\">Steel</a>");
        TestId(html, "sectors").ShouldContain("<a href=\"/sectors/industrial-parks\">Industrial parks</a>");

        var sources = Regex.Matches(TestId(html, "sources"), "<li id=\"source-\\d+\">").Count;
        sources.ShouldBe(1);
        text.ShouldContain("Investment around US$1.4 billion, H-shape steel, 3.5 million tons a year, 4,000 jobs");
        text.ShouldContain("International Cooperation Eases China’s Integration into Global Economy");
    }

    [Fact]
    public async Task A_known_location_is_a_marker_on_the_world_map_with_the_host_country_highlighted_and_a_text_alternative()
    {
        var id = await IdAsync("kuantan-steel-plant");
        var (_, html) = await GetAsync($"/projects/{id}");

        var svg = XElement.Parse(Svg(html));
        svg.Attribute("role")!.Value.ShouldBe("img");
        svg.Descendants(Svg + "circle").Count().ShouldBe(1);
        svg.Descendants(Svg + "path").Count(p => (string?)p.Attribute("data-highlight") == "MYS").ShouldBe(1);
        var malaysia = svg.Descendants(Svg + "path").First(p => (string?)p.Attribute("data-iso3") == "MYS");
        malaysia.Attribute("fill")!.Value.ShouldNotBe(svg.Descendants(Svg + "path").First(p => (string?)p.Attribute("data-iso3") == "FRA").Attribute("fill")!.Value);
        svg.Element(Svg + "desc")!.Value.ShouldBe(
            "Steel plant, Malaysia-China Kuantan Industrial Park is marked at 3.97° N, 103.38° E, in Malaysia, which is outlined.");
        Text(TestId(html, "location-text")).ShouldBe("Location: 3.97° N, 103.38° E, Malaysia");
        html.ShouldNotContain("data-testid=\"location-unknown\"");
    }

    [Fact]
    public async Task Without_coordinates_the_page_says_the_location_is_unknown_and_links_the_agreement()
    {
        var id = await IdAsync("two-ocean-railway-feasibility-study");
        var agreement = await api.QueryAsync(db => db.Agreements.Where(a => a.Slug == "chn-per-two-ocean-railway-study-2015-05").Select(a => a.Id).SingleAsync());
        var (status, html) = await GetAsync($"/projects/{id}");

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("data-testid=\"location-unknown\"");
        html.ShouldNotContain("class=\"world-map\"");
        TestId(html, "agreements").ShouldContain($"<a href=\"/agreements/{agreement}\">");
        Text(TestId(html, "announced")).ShouldBe("May 2015");
        Text(TestId(html, "investment-usd")).ShouldBe("Not stated");
        Text(TestId(html, "capacity")).ShouldBe("Not stated");
    }

    [Fact]
    public async Task Companies_are_listed_with_their_role_and_country()
    {
        var id = await IdAsync("chery-mvm-iran");
        var (_, html) = await GetAsync($"/projects/{id}");
        var rows = Regex.Matches(TestId(html, "companies"), "<tr data-organisation-id=\"\\d+\">\\s*<td>(.*?)</td>\\s*<td>(.*?)</td>\\s*<td>(.*?)</td>", RegexOptions.Singleline)
            .Select(m => (Name: Text(m.Groups[1].Value), Role: Text(m.Groups[2].Value), Country: Text(m.Groups[3].Value)))
            .ToList();
        var expected = await api.QueryAsync(db => db.Set<CapacityCoop.Web.Domain.ProjectCompany>()
            .Where(c => c.ProjectId == id)
            .Select(c => new { c.Organisation!.Name, c.Role, Country = c.Organisation.Country!.NameEn })
            .ToListAsync());

        rows.Count.ShouldBe(3);
        rows.ShouldBe(expected.Select(e => (e.Name, char.ToUpperInvariant(e.Role[0]) + e.Role[1..], e.Country)).ToList(), ignoreOrder: true);
        rows.Select(r => r.Role).ShouldContain("Operator");
    }

    [Fact]
    public async Task The_page_offers_a_citation_with_the_stable_URL_and_links_the_full_history()
    {
        var id = await IdAsync("china-laos-railway");
        var (_, html) = await GetAsync($"/projects/{id}");
        var text = Text(html);

        text.ShouldContain($"<link rel=\"canonical\" href=\"http://localhost/projects/{id}\" />");
        Text(TestId(html, "stable-url")).ShouldBe($"http://localhost/projects/{id}");
        Text(TestId(html, "citation")).ShouldStartWith("CapacityCoop (");
        Text(TestId(html, "citation")).ShouldContain($"\"China–Laos railway\". Project {id}, version of ");
        Text(TestId(html, "citation")).ShouldEndWith($"http://localhost/projects/{id}");
        html.ShouldContain($"<a href=\"/api/v1/projects/{id}/history\" data-testid=\"history-json\">");
        html.ShouldNotContain("data-testid=\"archived-banner\"");
    }

    [Fact]
    public async Task An_archived_project_stays_readable_with_a_banner_and_its_change_in_the_history()
    {
        var id = await IdAsync("chery-brazil-plant");
        var client = api.Client(await api.CreateKeyAsync("read", "write"));
        (await client.DeleteAsync($"/api/v1/projects/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var (status, html) = await GetAsync($"/projects/{id}");
        var history = Text(TestId(html, "history"));

        status.ShouldBe(HttpStatusCode.OK);
        Text(TestId(html, "archived-banner")).ShouldContain("Archived on ");
        history.ShouldContain("<strong>Archived</strong>", Case.Sensitive);
        history.ShouldContain("<code>archived</code>", Case.Sensitive);
        history.IndexOf("Archived", StringComparison.Ordinal).ShouldBeLessThan(history.IndexOf("Created", StringComparison.Ordinal), "newest first");
        var (_, search) = await GetAsync("/projects?country=BRA");
        RowIds(search).ShouldNotContain(id);
    }

    [Fact]
    public async Task In_Chinese_the_labels_dates_and_money_are_Chinese()
    {
        var id = await IdAsync("kuantan-steel-plant");
        var (status, html) = await GetAsync($"/projects/{id}?culture=zh-CN");
        var text = Text(html);

        status.ShouldBe(HttpStatusCode.OK);
        text.ShouldContain("<h1>马中关丹产业园钢铁厂</h1>");
        text.ShouldContain("<p class=\"other-name\" lang=\"en\">Steel plant, Malaysia-China Kuantan Industrial Park</p>");
        Text(TestId(html, "investment-usd")).ShouldBe("14亿美元");
        Text(TestId(html, "construction-start")).ShouldBe("2014年12月23日");
        Text(TestId(html, "status")).ShouldBe("在建");
        Text(TestId(html, "location-text")).ShouldBe("位置：北纬3.97°，东经103.38°，马来西亚");
        text.ShouldContain("<dt>东道国</dt>");
        text.ShouldContain("<h2 id=\"sources-heading\">出处</h2>");
        text.ShouldContain("data-testid=\"host-country\">马来西亚</a>");
        XElement.Parse(Svg(html)).Element(Svg + "desc")!.Value.ShouldContain("北纬3.97°");
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_page()
    {
        var (status, html) = await GetAsync("/projects/999999");

        status.ShouldBe(HttpStatusCode.NotFound);
        html.ShouldContain("<h1>Project not found</h1>");
        html.ShouldContain("There is no project with id 999999.");
        html.ShouldContain("<a href=\"/projects\">");
    }

    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        var response = await api.Client().GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<long> IdAsync(string slug) => api.QueryAsync(db => db.Projects.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());
}
