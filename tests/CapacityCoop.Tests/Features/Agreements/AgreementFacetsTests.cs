using CapacityCoop.Tests.Features.Countries;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Agreements;

/// <summary>AgreementQuery.FacetsAsync against the seeded records.</summary>
public sealed class AgreementFacetsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Facets_of_the_seed_count_what_the_articles_describe()
    {
        var facets = await FacetsAsync("");

        facets.Countries.Select(c => (c.Value, c.Count)).ShouldContain(("KAZ", 2));
        facets.Countries.ShouldNotContain(c => c.Value == AgreementQuery.HomeCountry, "China is a party to everything: it is no choice");
        facets.Regions.Single(r => r.Value == "Latin America & Caribbean").Count.ShouldBe(4);
        facets.Kinds.Sum(k => k.Count).ShouldBe(10);
        facets.Statuses.Single(s => s.Value == "negotiating").Count.ShouldBe(1);
        facets.Years.Select(y => y.Value).ShouldBe(["2015", "2014"]);
        facets.ValueBands.Single(b => b.Value == "ge-10bn").Count.ShouldBe(2);
    }

    [Fact]
    public async Task Each_facet_is_counted_over_the_other_filters_so_choices_narrow_each_other()
    {
        var facets = await FacetsAsync("region=latin-america-caribbean&sector=finance");

        facets.Sectors.Single(s => s.Value == "finance").ShouldBe(new FacetValue("finance", 2, true));
        facets.Sectors.Single(s => s.Value == "railways").Count.ShouldBe(1, "railways is an alternative within the region");
        facets.Regions.Single(r => r.Value == "Latin America & Caribbean").Selected.ShouldBeTrue();
        facets.Regions.Select(r => (r.Value, r.Count)).ShouldBe([("Latin America & Caribbean", 2)], "the EU fund is in finance too, but its party is a bloc, not a country");
        facets.Countries.Select(c => c.Value).ShouldBe(["BRA", "CHL"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_chosen_year_is_marked_and_the_year_facet_ignores_the_date_range()
    {
        var facets = await FacetsAsync("signedFrom=2014&signedTo=2014");

        facets.Years.Single(y => y.Value == "2014").Selected.ShouldBeTrue();
        facets.Years.Single(y => y.Value == "2015").Count.ShouldBe(8);
        facets.Kinds.Sum(k => k.Count).ShouldBe(1);
    }

    private async Task<AgreementFacets> FacetsAsync(string query)
    {
        var filter = await AgreementFilters.ParseAsync(database, query);
        return await database.QueryAsync(db => new AgreementQuery(db).FacetsAsync(filter));
    }
}

/// <summary>The facets on two thousand generated agreements besides the seed: every count is a search total.</summary>
public sealed class AgreementFacetsWithDemoDataTests(DemoDataApiFixture database) : IClassFixture<DemoDataApiFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("region=africa&kind=mou,loan")]
    [InlineData("sector=steel,railways&signedFrom=2018&minValueUsd=100000000")]
    public async Task Every_facet_count_is_the_total_the_search_gives_when_that_value_is_chosen(string query)
    {
        var filter = await AgreementFilters.ParseAsync(database, query);
        var facets = await database.QueryAsync(db => new AgreementQuery(db).FacetsAsync(filter));

        foreach (var kind in facets.Kinds)
        {
            (await TotalAsync(filter with { Kinds = [kind.Value] })).ShouldBe(kind.Count, $"kind {kind.Value}");
        }

        foreach (var country in facets.Countries.Take(5))
        {
            (await TotalAsync(filter with { Countries = [country.Value] })).ShouldBe(country.Count, $"country {country.Value}");
        }

        foreach (var sector in facets.Sectors.Take(5))
        {
            (await TotalAsync(filter with { Sectors = [sector.Value] })).ShouldBe(sector.Count, $"sector {sector.Value}");
        }

        foreach (var region in facets.Regions)
        {
            (await TotalAsync(filter with { Regions = [region.Value] })).ShouldBe(region.Count, $"region {region.Value}");
        }

        var year = facets.Years.First();
        var y = int.Parse(year.Value, System.Globalization.CultureInfo.InvariantCulture);
        (await TotalAsync(filter with { SignedFrom = new DateOnly(y, 1, 1), SignedTo = new DateOnly(y, 12, 31) })).ShouldBe(year.Count);
        facets.Statuses.Sum(s => s.Count).ShouldBe(await TotalAsync(filter with { Statuses = [] }));
    }

    private Task<int> TotalAsync(AgreementFilter filter) =>
        database.QueryAsync(async db => (await new AgreementQuery(db).PageAsync(filter with { PageSize = 1 })).TotalCount);
}

public static class AgreementFilters
{
    public static async Task<AgreementFilter> ParseAsync(DatabaseFixture database, string query)
    {
        var reference = await database.QueryAsync(async db => new ReferenceData.Snapshot(
            await db.Countries.AsNoTracking().ToDictionaryAsync(
                c => c.Iso3, c => new ReferenceData.CountryRef(c.Iso3, c.Iso2, c.NameEn, c.NameZh, c.Region), StringComparer.OrdinalIgnoreCase),
            await db.Sectors.AsNoTracking().ToDictionaryAsync(
                s => s.Code, s => new ReferenceData.SectorRef(s.Code, s.NameEn, s.NameZh, s.IsFocusSector, s.SortOrder), StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, ReferenceData.BlocRef>()));
        var parameters = new QueryParameters(new QueryCollection(QueryHelpers.ParseQuery(query)), AgreementFilter.Parameters);
        var filter = AgreementFilter.Parse(parameters, reference);
        parameters.IsValid.ShouldBeTrue(string.Join("; ", parameters.Errors.SelectMany(e => e.Value)));
        return filter;
    }
}
