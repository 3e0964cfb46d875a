using System.Net;
using System.Text.Json;
using CapacityCoop.Tests.Features.Countries;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Sectors;

namespace CapacityCoop.Tests.Features.Sectors;

public sealed class SectorsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task List_holds_every_sector_in_its_own_order_with_the_12_focus_sectors_first()
    {
        var sectors = await api.GetJsonAsync<List<SectorSummaryDto>>("/api/v1/sectors");

        sectors.Count.ShouldBe(20);
        sectors.Count(s => s.IsFocusSector).ShouldBe(12);
        sectors.Take(12).ShouldAllBe(s => s.IsFocusSector);
        (sectors[0].Code, sectors[0].NameZh, sectors[^1].Code).ShouldBe(("steel", "钢铁", "equipment-manufacturing"));
    }

    [Fact]
    public async Task List_is_a_plain_camelCase_array_with_the_contract_fields()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/api/v1/sectors"));

        document.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
        document.RootElement[0].EnumerateObject().Select(p => p.Name).ShouldBe(
            ["code", "nameEn", "nameZh", "isFocusSector", "agreementCount", "valueUsd", "projectCount"]);
    }

    [Fact]
    public async Task Totals_count_top_level_agreements_fully_toward_each_of_their_sectors()
    {
        var sectors = (await api.GetJsonAsync<List<SectorSummaryDto>>("/api/v1/sectors")).ToDictionary(s => s.Code);

        (sectors["steel"].AgreementCount, sectors["steel"].ValueUsd, sectors["steel"].ProjectCount)
            .ShouldBe((1, 23_600_000_000m, 2), "the Kazakhstan framework once (not the 33 documents); Kuantan and the Ethiopian park");
        (sectors["infrastructure"].AgreementCount, sectors["infrastructure"].ValueUsd).ShouldBe((4, 27_000_000_000m));
        (sectors["finance"].AgreementCount, sectors["finance"].ValueUsd).ShouldBe((3, 27_000_000_000m));
        (sectors["railways"].AgreementCount, sectors["railways"].ProjectCount).ShouldBe((1, 5));
        (sectors["shipbuilding-ocean-engineering"].AgreementCount, sectors["shipbuilding-ocean-engineering"].ValueUsd).ShouldBe((0, 0m));
        sectors.Values.Sum(s => s.ValueUsd).ShouldBeGreaterThan(50_600_000_000m, "an agreement in several sectors counts toward each");
    }

    [Theory]
    [InlineData("focus=true", 12)]
    [InlineData("focus=false", 8)]
    [InlineData("focus=", 20)]
    public async Task Focus_narrows_the_list(string query, int expected)
    {
        var sectors = await api.GetJsonAsync<List<SectorSummaryDto>>($"/api/v1/sectors?{query}");

        sectors.Count.ShouldBe(expected);
    }

    [Theory]
    [InlineData("focus=maybe", "focus")]
    [InlineData("focus=true&focus=false", "focus")]
    [InlineData("sort=name", "sort")]
    [InlineData("page=1", "page")]
    [InlineData("Focus=true", "Focus")]
    public async Task Bad_query_parameters_give_400_problem_details_naming_the_parameter(string query, string parameter)
    {
        var response = await api.Client().GetAsync($"/api/v1/sectors?{query}");

        await CountriesApiTests.ShouldBeBadRequestNamingAsync(response, parameter);
    }

    [Fact]
    public async Task Detail_of_railways_has_Peru_among_its_top_countries()
    {
        var railways = await api.GetJsonAsync<SectorDetailDto>("/api/v1/sectors/railways");

        (railways.Code, railways.NameEn, railways.NameZh, railways.IsFocusSector).ShouldBe(("railways", "Railways", "铁路", true));
        (railways.AgreementCount, railways.ValueUsd, railways.ProjectCount).ShouldBe((1, 0m, 5));
        railways.TopCountries.ShouldBe([new CountryShareDto("PER", "Peru", "秘鲁", 1, 0m)]);
        railways.ValueByYear.ShouldBe([new YearValueDto(2015, 1, 0m)]);
        railways.AgreementsByStatus["signed"].ShouldBe(1);
    }

    [Fact]
    public async Task Detail_leaves_China_out_of_the_top_countries_and_blocs_with_it()
    {
        var infrastructure = await api.GetJsonAsync<SectorDetailDto>("/api/v1/sectors/infrastructure");

        infrastructure.TopCountries.Select(c => c.Iso3).ShouldBe(["BRA", "COL", "PER"]);
        infrastructure.TopCountries[0].ValueUsd.ShouldBe(27_000_000_000m);
        infrastructure.ValueByYear.ShouldBe([new YearValueDto(2015, 4, 27_000_000_000m)]);
        infrastructure.AgreementsByStatus.Keys.ShouldBe(["negotiating", "signed", "in-force", "completed", "terminated"]);
    }

    [Fact]
    public async Task Detail_of_steel_counts_the_umbrella_not_the_documents_under_it()
    {
        var steel = await api.GetJsonAsync<SectorDetailDto>("/api/v1/sectors/steel");

        (steel.AgreementCount, steel.ValueUsd, steel.ProjectCount).ShouldBe((1, 23_600_000_000m, 2));
        steel.ValueByYear.ShouldBe([new YearValueDto(2014, 1, 23_600_000_000m)]);
        steel.TopCountries.Single().Iso3.ShouldBe("KAZ");
    }

    [Fact]
    public async Task Detail_matches_its_list_row_and_takes_the_code_in_any_case()
    {
        var rows = await api.GetJsonAsync<List<SectorSummaryDto>>("/api/v1/sectors");

        foreach (var row in rows)
        {
            var detail = await api.GetJsonAsync<SectorDetailDto>($"/api/v1/sectors/{row.Code.ToUpperInvariant()}");
            new SectorSummaryDto(detail.Code, detail.NameEn, detail.NameZh, detail.IsFocusSector, detail.AgreementCount, detail.ValueUsd, detail.ProjectCount)
                .ShouldBe(row);
        }
    }

    [Fact]
    public async Task Detail_without_agreements_has_empty_series()
    {
        var shipbuilding = await api.GetJsonAsync<SectorDetailDto>("/api/v1/sectors/shipbuilding-ocean-engineering");

        shipbuilding.TopCountries.ShouldBeEmpty();
        shipbuilding.ValueByYear.ShouldBeEmpty();
        shipbuilding.AgreementsByStatus.Values.ShouldAllBe(count => count == 0);
    }

    [Fact]
    public async Task Detail_is_camelCase_with_the_contract_fields()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/api/v1/sectors/finance"));

        document.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "code", "nameEn", "nameZh", "isFocusSector", "agreementCount", "valueUsd", "projectCount",
            "topCountries", "valueByYear", "agreementsByStatus",
        ]);
        document.RootElement.GetProperty("topCountries")[0].EnumerateObject().Select(p => p.Name)
            .ShouldBe(["iso3", "nameEn", "nameZh", "agreementCount", "valueUsd"]);
        document.RootElement.GetProperty("valueByYear")[0].EnumerateObject().Select(p => p.Name)
            .ShouldBe(["year", "agreementCount", "valueUsd"]);
    }

    [Fact]
    public async Task Detail_sends_a_strong_ETag_and_If_None_Match_gives_304()
    {
        var client = api.Client();
        var etag = (await client.GetAsync("/api/v1/sectors/steel")).Headers.ETag!;

        etag.IsWeak.ShouldBeFalse();
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sectors/steel");
        again.Headers.IfNoneMatch.Add(etag);
        (await client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sectors/railways");
        other.Headers.IfNoneMatch.Add(etag);
        (await client.SendAsync(other)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/v1/sectors/space-mining")]
    [InlineData("/api/v1/sectors/steel_")]
    [InlineData("/api/v1/sectors/%25")]
    [InlineData("/api/v1/sectors/a-sector-code-far-longer-than-any-the-database-allows")]
    public async Task Unknown_sectors_give_404_problem_details(string url)
    {
        var response = await api.Client().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
