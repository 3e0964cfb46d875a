using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Countries;

namespace CapacityCoop.Tests.Features.Countries;

/// <summary>Archived records never count (ADR-002). A class of its own: it archives seed records in its database.</summary>
public sealed class CountryTotalsAfterArchivingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Archiving_an_agreement_and_a_project_removes_them_from_every_total()
    {
        var before = await api.GetJsonAsync<CountryDetailDto>("/api/v1/countries/CHN");

        await api.ExecuteSqlAsync("UPDATE agreements SET archived_at = now() WHERE slug = 'chn-bra-35-agreements-2015-05'");
        await api.ExecuteSqlAsync(
            "UPDATE projects SET archived_at = now() WHERE id = (SELECT min(id) FROM projects WHERE host_country_iso3 = 'BRA')");

        var countries = (await api.GetJsonAsync<PagedResult<CountrySummaryDto>>("/api/v1/countries")).Items;
        var brazil = countries.Single(c => c.Iso3 == "BRA");
        (brazil.AgreementCount, brazil.ValueUsd, brazil.ProjectCount).ShouldBe((0, 0m, 1));
        countries.Single(c => c.Iso3 == "CHN").AgreementCount.ShouldBe(before.AgreementCount - 1);
        (await api.GetJsonAsync<PagedResult<CountrySummaryDto>>("/api/v1/countries?hasAgreements=true")).Items
            .Select(c => c.Iso3).ShouldNotContain("BRA");

        var china = await api.GetJsonAsync<CountryDetailDto>("/api/v1/countries/CHN");
        (china.AgreementCount, china.ValueUsd).ShouldBe((8, 23_600_000_000m));
        china.AgreementsByKind["cooperation"].ShouldBe(5);
        china.Partners.Select(p => p.Iso3).ShouldNotContain("BRA");
        china.TopSectors.Single(s => s.Code == "finance").ShouldBe(new SectorShareDto("finance", "Finance", "金融", 2, 0m));
        (await api.GetJsonAsync<List<YearValueDto>>("/api/v1/countries/CHN/stats/value-by-year"))
            .ShouldBe([new YearValueDto(2014, 1, 23_600_000_000m), new YearValueDto(2015, 6, 0m)]);
        (await api.GetJsonAsync<List<YearValueDto>>("/api/v1/countries/BRA/stats/value-by-year")).ShouldBeEmpty();
        (await api.GetJsonAsync<CountryDetailDto>("/api/v1/countries/BRA")).ProjectCount.ShouldBe(1);
    }
}
