using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Projects;

public sealed partial class ProjectsApiReadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Railways = "china-laos-railway,china-thailand-railway,hungary-serbia-railway-serbian-section,jakarta-bandung-high-speed-railway";

    [Fact]
    public async Task List_returns_the_paged_shape_with_every_seeded_project()
    {
        var page = await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>("/api/v1/projects");

        (page.Page, page.PageSize, page.TotalCount, page.TotalPages).ShouldBe((1, 25, 11, 1));
        page.Items.Count.ShouldBe(11);
        var kuantan = page.Items.Single(p => p.Slug == "kuantan-steel-plant");
        kuantan.HostCountry.ShouldBe(new CountryRefDto("MYS", "Malaysia", "马来西亚"));
        kuantan.Status.ShouldBe("under-construction");
        kuantan.Sectors.ShouldBe(["industrial-parks", "steel"], ignoreOrder: true);
        kuantan.Investment.ShouldBe(new MoneyDto(1_400_000_000m, "USD", 1_400_000_000m));
        kuantan.Capacity.ShouldBe(new CapacityDto(3.5m, "Mt/yr"));
        kuantan.JobsCreated.ShouldBe(4000);
        (kuantan.ConstructionStartOn, kuantan.ConstructionStartOnPrecision).ShouldBe(("2014-12-23", "day"));
        (kuantan.AnnouncedOn, kuantan.CompletedOn).ShouldBe((null, null));
        (kuantan.Latitude, kuantan.Longitude).ShouldBe((3.9747, 103.3776));
        kuantan.AgreementIds.ShouldBeEmpty();
    }

    [Fact]
    public async Task List_is_camelCase_JSON_with_dates_at_their_precision()
    {
        var json = await api.Client().GetStringAsync("/api/v1/projects?country=PAK");

        using var document = JsonDocument.Parse(json);
        var item = document.RootElement.GetProperty("items")[0];
        item.GetProperty("hostCountry").GetProperty("iso3").GetString().ShouldBe("PAK");
        item.GetProperty("hostCountry").GetProperty("nameZh").GetString().ShouldBe("巴基斯坦");
        item.GetProperty("constructionStartOn").GetString().ShouldBe("2015-08");
        item.GetProperty("constructionStartOnPrecision").GetString().ShouldBe("month");
        item.GetProperty("capacity").GetProperty("value").GetDecimal().ShouldBe(1100m);
        item.GetProperty("capacity").GetProperty("unit").GetString().ShouldBe("MW");
        item.GetProperty("investment").ValueKind.ShouldBe(JsonValueKind.Null);
        item.GetProperty("agreementIds").ValueKind.ShouldBe(JsonValueKind.Array);
        item.GetProperty("jobsCreated").ValueKind.ShouldBe(JsonValueKind.Null);
        document.RootElement.GetProperty("totalCount").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("country=MYS", "kuantan-steel-plant")]
    [InlineData("country=bra,PER", "chery-brazil-plant,belo-monte-uhv-transmission,two-ocean-railway-feasibility-study")]
    [InlineData("sector=railways", Railways + ",two-ocean-railway-feasibility-study")]
    [InlineData("sector=nuclear-power,automobiles", "kanupp-2,chery-mvm-iran,chery-brazil-plant,eastern-industrial-park-ethiopia")]
    [InlineData("sector=railways&country=IDN", "jakarta-bandung-high-speed-railway")]
    [InlineData("status=feasibility", "two-ocean-railway-feasibility-study")]
    [InlineData("status=operational,feasibility", "chery-mvm-iran,chery-brazil-plant,eastern-industrial-park-ethiopia,two-ocean-railway-feasibility-study")]
    [InlineData("startedFrom=2015-12-01&startedTo=2015-12-31", "china-laos-railway,china-thailand-railway,hungary-serbia-railway-serbian-section")]
    [InlineData("startedTo=2015-08", "kuantan-steel-plant,kanupp-2")]
    [InlineData("startedTo=2015-07-31", "kuantan-steel-plant")]
    [InlineData("startedFrom=2016", "jakarta-bandung-high-speed-railway")]
    [InlineData("startedFrom=2015&startedTo=2015", "kanupp-2,china-laos-railway,china-thailand-railway,hungary-serbia-railway-serbian-section")]
    [InlineData("agreementId={chn-bra-35-agreements-2015-05}", "belo-monte-uhv-transmission")]
    [InlineData("agreementId={chn-bra-35-agreements-2015-05},{chn-per-two-ocean-railway-study-2015-05}", "belo-monte-uhv-transmission,two-ocean-railway-feasibility-study")]
    [InlineData("agreementId={chn-kaz-capacity-framework-2014}", "")]
    [InlineData("q=railway", Railways + ",two-ocean-railway-feasibility-study")]
    [InlineData("q=steel", "kuantan-steel-plant,eastern-industrial-park-ethiopia")]
    [InlineData("q=\"high-speed\" -Bandung", "")]
    [InlineData("q=railway&status=feasibility", "two-ocean-railway-feasibility-study")]
    [InlineData("country=", "kuantan-steel-plant,chery-mvm-iran,chery-brazil-plant," + Railways + ",kanupp-2,eastern-industrial-park-ethiopia,belo-monte-uhv-transmission,two-ocean-railway-feasibility-study")]
    public async Task Filters_combine_with_AND_and_comma_lists_with_OR(string query, string expected)
    {
        var page = await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>($"/api/v1/projects?{await WithAgreementIdsAsync(query)}");

        var slugs = expected.Split(',', StringSplitOptions.RemoveEmptyEntries);
        page.Items.Select(p => p.Slug).ShouldBe(slugs, ignoreOrder: true);
        page.TotalCount.ShouldBe(slugs.Length);
    }

    [Fact]
    public async Task Sorts_by_each_key()
    {
        async Task<List<ProjectSummaryDto>> Items(string query) =>
            (await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>($"/api/v1/projects?{query}")).Items.ToList();

        var latest = await Items("");
        latest.Select(p => p.Slug).ShouldBe((await Items("sort=-startedOn")).Select(p => p.Slug), "-startedOn is the default");
        latest[0].Slug.ShouldBe("jakarta-bandung-high-speed-railway");
        latest.Take(6).Select(p => p.ConstructionStartOn).ShouldAllBe(d => d != null);
        latest.Skip(6).Select(p => p.ConstructionStartOn).ShouldAllBe(d => d == null, "undated projects come last");

        var earliest = await Items("sort=startedOn");
        earliest[0].Slug.ShouldBe("kuantan-steel-plant");
        earliest[1].Slug.ShouldBe("kanupp-2");
        earliest[^1].ConstructionStartOn.ShouldBeNull("undated projects come last either way");

        (await Items("sort=-investmentUsd")).Take(2).Select(p => p.Slug).ShouldBe(["kuantan-steel-plant", "chery-brazil-plant"]);
        (await Items("sort=investmentUsd")).Take(2).Select(p => p.Slug).ShouldBe(["chery-brazil-plant", "kuantan-steel-plant"]);
        (await Items("sort=investmentUsd"))[^1].Investment.ShouldBeNull();

        var names = (await Items("sort=name")).Select(p => p.Name).ToList();
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
        (await Items("sort=-name")).Select(p => p.Name).ShouldBe(Enumerable.Reverse(names).ToList());

        (await Items("q=steel"))[0].Slug.ShouldBe("kuantan-steel-plant", "with q and no sort, the best match comes first");
        (await Items("q=steel&sort=name"))[0].Slug.ShouldBe("eastern-industrial-park-ethiopia", "an explicit sort wins over relevance");
    }

    [Fact]
    public async Task Pages_carry_Link_headers_and_the_last_page_is_short()
    {
        var response = await api.Client().GetAsync("/api/v1/projects?pageSize=4&page=2&sort=name&sector=");
        var page = (await response.Content.ReadFromJsonAsync<PagedResult<ProjectSummaryDto>>(ApiFixture.Json))!;
        var link = response.Headers.GetValues("Link").Single();

        (page.Page, page.Items.Count, page.TotalPages, page.TotalCount).ShouldBe((2, 4, 3, 11));
        link.ShouldContain("page=1>; rel=\"first\"");
        link.ShouldContain("page=1>; rel=\"prev\"");
        link.ShouldContain("page=3>; rel=\"next\"");
        link.ShouldContain("page=3>; rel=\"last\"");
        link.ShouldContain("sort=name");
        link.ShouldContain("pageSize=4");

        var lastResponse = await api.Client().GetAsync("/api/v1/projects?pageSize=4&page=3&sort=name");
        var last = (await lastResponse.Content.ReadFromJsonAsync<PagedResult<ProjectSummaryDto>>(ApiFixture.Json))!;
        last.Items.Count.ShouldBe(3);
        lastResponse.Headers.GetValues("Link").Single().ShouldNotContain("rel=\"next\"");

        var first = await api.Client().GetAsync("/api/v1/projects?pageSize=200");
        first.Headers.GetValues("Link").Single().ShouldNotContain("rel=\"prev\"");
        (await first.Content.ReadFromJsonAsync<PagedResult<ProjectSummaryDto>>(ApiFixture.Json))!.TotalPages.ShouldBe(1);

        var beyond = await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>("/api/v1/projects?pageSize=4&page=9");
        beyond.Items.ShouldBeEmpty();
        beyond.TotalCount.ShouldBe(11);

        var none = await api.Client().GetAsync("/api/v1/projects?country=FRA");
        var empty = (await none.Content.ReadFromJsonAsync<PagedResult<ProjectSummaryDto>>(ApiFixture.Json))!;
        (empty.TotalCount, empty.TotalPages, empty.Items.Count).ShouldBe((0, 0, 0));
        none.Headers.GetValues("Link").Single().ShouldContain("page=1>; rel=\"last\"");
    }

    [Theory]
    [InlineData("country=XYZ", "country")]
    [InlineData("country=MYS,XYZ", "country")]
    [InlineData("sector=space-mining", "sector")]
    [InlineData("status=maybe", "status")]
    [InlineData("status=signed", "status")]
    [InlineData("agreementId=abc", "agreementId")]
    [InlineData("agreementId=0", "agreementId")]
    [InlineData("agreementId=-3", "agreementId")]
    [InlineData("agreementId=1.5", "agreementId")]
    [InlineData("agreementId=1,x", "agreementId")]
    [InlineData("agreementId=999999", "agreementId")]
    [InlineData("startedFrom=2015-13-01", "startedFrom")]
    [InlineData("startedFrom=2015-02-30", "startedFrom")]
    [InlineData("startedTo=yesterday", "startedTo")]
    [InlineData("startedFrom=2016-01-01&startedTo=2015-01-01", "startedFrom")]
    [InlineData("sort=random", "sort")]
    [InlineData("sort=signedOn", "sort")]
    [InlineData("sort=name,-name", "sort")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=100000", "pageSize")]
    [InlineData("colour=blue", "colour")]
    [InlineData("Country=MYS", "Country")]
    [InlineData("region=asia", "region")]
    [InlineData("signedFrom=2015", "signedFrom")]
    [InlineData("page=1&page=2", "page")]
    [InlineData("format=xml", "format")]
    public async Task Bad_query_parameters_give_400_problem_details_naming_the_parameter(string query, string parameter)
    {
        var response = await api.Client().GetAsync($"/api/v1/projects?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(400);
        problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out var messages).ShouldBeTrue(problem.RootElement.ToString());
        messages[0].GetString().ShouldNotBeNullOrWhiteSpace();
        problem.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Every_bad_parameter_is_reported_at_once()
    {
        using var problem = JsonDocument.Parse(await (await api.Client().GetAsync("/api/v1/projects?country=XYZ&status=maybe&pageSize=0")).Content.ReadAsStringAsync());

        problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["country", "status", "pageSize"], ignoreOrder: true);
    }

    [Fact]
    public async Task Detail_has_the_summary_fields_plus_agreements_companies_and_sources()
    {
        var kuantan = await DetailAsync("kuantan-steel-plant");
        var mvm = await DetailAsync("chery-mvm-iran");
        var beloMonte = await DetailAsync("belo-monte-uhv-transmission");
        var study = await DetailAsync("two-ocean-railway-feasibility-study");
        var brazil = await IdOfAgreementAsync("chn-bra-35-agreements-2015-05");

        kuantan.Name.ShouldBe("Steel plant, Malaysia-China Kuantan Industrial Park");
        kuantan.NameZh.ShouldBe("马中关丹产业园钢铁厂");
        kuantan.HostCountry.Iso3.ShouldBe("MYS");
        kuantan.Capacity.ShouldBe(new CapacityDto(3.5m, "Mt/yr"));
        kuantan.InvestmentNote.ShouldNotBeNull().ShouldContain("1.4 billion");
        kuantan.Summary.ShouldNotBeNull().ShouldContain("H-shape steel");
        kuantan.Sources.Single().Note.ShouldNotBeNull().ShouldContain("4,000 jobs");
        kuantan.Sources.Single().PublishedOn.ShouldBe("2016");
        kuantan.Companies.ShouldBeEmpty();
        kuantan.Agreements.ShouldBeEmpty();
        (kuantan.Archived, kuantan.ArchivedAt).ShouldBe((false, null));
        kuantan.UpdatedAt.ShouldBeGreaterThanOrEqualTo(kuantan.CreatedAt);

        mvm.Companies.Select(c => (c.Name, c.Country, c.Role)).ShouldBe(
        [
            ("Chery Automobile Co., Ltd.", "CHN", "partner"),
            ("Iran Khodro Industrial Group", "IRN", "partner"),
            ("Modiran Vehicle Manufacturing Company (MVM)", "IRN", "operator"),
        ]);
        mvm.Companies.ShouldAllBe(c => c.OrganisationId > 0);

        beloMonte.AgreementIds.ShouldBe([brazil]);
        beloMonte.Agreements.Single().Id.ShouldBe(brazil);
        beloMonte.Agreements.Single().Title.ShouldNotBeNullOrWhiteSpace();

        (study.AnnouncedOn, study.AnnouncedOnPrecision).ShouldBe(("2015-05", "month"));
        (study.Latitude, study.Longitude).ShouldBe((null, null));
        study.Status.ShouldBe("feasibility");
    }

    [Fact]
    public async Task Detail_sends_a_strong_ETag_and_If_None_Match_gives_304()
    {
        var client = api.Client();
        var id = await IdOfProjectAsync("kanupp-2");
        var first = await client.GetAsync($"/api/v1/projects/{id}");
        var etag = first.Headers.ETag!;

        etag.IsWeak.ShouldBeFalse();
        first.Headers.CacheControl!.NoCache.ShouldBeTrue();
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{id}");
        again.Headers.IfNoneMatch.Add(etag);
        var cached = await client.SendAsync(again);
        cached.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await cached.Content.ReadAsStringAsync()).ShouldBeEmpty();

        var other = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{id}");
        other.Headers.TryAddWithoutValidation("If-None-Match", "\"something-else\"");
        (await client.SendAsync(other)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/projects/{id}")).Headers.ETag.ShouldBe(etag, "the same record gives the same ETag");
    }

    [Theory]
    [InlineData("/api/v1/projects/999999")]
    [InlineData("/api/v1/projects/999999/history")]
    public async Task Unknown_ids_give_404_problem_details(string url)
    {
        var response = await api.Client().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_non_numeric_id_is_not_found_rather_than_an_error()
    {
        (await api.Client().GetAsync("/api/v1/projects/kanupp-2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task History_of_a_seeded_project_shows_its_creation()
    {
        var history = await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/projects/{await IdOfProjectAsync("kanupp-2")}/history");

        history.Single().Action.ShouldBe("create");
        history.Single().Actor.ShouldBe("seed");
    }

    private async Task<ProjectDetailDto> DetailAsync(string slug) =>
        await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{await IdOfProjectAsync(slug)}");

    private Task<long> IdOfProjectAsync(string slug) =>
        api.QueryAsync(db => db.Projects.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

    private Task<long> IdOfAgreementAsync(string slug) =>
        api.QueryAsync(db => db.Agreements.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

    /// <summary>Replaces each {agreement-slug} in a query with that agreement's id.</summary>
    private async Task<string> WithAgreementIdsAsync(string query)
    {
        foreach (Match match in SlugPlaceholder().Matches(query))
        {
            query = query.Replace(match.Value, (await IdOfAgreementAsync(match.Groups[1].Value)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return query;
    }

    [GeneratedRegex(@"\{([a-z0-9-]+)\}")]
    private static partial Regex SlugPlaceholder();
}
