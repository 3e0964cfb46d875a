using CapacityCoop.Tests.Features.Agreements;
using CapacityCoop.Tests.Features.Countries;
using CapacityCoop.Tests.Features.Projects;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>FacetTable.YearParts: a date range as whole years, which the facet table counts, and part years at its ends.</summary>
public sealed class DateRangePartsTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void An_open_range_from_a_day_in_a_year_is_the_rest_of_that_year_and_every_year_after()
    {
        FacetTable.YearParts(D("2015-03-01"), null).ShouldBe([(D("2015-03-01"), D("2015-12-31")), (D("2016-01-01"), null)]);
        FacetTable.YearParts(null, D("2016-06-30")).ShouldBe([(D("2016-01-01"), D("2016-06-30")), (null, D("2015-12-31"))]);
    }

    [Fact]
    public void A_range_over_several_years_has_a_head_whole_years_and_a_tail()
    {
        FacetTable.YearParts(D("2014-07-01"), D("2019-02-14"))
            .ShouldBe([(D("2014-07-01"), D("2014-12-31")), (D("2019-01-01"), D("2019-02-14")), (D("2015-01-01"), D("2018-12-31"))]);
        FacetTable.YearParts(D("2015-03-01"), D("2016-01-31"))
            .ShouldBe([(D("2015-03-01"), D("2015-12-31")), (D("2016-01-01"), D("2016-01-31"))], "no whole year in between");
    }

    [Fact]
    public void Whole_years_and_ranges_within_one_year_are_one_part()
    {
        FacetTable.YearParts(D("2015-01-01"), D("2016-12-31")).ShouldBe([(D("2015-01-01"), D("2016-12-31"))]);
        FacetTable.YearParts(D("2016-02-01"), D("2016-09-30")).ShouldBe([(D("2016-02-01"), D("2016-09-30"))]);
        FacetTable.SingleYear(D("2016-02-01"), D("2016-09-30")).ShouldBe("2016");
        FacetTable.SingleYear(D("2016-02-01"), null).ShouldBeNull();
    }

    [Fact]
    public void The_parts_of_any_range_are_disjoint_and_cover_exactly_its_days()
    {
        var random = new Random(7);
        var first = D("2010-01-01");
        for (var i = 0; i < 300; i++)
        {
            DateOnly? from = random.Next(4) == 0 ? null : first.AddDays(random.Next(3000));
            DateOnly? to = random.Next(4) == 0 ? null : (from ?? first).AddDays(random.Next(2000));
            var parts = FacetTable.YearParts(from, to);

            for (var day = first.AddDays(-400); day < first.AddDays(5500); day = day.AddDays(1))
            {
                var inRange = (from is null || day >= from) && (to is null || day <= to);
                parts.Count(p => (p.From is null || day >= p.From) && (p.To is null || day <= p.To))
                    .ShouldBe(inRange ? 1 : 0, $"{day} in {from}–{to}: {string.Join(", ", parts)}");
            }
        }
    }
}

/// <summary>Counts and facets under date ranges that are not whole years equal counts over the records themselves.</summary>
public sealed class DateRangeCountsWithDemoDataTests(DemoDataApiFixture database) : IClassFixture<DemoDataApiFixture>
{
    [Theory]
    [InlineData("signedFrom=2015-03-01")]
    [InlineData("signedTo=2016-06-30")]
    [InlineData("signedFrom=2014-07-01&signedTo=2019-02-14&sector=steel")]
    [InlineData("signedFrom=2016-02-01&signedTo=2016-09-30")]
    [InlineData("signedFrom=2015-03-01&q=cooperation")]
    public async Task Agreement_totals_and_facets_equal_a_count_of_the_records(string query)
    {
        var filter = await AgreementFilters.ParseAsync(database, query);
        var facets = await database.QueryAsync(db => new AgreementQuery(db).FacetsAsync(filter));
        var total = await database.QueryAsync(db => new AgreementQuery(db).CountAsync(filter));
        var byKind = await database.QueryAsync(db => Matching(db, filter)
            .GroupBy(a => a.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        var bySector = await database.QueryAsync(db => Matching(db, filter with { Sectors = [] })
            .SelectMany(a => a.Sectors).GroupBy(s => s.SectorCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));

        total.ShouldBe(byKind.Values.Sum());
        total.ShouldBeGreaterThan(0);
        facets.Kinds.ToDictionary(k => k.Value, k => k.Count).ShouldBe(byKind, ignoreOrder: true);
        facets.Sectors.ToDictionary(s => s.Value, s => s.Count).ShouldBe(bySector, ignoreOrder: true);
        var yearFacet = await database.QueryAsync(db => new AgreementQuery(db).FacetsAsync(filter with { SignedFrom = null, SignedTo = null }));
        facets.Years.Select(y => (y.Value, y.Count)).ShouldBe(yearFacet.Years.Select(y => (y.Value, y.Count)), "the year facet ignores the date range");
    }

    [Theory]
    [InlineData("startedFrom=2016-05-01")]
    [InlineData("startedFrom=2013-04-01&startedTo=2020-08-31&status=operational,planned")]
    public async Task Project_totals_and_facets_equal_a_count_of_the_records(string query)
    {
        var filter = await ProjectFilters.ParseAsync(database, query);
        var facets = await database.QueryAsync(db => new ProjectQuery(db).FacetsAsync(filter));
        var total = await database.QueryAsync(db => new ProjectQuery(db).CountAsync(filter));
        var byStatus = await database.QueryAsync(db => db.Projects
            .Where(p => p.ArchivedAt == null && p.ConstructionStartOn >= filter.StartedFrom && (filter.StartedTo == null || p.ConstructionStartOn <= filter.StartedTo))
            .GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));

        // The status facet is counted without the chosen statuses (a chosen one is listed even when none has it); the total with them.
        facets.Statuses.Where(s => s.Count > 0).ToDictionary(s => s.Value, s => s.Count).ShouldBe(byStatus, ignoreOrder: true);
        total.ShouldBe(filter.Statuses.Count == 0 ? byStatus.Values.Sum() : filter.Statuses.Sum(byStatus.GetValueOrDefault));
        total.ShouldBeGreaterThan(0);
    }

    private static IQueryable<Web.Domain.Agreement> Matching(Web.Data.PortalDbContext db, AgreementFilter filter)
    {
        var rows = db.Agreements.Where(a => a.ArchivedAt == null);
        if (filter.SignedFrom is { } from)
        {
            rows = rows.Where(a => a.SignedOn >= from);
        }

        if (filter.SignedTo is { } to)
        {
            rows = rows.Where(a => a.SignedOn <= to);
        }

        if (filter.Sectors.Count > 0)
        {
            var sectors = filter.Sectors;
            rows = rows.Where(a => a.Sectors.Any(s => sectors.Contains(s.SectorCode)));
        }

        if (filter.Q is { } q)
        {
            rows = rows.Where(a => EF.Property<NpgsqlTypes.NpgsqlTsVector>(a, Web.Data.FullText.SearchVector).Matches(EF.Functions.WebSearchToTsQuery(Web.Data.FullText.Configuration, q)));
        }

        return rows;
    }
}
