using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Countries;

namespace CapacityCoop.Tests.Features.Countries;

public sealed class CountriesApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const decimal KazakhstanFramework = 23_600_000_000m;
    private const decimal BrazilDeals = 27_000_000_000m;

    [Fact]
    public async Task List_holds_every_country_on_one_page_by_default()
    {
        var page = await api.GetJsonAsync<PagedResult<CountrySummaryDto>>("/api/v1/countries");

        (page.Page, page.PageSize, page.TotalCount, page.TotalPages).ShouldBe((1, 300, 249, 1));
        page.Items.Count.ShouldBe(249);
        page.Items.Select(c => c.Iso3).ShouldBeUnique();
        page.Items[0].NameEn.ShouldBe("Afghanistan");
        page.Items.Take(5).Select(c => c.Iso3).ShouldContain("ALA", "Åland sorts with the As, not after Zimbabwe");
    }

    [Fact]
    public async Task List_is_camelCase_JSON_with_the_contract_fields()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/api/v1/countries?q=KAZ"));

        var kazakhstan = document.RootElement.GetProperty("items")[0];
        kazakhstan.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["iso3", "iso2", "nameEn", "nameZh", "region", "blocs", "agreementCount", "valueUsd", "projectCount"]);
        kazakhstan.GetProperty("blocs").EnumerateArray().Select(b => b.GetString()).ShouldBe(["EAEU", "SCO"]);
        document.RootElement.GetProperty("totalCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Kazakhstan_counts_the_framework_once_and_not_the_33_documents_under_it()
    {
        var kazakhstan = await CountryAsync("KAZ");

        (kazakhstan.AgreementCount, kazakhstan.ValueUsd, kazakhstan.ProjectCount).ShouldBe((1, KazakhstanFramework, 0));
        (kazakhstan.NameZh, kazakhstan.Iso2, kazakhstan.Region).ShouldBe(("哈萨克斯坦", "KZ", "Asia"));
    }

    [Fact]
    public async Task Brazil_has_its_35_agreements_value_and_both_projects()
    {
        var brazil = await CountryAsync("BRA");

        (brazil.AgreementCount, brazil.ValueUsd, brazil.ProjectCount).ShouldBe((1, BrazilDeals, 2));
    }

    [Fact]
    public async Task China_counts_every_top_level_agreement()
    {
        var china = await CountryAsync("CHN");

        china.AgreementCount.ShouldBe(9);
        china.ValueUsd.ShouldBe(KazakhstanFramework + BrazilDeals);
        china.ProjectCount.ShouldBe(0);
    }

    [Fact]
    public async Task Countries_without_agreements_or_projects_have_zero_totals()
    {
        var afghanistan = await CountryAsync("AFG");

        (afghanistan.AgreementCount, afghanistan.ValueUsd, afghanistan.ProjectCount).ShouldBe((0, 0m, 0));
    }

    [Theory]
    [InlineData("region=Middle East", 15)]
    [InlineData("region=middle-east,north-america", 21)]
    [InlineData("region=Latin America %26 Caribbean", 51)]
    [InlineData("bloc=SCO", 10)]
    [InlineData("bloc=sco,EAEU", 11)]
    [InlineData("bloc=SCO&region=Europe", 2)]
    [InlineData("q=kazakh", 1)]
    [InlineData("q=哈萨克", 1)]
    [InlineData("q=cn", 2)]
    [InlineData("q=land", 29)]
    [InlineData("q=%25", 0)]
    [InlineData("q=_", 0)]
    [InlineData("hasAgreements=true", 6)]
    [InlineData("hasAgreements=FALSE", 243)]
    [InlineData("hasAgreements=true&region=Latin America %26 Caribbean", 4)]
    [InlineData("q=", 249)]
    public async Task Filters_narrow_the_list(string query, int expected)
    {
        var page = await api.GetJsonAsync<PagedResult<CountrySummaryDto>>($"/api/v1/countries?{query}");

        page.TotalCount.ShouldBe(expected);
        page.Items.Count.ShouldBe(expected);
    }

    [Fact]
    public async Task Filters_keep_the_right_countries()
    {
        async Task<List<string>> Codes(string query) =>
            (await api.GetJsonAsync<PagedResult<CountrySummaryDto>>($"/api/v1/countries?{query}")).Items.Select(c => c.Iso3).ToList();

        (await Codes("hasAgreements=true")).ShouldBe(["BRA", "CHL", "CHN", "COL", "KAZ", "PER"], ignoreOrder: true);
        (await Codes("bloc=SCO,EAEU")).ShouldBe(["ARM", "BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"], ignoreOrder: true);
        (await Codes("q=cn")).ShouldBe(["CHN", "PCN"], ignoreOrder: true);
        (await Codes("region=Middle East")).ShouldContain("TUR");
        (await Codes("region=Middle East")).ShouldNotContain("EGY");
    }

    [Fact]
    public async Task Sorts_by_each_key_with_name_breaking_ties()
    {
        async Task<List<CountrySummaryDto>> Items(string sort) =>
            (await api.GetJsonAsync<PagedResult<CountrySummaryDto>>($"/api/v1/countries?sort={sort}")).Items.ToList();

        (await Items("name"))[0].Iso3.ShouldBe("AFG");
        (await Items("-name"))[0].Iso3.ShouldBe("ZWE");
        (await Items("-agreementCount"))[0].Iso3.ShouldBe("CHN");
        (await Items("agreementCount"))[0].Iso3.ShouldBe("AFG");
        (await Items("-valueUsd")).Take(3).Select(c => c.Iso3).ShouldBe(["CHN", "BRA", "KAZ"]);
        (await Items("valueUsd")).Last().Iso3.ShouldBe("CHN");
        (await Items("-projectCount"))[0].Iso3.ShouldBe("BRA");
        (await Items("projectCount")).Last().Iso3.ShouldBe("BRA");

        var byCount = await Items("-agreementCount");
        byCount.Select(c => c.AgreementCount).ShouldBe(byCount.Select(c => c.AgreementCount).OrderDescending());
        byCount.Skip(1).Take(5).Select(c => c.Iso3).ShouldBe(["BRA", "CHL", "COL", "KAZ", "PER"], "equal counts fall back to the name");
    }

    [Fact]
    public async Task Pages_carry_Link_headers_and_the_last_page_is_short()
    {
        var response = await api.Client().GetAsync("/api/v1/countries?pageSize=50&page=2&sort=-name");
        var page = (await response.Content.ReadFromJsonAsync<PagedResult<CountrySummaryDto>>(ApiFixture.Json))!;
        var link = response.Headers.GetValues("Link").Single();

        (page.Page, page.PageSize, page.Items.Count, page.TotalCount, page.TotalPages).ShouldBe((2, 50, 50, 249, 5));
        link.ShouldContain("page=3>; rel=\"next\"");
        link.ShouldContain("sort=-name");
        var last = await api.GetJsonAsync<PagedResult<CountrySummaryDto>>("/api/v1/countries?pageSize=50&page=5");
        last.Items.Count.ShouldBe(49);
        last.Items[^1].Iso3.ShouldBe("ZWE");
    }

    [Theory]
    [InlineData("region=Atlantis", "region")]
    [InlineData("bloc=NATO", "bloc")]
    [InlineData("bloc=SCO,NATO", "bloc")]
    [InlineData("hasAgreements=yes", "hasAgreements")]
    [InlineData("hasAgreements=true&hasAgreements=false", "hasAgreements")]
    [InlineData("sort=population", "sort")]
    [InlineData("sort=name,-valueUsd", "sort")]
    [InlineData("page=0", "page")]
    [InlineData("page=two", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=301", "pageSize")]
    [InlineData("country=KAZ", "country")]
    [InlineData("Q=kaz", "Q")]
    [InlineData("format=csv", "format")]
    public async Task Bad_query_parameters_give_400_problem_details_naming_the_parameter(string query, string parameter)
    {
        var response = await api.Client().GetAsync($"/api/v1/countries?{query}");

        await ShouldBeBadRequestNamingAsync(response, parameter);
    }

    [Fact]
    public async Task A_search_longer_than_100_characters_is_refused()
    {
        var response = await api.Client().GetAsync($"/api/v1/countries?q={new string('a', 101)}");

        await ShouldBeBadRequestNamingAsync(response, "q");
    }

    [Fact]
    public async Task Detail_of_China_has_its_breakdowns_dates_sectors_and_partners()
    {
        var china = await api.GetJsonAsync<CountryDetailDto>("/api/v1/countries/CHN");

        (china.AgreementCount, china.ValueUsd).ShouldBe((9, KazakhstanFramework + BrazilDeals));
        china.AgreementsByKind.Select(k => (k.Key, k.Value)).ShouldBe(
            [("mou", 1), ("framework", 1), ("cooperation", 6), ("contract", 0), ("loan", 0), ("joint-statement", 1)]);
        china.AgreementsByStatus["signed"].ShouldBe(8);
        china.AgreementsByStatus["negotiating"].ShouldBe(1);
        china.AgreementsByStatus.Values.Sum().ShouldBe(9);
        (china.FirstSigned, china.LastSigned).ShouldBe(("2014-12", "2015-12"));
        china.TopSectors.Take(2).Select(s => (s.Code, s.AgreementCount, s.ValueUsd)).ShouldBe([("infrastructure", 4, BrazilDeals), ("finance", 3, BrazilDeals)]);
        china.TopSectors.Count.ShouldBe(CountryQuery.TopCount);
        china.Partners.Select(p => p.Iso3).ShouldBe(["BRA", "KAZ", "CHL", "COL", "PER"]);
        china.Partners[1].ShouldBe(new CountryShareDto("KAZ", "Kazakhstan", "哈萨克斯坦", 1, KazakhstanFramework));
    }

    [Fact]
    public async Task Detail_of_Kazakhstan_matches_its_list_row_and_links_onward()
    {
        var kazakhstan = await api.GetJsonAsync<CountryDetailDto>("/api/v1/countries/KAZ");
        var row = await CountryAsync("KAZ");

        (kazakhstan.Iso3, kazakhstan.Iso2, kazakhstan.NameEn, kazakhstan.NameZh, kazakhstan.Region).ShouldBe((row.Iso3, row.Iso2, row.NameEn, row.NameZh, row.Region));
        kazakhstan.Blocs.ShouldBe(row.Blocs);
        (kazakhstan.AgreementCount, kazakhstan.ValueUsd, kazakhstan.ProjectCount).ShouldBe((row.AgreementCount, row.ValueUsd, row.ProjectCount));
        kazakhstan.AgreementsByKind["framework"].ShouldBe(1);
        kazakhstan.AgreementsByKind["cooperation"].ShouldBe(0, "the 33 documents are counted through their umbrella");
        (kazakhstan.FirstSigned, kazakhstan.LastSigned).ShouldBe(("2014-12", "2014-12"));
        kazakhstan.TopSectors.Select(s => s.Code).ShouldBe(["steel", "non-ferrous-metals", "building-materials", "automobiles", "hydropower", "oil-refining"]);
        kazakhstan.TopSectors[0].ShouldBe(new SectorShareDto("steel", "Steel", "钢铁", 1, KazakhstanFramework));
        kazakhstan.Partners.Single().Iso3.ShouldBe("CHN");
        kazakhstan.Links.ShouldBe(new CountryLinksDto(
            "/api/v1/agreements?country=KAZ", "/api/v1/projects?country=KAZ", "/api/v1/countries/KAZ/stats/value-by-year"));
    }

    [Fact]
    public async Task Detail_of_a_country_without_agreements_has_empty_statistics()
    {
        var afghanistan = await api.GetJsonAsync<CountryDetailDto>("/api/v1/countries/AFG");

        (afghanistan.AgreementCount, afghanistan.ValueUsd, afghanistan.FirstSigned, afghanistan.LastSigned).ShouldBe((0, 0m, null, null));
        afghanistan.TopSectors.ShouldBeEmpty();
        afghanistan.Partners.ShouldBeEmpty();
        afghanistan.AgreementsByKind.Values.ShouldAllBe(count => count == 0);
        afghanistan.AgreementsByStatus.Keys.ShouldBe(["negotiating", "signed", "in-force", "completed", "terminated"]);
    }

    [Fact]
    public async Task Detail_is_camelCase_with_the_contract_fields()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/api/v1/countries/BRA"));

        var root = document.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "iso3", "iso2", "nameEn", "nameZh", "region", "blocs", "agreementCount", "valueUsd", "projectCount",
            "agreementsByKind", "agreementsByStatus", "topSectors", "firstSigned", "lastSigned", "partners", "links",
        ]);
        root.GetProperty("agreementsByStatus").GetProperty("in-force").GetInt32().ShouldBe(0);
        root.GetProperty("topSectors")[0].EnumerateObject().Select(p => p.Name).ShouldBe(["code", "name", "nameZh", "agreementCount", "valueUsd"]);
        root.GetProperty("links").GetProperty("valueByYear").GetString().ShouldBe("/api/v1/countries/BRA/stats/value-by-year");
        root.GetProperty("firstSigned").GetString().ShouldBe("2015-05");
    }

    [Fact]
    public async Task Detail_takes_the_code_in_any_case()
    {
        var kazakhstan = await api.GetJsonAsync<CountryDetailDto>("/api/v1/countries/kaz");

        kazakhstan.Iso3.ShouldBe("KAZ");
    }

    [Fact]
    public async Task Detail_sends_a_strong_ETag_and_If_None_Match_gives_304()
    {
        var client = api.Client();
        var first = await client.GetAsync("/api/v1/countries/KAZ");
        var etag = first.Headers.ETag!;

        etag.IsWeak.ShouldBeFalse();
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/countries/KAZ");
        again.Headers.IfNoneMatch.Add(etag);
        (await client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/countries/BRA");
        other.Headers.IfNoneMatch.Add(etag);
        (await client.SendAsync(other)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Value_by_year_of_Kazakhstan_is_the_2014_framework()
    {
        var years = await api.GetJsonAsync<List<YearValueDto>>("/api/v1/countries/KAZ/stats/value-by-year");

        years.ShouldBe([new YearValueDto(2014, 1, KazakhstanFramework)]);
    }

    [Fact]
    public async Task Value_by_year_of_China_spans_2014_to_2015_and_leaves_out_the_undated_agreement()
    {
        var years = await api.GetJsonAsync<List<YearValueDto>>("/api/v1/countries/CHN/stats/value-by-year");

        years.ShouldBe([new YearValueDto(2014, 1, KazakhstanFramework), new YearValueDto(2015, 7, BrazilDeals)]);
    }

    [Fact]
    public async Task Value_by_year_uses_the_contract_field_names_and_is_empty_without_agreements()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/api/v1/countries/BRA/stats/value-by-year"));

        document.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
        document.RootElement[0].EnumerateObject().Select(p => p.Name).ShouldBe(["year", "agreementCount", "valueUsd"]);
        (await api.GetJsonAsync<List<YearValueDto>>("/api/v1/countries/AFG/stats/value-by-year")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/countries/XYZ")]
    [InlineData("/api/v1/countries/KAZX")]
    [InlineData("/api/v1/countries/KA")]
    [InlineData("/api/v1/countries/123")]
    [InlineData("/api/v1/countries/K%25Z")]
    [InlineData("/api/v1/countries/XYZ/stats/value-by-year")]
    [InlineData("/api/v1/countries/KAZX/stats/value-by-year")]
    public async Task Unknown_countries_give_404_problem_details(string url)
    {
        var response = await api.Client().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private async Task<CountrySummaryDto> CountryAsync(string iso3) =>
        (await api.GetJsonAsync<PagedResult<CountrySummaryDto>>("/api/v1/countries")).Items.Single(c => c.Iso3 == iso3);

    internal static async Task ShouldBeBadRequestNamingAsync(HttpResponseMessage response, string parameter)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(400);
        problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out var messages).ShouldBeTrue();
        messages[0].GetString().ShouldNotBeNullOrWhiteSpace();
        problem.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
    }
}
