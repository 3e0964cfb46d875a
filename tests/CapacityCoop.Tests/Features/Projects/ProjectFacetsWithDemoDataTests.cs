using CapacityCoop.Tests.Features.Countries;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Projects;

/// <summary>
/// ProjectQuery.FacetsAsync on a thousand generated projects (some archived) besides the seed. A class of its own: it
/// loads demo data.
/// </summary>
public sealed class ProjectFacetsWithDemoDataTests(DemoDataApiFixture database) : IClassFixture<DemoDataApiFixture>
{
    [Fact]
    public async Task Single_valued_facets_add_up_to_the_total_and_match_a_count_in_SQL()
    {
        var facets = await FacetsAsync(new ProjectFilter());
        var total = await TotalAsync(new ProjectFilter());
        var live = await database.QueryAsync(db => db.Projects.CountAsync(p => p.ArchivedAt == null));
        var byStatus = await database.QueryAsync(db => db.Projects.Where(p => p.ArchivedAt == null)
            .GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        var dated = await database.QueryAsync(db => db.Projects.CountAsync(p => p.ArchivedAt == null && p.ConstructionStartOn != null));

        total.ShouldBe(live);
        total.ShouldBeGreaterThan(900);
        facets.Statuses.Sum(s => s.Count).ShouldBe(total);
        Counts(facets.Statuses).ShouldBe(byStatus, ignoreOrder: true);
        facets.Statuses.Count.ShouldBe(6, "the demo data has every status");
        facets.StartYears.Sum(y => y.Count).ShouldBe(dated);
        facets.StartYears.Select(y => y.Value).ShouldBe(facets.StartYears.Select(y => y.Value).OrderDescending(), "newest year first");
    }

    [Fact]
    public async Task The_country_facet_lists_the_top_host_countries_and_always_the_chosen_one()
    {
        var all = await FacetsAsync(new ProjectFilter());
        var byCountry = await database.QueryAsync(db => db.Projects.Where(p => p.ArchivedAt == null)
            .GroupBy(p => p.HostCountryIso3).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        var rare = byCountry.OrderBy(c => c.Count).ThenBy(c => c.Key).First();

        all.Countries.Count.ShouldBe(ProjectQuery.CountryFacetSize);
        all.Countries.Select(c => c.Count).ShouldBe(all.Countries.Select(c => c.Count).OrderDescending());
        all.Countries[0].Count.ShouldBe(byCountry.Max(c => c.Count));
        all.Countries.ShouldNotContain(c => c.Value == rare.Key);

        var chosen = await FacetsAsync(new ProjectFilter { Countries = [rare.Key] });
        chosen.Countries.Count.ShouldBe(ProjectQuery.CountryFacetSize + 1);
        chosen.Countries[^1].ShouldBe(new FacetValue(rare.Key, rare.Count, true));
        chosen.Statuses.Sum(s => s.Count).ShouldBe(rare.Count);
    }

    [Theory]
    [InlineData("sector=railways,steel&status=operational,under-construction")]
    [InlineData("country=KAZ,PAK,IDN&startedFrom=2016")]
    [InlineData("startedFrom=2018&startedTo=2018&sector=electric-power")]
    public async Task Every_count_is_the_total_the_search_gives_when_that_value_is_chosen(string query)
    {
        var filter = await ProjectFilters.ParseAsync(database, query);
        var facets = await FacetsAsync(filter);

        facets.Statuses.Sum(s => s.Count).ShouldBe(await TotalAsync(filter with { Statuses = [] }));
        foreach (var v in facets.Statuses)
        {
            (await TotalAsync(filter with { Statuses = [v.Value] })).ShouldBe(v.Count, $"status {v.Value}");
        }

        foreach (var v in facets.Sectors.Take(6))
        {
            (await TotalAsync(filter with { Sectors = [v.Value] })).ShouldBe(v.Count, $"sector {v.Value}");
        }

        foreach (var v in facets.Countries.Take(6))
        {
            (await TotalAsync(filter with { Countries = [v.Value] })).ShouldBe(v.Count, $"country {v.Value}");
        }

        foreach (var v in facets.StartYears.Take(6))
        {
            var year = int.Parse(v.Value, System.Globalization.CultureInfo.InvariantCulture);
            (await TotalAsync(filter with { StartedFrom = new DateOnly(year, 1, 1), StartedTo = new DateOnly(year, 12, 31) })).ShouldBe(v.Count, $"year {year}");
        }
    }

    [Fact]
    public async Task The_search_page_shows_the_same_counts_as_the_query()
    {
        var facets = await FacetsAsync(await ProjectFilters.ParseAsync(database, "sector=railways"));
        var html = await database.Client().GetStringAsync("/projects?sector=railways");

        foreach (var status in facets.Statuses)
        {
            CapacityCoop.Tests.Pages.Projects.PageHtml.Facet(html, "status").Single(v => v.Value == status.Value).Count.ShouldBe(status.Count);
        }

        html.ShouldContain($">{facets.Statuses.Sum(s => s.Count).ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("en"))} projects</h2>");
    }

    private Task<ProjectFacets> FacetsAsync(ProjectFilter filter) => database.QueryAsync(db => new ProjectQuery(db).FacetsAsync(filter));

    private Task<int> TotalAsync(ProjectFilter filter) => database.QueryAsync(async db => (await new ProjectQuery(db).PageAsync(filter with { PageSize = 1 })).TotalCount);

    private static Dictionary<string, int> Counts(IEnumerable<FacetValue> values) => values.ToDictionary(v => v.Value, v => v.Count);
}
