using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Tests.Features.Agreements;

public sealed class AgreementsApiReadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task List_returns_the_paged_shape_with_every_seeded_agreement()
    {
        var page = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements");

        (page.Page, page.PageSize, page.TotalCount, page.TotalPages).ShouldBe((1, 25, 10, 1));
        page.Items.Count.ShouldBe(10);
        page.Items.ShouldContain(a => a.Slug == "chn-bra-35-agreements-2015-05" && a.Value!.Usd == 27_000_000_000m && a.SignedOn == "2015-05");
    }

    [Fact]
    public async Task List_is_camelCase_JSON()
    {
        var json = await api.Client().GetStringAsync("/api/v1/agreements?pageSize=1");

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        root.GetProperty("items")[0].GetProperty("signedOn").ValueKind.ShouldNotBe(JsonValueKind.Undefined);
        root.GetProperty("totalCount").GetInt32().ShouldBe(10);
        root.GetProperty("totalPages").GetInt32().ShouldBe(10);
    }

    [Theory]
    [InlineData("country=KAZ", new[] { "chn-kaz-capacity-framework-2014", "chn-kaz-33-documents-2015-03-27" })]
    [InlineData("country=kaz,BRA", new[] { "chn-kaz-capacity-framework-2014", "chn-kaz-33-documents-2015-03-27", "chn-bra-35-agreements-2015-05" })]
    [InlineData("region=Latin America %26 Caribbean", new[] { "chn-bra-35-agreements-2015-05", "chn-col-12-agreements-2015-05", "chn-per-two-ocean-railway-study-2015-05", "chn-chl-cooperation-documents-2015-05" })]
    [InlineData("region=latin-america-caribbean&sector=finance", new[] { "chn-bra-35-agreements-2015-05", "chn-chl-cooperation-documents-2015-05" })]
    [InlineData("sector=railways", new[] { "chn-per-two-ocean-railway-study-2015-05" })]
    [InlineData("kind=mou", new[] { "chn-au-transport-infrastructure-mou-2015-01" })]
    [InlineData("kind=framework,joint-statement", new[] { "chn-kaz-capacity-framework-2014", "sco-zhengzhou-statement-2015-12" })]
    [InlineData("status=negotiating", new[] { "chn-asean-capacity-proposals-2015-11" })]
    [InlineData("signedFrom=2015-06-01&signedTo=2015-12-31", new[] { "chn-eu-joint-investment-fund-2015-07", "sco-zhengzhou-statement-2015-12" })]
    [InlineData("signedTo=2014", new[] { "chn-kaz-capacity-framework-2014" })]
    [InlineData("minValueUsd=25000000000", new[] { "chn-bra-35-agreements-2015-05" })]
    [InlineData("minValueUsd=1&maxValueUsd=25000000000", new[] { "chn-kaz-capacity-framework-2014" })]
    [InlineData("q=railway", new[] { "chn-per-two-ocean-railway-study-2015-05" })]
    [InlineData("q=investment fund&country=CHN", new[] { "chn-eu-joint-investment-fund-2015-07" })]
    public async Task Filters_combine_with_AND_and_comma_lists_with_OR(string query, string[] expected)
    {
        var page = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>($"/api/v1/agreements?{query}");

        page.Items.Select(a => a.Slug).ShouldBe(expected, ignoreOrder: true);
        page.TotalCount.ShouldBe(expected.Length);
    }

    [Fact]
    public async Task Sorts_by_each_key()
    {
        async Task<List<string?>> Titles(string sort) =>
            (await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>($"/api/v1/agreements?sort={sort}")).Items.Select(a => a.Title).ToList<string?>();
        async Task<List<AgreementSummaryDto>> Items(string sort) =>
            (await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>($"/api/v1/agreements?sort={sort}")).Items.ToList();

        (await Titles("title")).ShouldBe((await Titles("title")).Order(StringComparer.Ordinal).ToList());
        var newest = await Items("-signedOn");
        newest[0].Slug.ShouldBe("sco-zhengzhou-statement-2015-12");
        newest[^1].SignedOn.ShouldBeNull("undated agreements come last");
        (await Items("signedOn"))[0].Slug.ShouldBe("chn-kaz-capacity-framework-2014");
        (await Items("-valueUsd"))[0].Slug.ShouldBe("chn-bra-35-agreements-2015-05");
        (await Items("valueUsd"))[0].Slug.ShouldBe("chn-kaz-capacity-framework-2014");
    }

    [Fact]
    public async Task Pages_carry_Link_headers_and_the_last_page_is_short()
    {
        var response = await api.Client().GetAsync("/api/v1/agreements?pageSize=4&page=2&sort=title");
        var page = (await response.Content.ReadFromJsonAsync<PagedResult<AgreementSummaryDto>>(ApiFixture.Json))!;
        var link = response.Headers.GetValues("Link").Single();

        (page.Page, page.Items.Count, page.TotalPages).ShouldBe((2, 4, 3));
        link.ShouldContain("page=3>; rel=\"next\"");
        link.ShouldContain("page=1>; rel=\"prev\"");
        link.ShouldContain("sort=title");
        var last = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?pageSize=4&page=3&sort=title");
        last.Items.Count.ShouldBe(2);
        var beyond = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?pageSize=4&page=9");
        beyond.Items.ShouldBeEmpty();
        beyond.TotalCount.ShouldBe(10);
    }

    [Theory]
    [InlineData("country=XYZ", "country")]
    [InlineData("country=KAZ,XYZ", "country")]
    [InlineData("region=Atlantis", "region")]
    [InlineData("sector=space-mining", "sector")]
    [InlineData("kind=treaty", "kind")]
    [InlineData("status=maybe", "status")]
    [InlineData("signedFrom=2015-13-01", "signedFrom")]
    [InlineData("signedTo=yesterday", "signedTo")]
    [InlineData("signedFrom=2016-01-01&signedTo=2015-01-01", "signedFrom")]
    [InlineData("minValueUsd=-5", "minValueUsd")]
    [InlineData("maxValueUsd=lots", "maxValueUsd")]
    [InlineData("sort=random", "sort")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=100000", "pageSize")]
    [InlineData("colour=blue", "colour")]
    [InlineData("Country=KAZ", "Country")]
    [InlineData("page=1&page=2", "page")]
    [InlineData("format=xml", "format")]
    public async Task Bad_query_parameters_give_400_problem_details_naming_the_parameter(string query, string parameter)
    {
        var response = await api.Client().GetAsync($"/api/v1/agreements?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(400);
        problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out var messages).ShouldBeTrue();
        messages[0].GetString().ShouldNotBeNullOrWhiteSpace();
        problem.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Detail_has_parties_sectors_projects_sources_and_the_umbrella()
    {
        var list = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=KAZ&sort=signedOn");
        var framework = await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{list.Items[0].Id}");
        var documents = await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{list.Items[1].Id}");

        framework.Parties.Select(p => (p.Type, p.Code)).ShouldBe([("country", "CHN"), ("country", "KAZ")]);
        framework.Parties[1].NameZh.ShouldBe("哈萨克斯坦");
        framework.Sources.Count.ShouldBe(3);
        framework.ValueNote.ShouldNotBeNull().ShouldContain("23.6");
        framework.ChildAgreements.Single().Id.ShouldBe(documents.Id);
        framework.Archived.ShouldBeFalse();
        documents.ParentAgreement!.Id.ShouldBe(framework.Id);
        documents.CountsTowardTotals.ShouldBeFalse();
        documents.Sectors.ShouldContain(s => s.Code == "steel" && s.NameZh == "钢铁");

        var brazil = (await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=BRA")).Items.Single();
        var brazilDetail = await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{brazil.Id}");
        brazilDetail.Projects.ShouldContain(p => p.HostCountry == "BRA");
    }

    [Fact]
    public async Task Detail_sends_a_strong_ETag_and_If_None_Match_gives_304()
    {
        var client = api.Client();
        var first = await client.GetAsync("/api/v1/agreements/1");
        var etag = first.Headers.ETag!;

        etag.IsWeak.ShouldBeFalse();
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agreements/1");
        again.Headers.IfNoneMatch.Add(etag);
        var cached = await client.SendAsync(again);
        cached.StatusCode.ShouldBe(HttpStatusCode.NotModified);

        var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agreements/1");
        other.Headers.TryAddWithoutValidation("If-None-Match", "\"something-else\"");
        (await client.SendAsync(other)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/v1/agreements/999999")]
    [InlineData("/api/v1/agreements/999999/history")]
    public async Task Unknown_ids_give_404_problem_details(string url)
    {
        var response = await api.Client().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_non_numeric_id_is_not_found_rather_than_an_error()
    {
        var response = await api.Client().GetAsync("/api/v1/agreements/abc");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task History_of_a_seeded_agreement_shows_its_creation()
    {
        var history = await api.GetJsonAsync<List<AuditEntryDto>>("/api/v1/agreements/1/history");

        history.Single().Action.ShouldBe("create");
        history.Single().Actor.ShouldBe("seed");
        history.Single().Note.ShouldBe("loaded from the seed articles");

        // The whole record as created, in the same field names as any other change.
        var fields = history.Single().Changes.ToDictionary(c => c.Field, c => c.After!.Value);
        fields["title"].GetString().ShouldBe("China–Kazakhstan industrial capacity cooperation framework");
        fields["parties"].EnumerateArray().Select(p => p.GetString()).ShouldBe(["country:CHN", "country:KAZ"]);
        fields["signedOn"].GetString().ShouldBe("2014-12");
        fields["sources"].GetArrayLength().ShouldBe(3);
    }
}
