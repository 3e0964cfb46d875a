using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Projects;

/// <summary>ProjectQuery.FacetsAsync on the seeded projects.</summary>
public sealed class ProjectFacetsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Without_filters_each_facet_counts_every_project()
    {
        var facets = await FacetsAsync(new ProjectFilter());

        Counts(facets.Statuses).ShouldBe(new Dictionary<string, int> { ["under-construction"] = 7, ["operational"] = 3, ["feasibility"] = 1 });
        facets.Statuses.Select(s => s.Value).ShouldBe(["under-construction", "operational", "feasibility"], "largest first");
        facets.Countries.Sum(c => c.Count).ShouldBe(11);
        facets.Countries[0].ShouldBe(new FacetValue("BRA", 2, false));
        Counts(facets.Sectors)["railways"].ShouldBe(5);
        Counts(facets.Sectors)["infrastructure"].ShouldBe(6);
        facets.StartYears.ShouldBe([new FacetValue("2016", 1, false), new FacetValue("2015", 4, false), new FacetValue("2014", 1, false)]);
    }

    [Fact]
    public async Task A_facet_ignores_its_own_choice_and_the_others_count_within_it()
    {
        var facets = await FacetsAsync(new ProjectFilter { Sectors = ["railways"] });

        Counts(facets.Sectors).ShouldBe(Counts((await FacetsAsync(new ProjectFilter())).Sectors));
        facets.Sectors.Single(s => s.Value == "railways").Selected.ShouldBeTrue();
        Counts(facets.Statuses).ShouldBe(new Dictionary<string, int> { ["under-construction"] = 4, ["feasibility"] = 1 });
        facets.Countries.Select(c => c.Value).ShouldBe(["IDN", "LAO", "PER", "SRB", "THA"]);
        Counts(facets.StartYears).ShouldBe(new Dictionary<string, int> { ["2016"] = 1, ["2015"] = 3 });
    }

    [Fact]
    public async Task A_start_year_is_chosen_by_a_range_covering_exactly_that_year()
    {
        var chosen = await FacetsAsync(new ProjectFilter { StartedFrom = new DateOnly(2015, 1, 1), StartedTo = new DateOnly(2015, 12, 31) });
        var range = await FacetsAsync(new ProjectFilter { StartedFrom = new DateOnly(2015, 1, 1), StartedTo = new DateOnly(2015, 6, 30) });

        chosen.StartYears.Single(y => y.Selected).ShouldBe(new FacetValue("2015", 4, true));
        Counts(chosen.Statuses).ShouldBe(new Dictionary<string, int> { ["under-construction"] = 4 });
        range.StartYears.ShouldAllBe(y => !y.Selected);
        Counts(range.Statuses).ShouldBeEmpty("no seeded project started in the first half of 2015");
    }

    [Fact]
    public async Task A_chosen_value_nothing_matches_is_still_listed_with_zero()
    {
        var facets = await FacetsAsync(new ProjectFilter { Countries = ["MYS"], Statuses = ["feasibility"], Sectors = ["nuclear-power"] });

        facets.Statuses.ShouldContain(new FacetValue("feasibility", 0, true));
        facets.Sectors.ShouldContain(new FacetValue("nuclear-power", 0, true));
        facets.Countries.ShouldContain(new FacetValue("MYS", 0, true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sector=railways")]
    [InlineData("status=under-construction&country=LAO,THA,PAK")]
    [InlineData("q=railway")]
    [InlineData("startedFrom=2015&startedTo=2015")]
    public async Task Every_count_is_the_total_the_search_gives_when_that_value_is_chosen(string query)
    {
        var filter = await ParseAsync(query);
        var facets = await FacetsAsync(filter);

        foreach (var v in facets.Statuses)
        {
            (await TotalAsync(filter with { Statuses = [v.Value] })).ShouldBe(v.Count, $"status {v.Value}");
        }

        foreach (var v in facets.Countries)
        {
            (await TotalAsync(filter with { Countries = [v.Value] })).ShouldBe(v.Count, $"country {v.Value}");
        }

        foreach (var v in facets.Sectors)
        {
            (await TotalAsync(filter with { Sectors = [v.Value] })).ShouldBe(v.Count, $"sector {v.Value}");
        }

        foreach (var v in facets.StartYears)
        {
            var year = int.Parse(v.Value, System.Globalization.CultureInfo.InvariantCulture);
            (await TotalAsync(filter with { StartedFrom = new DateOnly(year, 1, 1), StartedTo = new DateOnly(year, 12, 31) })).ShouldBe(v.Count, $"year {year}");
        }

        // A project has one status: the status counts add up to the result without a status filter.
        facets.Statuses.Sum(s => s.Count).ShouldBe(await TotalAsync(filter with { Statuses = [] }));
    }

    private Task<ProjectFilter> ParseAsync(string query) => ProjectFilters.ParseAsync(database, query);

    private Task<ProjectFacets> FacetsAsync(ProjectFilter filter) => database.QueryAsync(db => new ProjectQuery(db).FacetsAsync(filter));

    private Task<int> TotalAsync(ProjectFilter filter) => database.QueryAsync(async db => (await new ProjectQuery(db).PageAsync(filter with { PageSize = 1 })).TotalCount);

    private static Dictionary<string, int> Counts(IEnumerable<FacetValue> values) => values.ToDictionary(v => v.Value, v => v.Count);
}
