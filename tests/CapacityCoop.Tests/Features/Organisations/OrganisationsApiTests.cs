using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Organisations;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Organisations;

public sealed class OrganisationsApiReadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task List_returns_the_seeded_organisations_by_name_in_the_paged_shape()
    {
        var page = await api.GetJsonAsync<PagedResult<OrganisationDto>>("/api/v1/organisations");

        (page.Page, page.PageSize, page.TotalCount, page.TotalPages).ShouldBe((1, 25, 3, 1));
        page.Items.Select(o => o.Slug).ShouldBe(["chery", "iran-khodro", "mvm"]);
        var chery = page.Items[0];
        chery.Name.ShouldBe("Chery Automobile Co., Ltd.");
        chery.NameZh.ShouldBe("奇瑞汽车股份有限公司");
        chery.Kind.ShouldBe("company");
        chery.Country.ShouldBe(new CountryRefDto("CHN", "China", "中国"));
        chery.Archived.ShouldBeFalse();
    }

    [Theory]
    [InlineData("country=IRN", "iran-khodro,mvm")]
    [InlineData("country=chn,irn", "chery,iran-khodro,mvm")]
    [InlineData("country=BRA", "")]
    [InlineData("kind=company", "chery,iran-khodro,mvm")]
    [InlineData("kind=bank,fund", "")]
    [InlineData("q=khodro", "iran-khodro")]
    [InlineData("q=VEHICLE", "mvm")]
    [InlineData("q=奇瑞", "chery")]
    [InlineData("q=co., ltd", "chery")]
    [InlineData("q=%", "")]
    [InlineData("q=_", "")]
    [InlineData("country=IRN&q=modiran", "mvm")]
    [InlineData("country=CHN&kind=company&q=chery", "chery")]
    public async Task Filters_narrow_the_list(string query, string expected)
    {
        var page = await api.GetJsonAsync<PagedResult<OrganisationDto>>($"/api/v1/organisations?{query.Replace("%", "%25")}");

        var slugs = expected.Split(',', StringSplitOptions.RemoveEmptyEntries);
        page.Items.Select(o => o.Slug).ShouldBe(slugs);
        page.TotalCount.ShouldBe(slugs.Length);
    }

    [Fact]
    public async Task Pages_carry_Link_headers()
    {
        var response = await api.Client().GetAsync("/api/v1/organisations?pageSize=2&page=2");
        var page = (await response.Content.ReadFromJsonAsync<PagedResult<OrganisationDto>>(ApiFixture.Json))!;

        (page.Page, page.Items.Count, page.TotalPages).ShouldBe((2, 1, 2));
        page.Items.Single().Slug.ShouldBe("mvm");
        response.Headers.GetValues("Link").Single().ShouldContain("page=1>; rel=\"prev\"");
    }

    [Theory]
    [InlineData("country=XYZ", "country")]
    [InlineData("kind=charity", "kind")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("sort=name", "sort")]
    [InlineData("format=csv", "format")]
    [InlineData("colour=blue", "colour")]
    [InlineData("q=a&q=b", "q")]
    public async Task Bad_query_parameters_give_400_naming_the_parameter(string query, string parameter)
    {
        var response = await api.Client().GetAsync($"/api/v1/organisations?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _).ShouldBeTrue(problem.RootElement.ToString());
    }

    [Fact]
    public async Task Detail_sends_an_ETag_and_If_None_Match_gives_304()
    {
        var id = await api.QueryAsync(db => db.Organisations.Where(o => o.Slug == "mvm").Select(o => o.Id).SingleAsync());
        var client = api.Client();

        var first = await client.GetAsync($"/api/v1/organisations/{id}");
        var detail = (await first.Content.ReadFromJsonAsync<OrganisationDto>(ApiFixture.Json))!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/organisations/{id}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        detail.Name.ShouldBe("Modiran Vehicle Manufacturing Company (MVM)");
        detail.NameZh.ShouldBeNull();
        detail.Country!.Iso3.ShouldBe("IRN");
        first.Headers.ETag!.IsWeak.ShouldBeFalse();
        (await client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("/api/v1/organisations/999999")]
    [InlineData("/api/v1/organisations/999999/history")]
    [InlineData("/api/v1/organisations/chery")]
    public async Task Unknown_ids_give_404(string url)
    {
        (await api.Client().GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class OrganisationsApiWriteTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Create_returns_201_with_Location_ETag_a_slug_and_history()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        var response = await client.PostAsJsonAsync("/api/v1/organisations", new { name = "China Railway Group", nameZh = "中国中铁", kind = "Company", country = "chn" });
        var created = (await response.Content.ReadFromJsonAsync<OrganisationDto>(ApiFixture.Json))!;

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/organisations/{created.Id}");
        response.Headers.ETag.ShouldNotBeNull();
        created.Slug.ShouldBe($"china-railway-group-{created.Id}");
        created.Kind.ShouldBe("company");
        created.Country!.Iso3.ShouldBe("CHN");
        (await api.GetJsonAsync<PagedResult<OrganisationDto>>("/api/v1/organisations?q=railway")).Items.ShouldContain(o => o.Id == created.Id);
        var history = await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/organisations/{created.Id}/history");
        history.Single().Action.ShouldBe("create");
        history.Single().Actor.ShouldBe("api-key:tests-write");
    }

    [Fact]
    public async Task An_organisation_without_a_country_is_fine()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        var response = await client.PostAsJsonAsync("/api/v1/organisations", new { name = "Silk Road Fund", kind = "fund", slug = "silk-road-fund" });
        var created = (await response.Content.ReadFromJsonAsync<OrganisationDto>(ApiFixture.Json))!;

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Country.ShouldBeNull();
        created.Slug.ShouldBe("silk-road-fund");
    }

    [Theory]
    [InlineData("""{"kind":"company"}""", "name")]
    [InlineData("""{"name":"NAME_TOO_LONG","kind":"company"}""", "name")]
    [InlineData("""{"name":"X","nameZh":"NAME_TOO_LONG","kind":"company"}""", "nameZh")]
    [InlineData("""{"name":"X"}""", "kind")]
    [InlineData("""{"name":"X","kind":"charity"}""", "kind")]
    [InlineData("""{"name":"X","kind":"bank","country":"XXX"}""", "country")]
    [InlineData("""{"name":"X","kind":"bank","slug":"chery"}""", "slug")]
    [InlineData("""{"name":"X","kind":"bank","slug":"-bad-"}""", "slug")]
    [InlineData("""{"name":"X","kind":"bank","countryIso3":"CHN"}""", "countryIso3")]
    public async Task Each_body_rule_names_its_field(string json, string field)
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        var response = await client.PostAsync("/api/v1/organisations",
            new StringContent(json.Replace("NAME_TOO_LONG", new string('x', 301)), Encoding.UTF8, "application/json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.RootElement.ToString());
    }

    [Fact]
    public async Task Writes_need_a_key_with_the_write_scope()
    {
        var body = new { name = "Nobody's company", kind = "company" };

        (await api.Client().PostAsJsonAsync("/api/v1/organisations", body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var readOnly = api.Client(await api.CreateKeyAsync("read"));
        (await readOnly.PostAsJsonAsync("/api/v1/organisations", body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readOnly.DeleteAsync("/api/v1/organisations/1")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.QueryAsync(db => db.Organisations.AnyAsync(o => o.Name == "Nobody's company"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Replace_honours_If_Match_and_a_stale_ETag_gets_412_leaving_the_record_untouched()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Concurrency test bank", "bank");
        var etag = (await client.GetAsync($"/api/v1/organisations/{created.Id}")).Headers.ETag!.Tag;

        var first = await PutAsync(client, created.Id, new { name = "First editor's bank", kind = "bank", country = "CHN" }, etag);
        var second = await PutAsync(client, created.Id, new { name = "Second editor's bank", kind = "bank" }, etag);
        var after = await api.GetJsonAsync<OrganisationDto>($"/api/v1/organisations/{created.Id}");
        var history = await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/organisations/{created.Id}/history");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.ETag!.Tag.ShouldNotBe(etag);
        second.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        second.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        after.Name.ShouldBe("First editor's bank");
        after.Country!.Iso3.ShouldBe("CHN");
        history.Select(h => h.Action).ShouldBe(["create", "update"]);
        history[1].Changes.Select(c => c.Field).ShouldBe(["name", "country"], ignoreOrder: true);
    }

    [Fact]
    public async Task Replace_without_If_Match_gets_428_and_changes_nothing()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Unconditional replace test bank", "bank");

        var response = await PutAsync(client, created.Id, new { name = "Overwritten without looking", kind = "bank" }, null);

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionRequired);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.GetJsonAsync<OrganisationDto>($"/api/v1/organisations/{created.Id}")).Name.ShouldBe("Unconditional replace test bank");
        (await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/organisations/{created.Id}/history")).Select(h => h.Action).ShouldBe(["create"]);
    }

    [Fact]
    public async Task Archive_removes_from_the_list_keeps_it_readable_and_restore_brings_it_back()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Archive test ministry", "ministry");

        var archive = await client.DeleteAsync($"/api/v1/organisations/{created.Id}");
        var again = await client.DeleteAsync($"/api/v1/organisations/{created.Id}");
        var listed = await api.GetJsonAsync<PagedResult<OrganisationDto>>("/api/v1/organisations?q=archive test");
        var detail = await api.GetJsonAsync<OrganisationDto>($"/api/v1/organisations/{created.Id}");
        var put = await PutAsync(client, created.Id, new { name = "Edit while archived", kind = "ministry" }, "*");

        archive.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        listed.Items.ShouldBeEmpty();
        (detail.Archived, detail.ArchivedAt is not null).ShouldBe((true, true));
        put.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var restore = await client.PostAsync($"/api/v1/organisations/{created.Id}/restore", null);
        restore.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetJsonAsync<PagedResult<OrganisationDto>>("/api/v1/organisations?q=archive test")).Items.Single().Id.ShouldBe(created.Id);
        (await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/organisations/{created.Id}/history")).Select(h => h.Action)
            .ShouldBe(["create", "archive", "restore"]);
    }

    [Fact]
    public async Task Archiving_an_organisation_that_projects_name_keeps_their_references()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var mvm = await api.QueryAsync(db => db.Organisations.Where(o => o.Slug == "mvm").Select(o => o.Id).SingleAsync());
        var project = await api.QueryAsync(db => db.Projects.Where(p => p.Slug == "chery-mvm-iran").Select(p => p.Id).SingleAsync());

        (await client.DeleteAsync($"/api/v1/organisations/{mvm}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var detail = await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{project}");
        detail.Companies.ShouldContain(c => c.OrganisationId == mvm && c.Role == "operator");
        (await client.PostAsync($"/api/v1/organisations/{mvm}/restore", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Writes_to_unknown_ids_get_404()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        (await client.DeleteAsync("/api/v1/organisations/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PutAsync(client, 999999, new { name = "Nothing", kind = "other" }, "*")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync("/api/v1/organisations/999999/restore", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<OrganisationDto> CreateAsync(HttpClient client, string name, string kind)
    {
        var response = await client.PostAsJsonAsync("/api/v1/organisations", new { name, kind });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrganisationDto>(ApiFixture.Json))!;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, long id, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/organisations/{id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}
