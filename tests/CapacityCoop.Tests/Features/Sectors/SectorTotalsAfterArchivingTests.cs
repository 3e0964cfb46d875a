using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Sectors;

namespace CapacityCoop.Tests.Features.Sectors;

/// <summary>Archived records never count (ADR-002). A class of its own: it archives seed records in its database.</summary>
public sealed class SectorTotalsAfterArchivingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Archiving_an_agreement_and_a_project_removes_them_from_the_sector_totals()
    {
        await api.ExecuteSqlAsync("UPDATE agreements SET archived_at = now() WHERE slug = 'chn-per-two-ocean-railway-study-2015-05'");
        await api.ExecuteSqlAsync("UPDATE projects SET archived_at = now() WHERE host_country_iso3 = 'LAO'");

        var railways = (await api.GetJsonAsync<List<SectorSummaryDto>>("/api/v1/sectors")).Single(s => s.Code == "railways");
        (railways.AgreementCount, railways.ProjectCount).ShouldBe((0, 4));
        var detail = await api.GetJsonAsync<SectorDetailDto>("/api/v1/sectors/railways");
        (detail.AgreementCount, detail.ProjectCount).ShouldBe((0, 4));
        detail.TopCountries.ShouldBeEmpty();
        detail.ValueByYear.ShouldBeEmpty();
        (await api.GetJsonAsync<SectorDetailDto>("/api/v1/sectors/infrastructure")).TopCountries.Select(c => c.Iso3).ShouldBe(["BRA", "COL"]);
    }
}
