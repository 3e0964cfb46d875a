using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Projects;

public sealed class ProjectsApiWriteTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonObject NewProject(string name = "Mombasa cement grinding plant") => JsonSerializer.SerializeToNode(new
    {
        name,
        nameZh = "蒙巴萨水泥粉磨厂",
        hostCountry = "ken",
        status = "under-construction",
        sectors = new[] { "building-materials", "industrial-parks" },
        investment = new { amount = 1_500_000_000m, currency = "CNY", usd = 230_000_000m },
        investmentNote = "CNY 1.5 billion per the release",
        capacity = new { value = 1.2m, unit = "Mt/yr" },
        jobsCreated = 800,
        announcedOn = "2016-03",
        constructionStartOn = "2016-05-20",
        latitude = -4.0435,
        longitude = 39.6682,
        summary = "A test project: a cement grinding plant near Mombasa.",
        sources = new object[] { new { title = "Test release", publisher = "Test Agency", publishedOn = "2016-05-20", url = "https://example.org/release", note = "Says 1.2 Mt/yr." } },
    }, ApiFixture.Json)!.AsObject();

    [Fact]
    public async Task Create_returns_201_with_Location_ETag_and_the_stored_record()
    {
        var client = api.Client(await api.CreateKeyAsync("read", "write"));

        var response = await PostAsync(client, NewProject());
        var created = (await response.Content.ReadFromJsonAsync<ProjectDetailDto>(ApiFixture.Json))!;

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/projects/{created.Id}");
        response.Headers.ETag.ShouldNotBeNull();
        response.Headers.ETag.Tag.ShouldBe((await client.GetAsync($"/api/v1/projects/{created.Id}")).Headers.ETag!.Tag);
        created.HostCountry.ShouldBe(new CountryRefDto("KEN", "Kenya", "肯尼亚"));
        created.Status.ShouldBe("under-construction");
        created.Sectors.ShouldBe(["building-materials", "industrial-parks"], ignoreOrder: true);
        created.Investment.ShouldBe(new MoneyDto(1_500_000_000m, "CNY", 230_000_000m));
        created.Capacity.ShouldBe(new CapacityDto(1.2m, "Mt/yr"));
        created.JobsCreated.ShouldBe(800);
        (created.AnnouncedOn, created.AnnouncedOnPrecision).ShouldBe(("2016-03", "month"));
        (created.ConstructionStartOn, created.ConstructionStartOnPrecision).ShouldBe(("2016-05-20", "day"));
        created.CompletedOn.ShouldBeNull();
        (created.Latitude, created.Longitude).ShouldBe((-4.0435, 39.6682));
        created.Sources.Single().Url.ShouldBe("https://example.org/release");
        created.Sources.Single().Note.ShouldBe("Says 1.2 Mt/yr.");
        created.Slug.ShouldBe($"mombasa-cement-grinding-plant-{created.Id}");
        created.Archived.ShouldBeFalse();

        var listed = await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>("/api/v1/projects?country=KEN");
        listed.Items.ShouldContain(p => p.Id == created.Id);
        var history = await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/projects/{created.Id}/history");
        history.Single().Action.ShouldBe("create");
        history.Single().Actor.ShouldBe("api-key:tests-read-write");
    }

    [Fact]
    public async Task Create_links_agreements_and_companies_and_keeps_a_given_slug()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var brazil = await IdOfAgreementAsync("chn-bra-35-agreements-2015-05");
        var chery = await IdOfOrganisationAsync("chery");
        var mvm = await IdOfOrganisationAsync("mvm");
        var body = NewProject("Chery engine plant, test");
        body["hostCountry"] = "BRA";
        body["slug"] = "chery-engine-plant-test";
        body["agreementIds"] = new JsonArray(brazil, brazil);
        body["companies"] = new JsonArray(
            new JsonObject { ["organisationId"] = chery, ["role"] = "investor" },
            new JsonObject { ["organisationId"] = chery, ["role"] = "developer" },
            new JsonObject { ["organisationId"] = mvm, ["role"] = "Partner" });

        var response = await PostAsync(client, body);
        var created = (await response.Content.ReadFromJsonAsync<ProjectDetailDto>(ApiFixture.Json))!;

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        created.Slug.ShouldBe("chery-engine-plant-test");
        created.AgreementIds.ShouldBe([brazil]);
        created.Agreements.Single().Id.ShouldBe(brazil);
        created.Companies.Select(c => (c.OrganisationId, c.Role)).ShouldBe([(chery, "developer"), (chery, "investor"), (mvm, "partner")], ignoreOrder: true);
        (await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>($"/api/v1/projects?agreementId={brazil}")).Items.ShouldContain(p => p.Id == created.Id);
    }

    [Fact]
    public async Task Writes_without_credentials_get_401_and_with_a_read_only_key_403_and_nothing_is_stored()
    {
        var before = await api.QueryAsync(db => db.Projects.CountAsync());
        var id = await IdOfProjectAsync("kanupp-2");
        var readOnly = api.Client(await api.CreateKeyAsync("read"));

        var anonymous = await PostAsync(api.Client(), NewProject());
        var readOnlyPost = await PostAsync(readOnly, NewProject());
        var wrongKey = await PostAsync(api.Client("cc_not-a-real-key"), NewProject());
        var readOnlyPut = await PutAsync(readOnly, id, NewProject(), null);
        var readOnlyDelete = await readOnly.DeleteAsync($"/api/v1/projects/{id}");
        var anonymousDelete = await api.Client().DeleteAsync($"/api/v1/projects/{id}");
        var anonymousRestore = await api.Client().PostAsync($"/api/v1/projects/{id}/restore", null);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        anonymous.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        readOnlyPost.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        readOnlyPost.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        wrongKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        readOnlyPut.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        readOnlyDelete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        anonymousDelete.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymousRestore.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.QueryAsync(db => db.Projects.CountAsync())).ShouldBe(before);
        (await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{id}")).Archived.ShouldBeFalse();
    }

    [Fact]
    public async Task Invalid_bodies_get_400_listing_every_failing_field()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var body = new
        {
            name = "",
            hostCountry = "XXX",
            status = "signed",
            sectors = Array.Empty<string>(),
            latitude = 95.0,
            longitude = 10.0,
            constructionStartOn = "2015-06",
            completedOn = "2015-05-31",
            companies = new object[] { new { organisationId = 1, role = "owner" } },
            sources = Array.Empty<object>(),
            colour = "blue",
        };

        var response = await client.PostAsJsonAsync("/api/v1/projects", body);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        problem.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
        foreach (var field in new[] { "name", "hostCountry", "status", "sectors", "latitude", "completedOn", "companies[0].role", "sources", "colour" })
        {
            errors.TryGetProperty(field, out _).ShouldBeTrue($"expected an error for {field}: {errors}");
        }

        errors.TryGetProperty("longitude", out _).ShouldBeFalse("a valid longitude is not an error");
    }

    [Theory]
    [InlineData("""{"latitude":91,"longitude":10}""", "latitude", null)]
    [InlineData("""{"latitude":-90.5,"longitude":-181}""", "latitude", "longitude")]
    [InlineData("""{"latitude":10,"longitude":null}""", "longitude", null)]
    [InlineData("""{"latitude":null,"longitude":10}""", "latitude", null)]
    [InlineData("""{"constructionStartOn":"2016-01","completedOn":"2015-12-31"}""", "completedOn", null)]
    [InlineData("""{"constructionStartOn":null,"announcedOn":"2016","completedOn":"2015"}""", "completedOn", null)]
    [InlineData("""{"announcedOn":"2016-06","constructionStartOn":"2016-05-20"}""", "constructionStartOn", null)]
    [InlineData("""{"announcedOn":"2015-02-30"}""", "announcedOn", null)]
    [InlineData("""{"completedOn":"2099"}""", "completedOn", null)]
    [InlineData("""{"constructionStartOn":"next year"}""", "constructionStartOn", null)]
    [InlineData("""{"hostCountry":"XXX"}""", "hostCountry", null)]
    [InlineData("""{"hostCountry":null}""", "hostCountry", null)]
    [InlineData("""{"name":null}""", "name", null)]
    [InlineData("""{"name":"NAME_TOO_LONG"}""", "name", null)]
    [InlineData("""{"status":"signed"}""", "status", null)]
    [InlineData("""{"status":null}""", "status", null)]
    [InlineData("""{"sectors":[]}""", "sectors", null)]
    [InlineData("""{"sectors":["steel","space-mining"]}""", "sectors[1]", null)]
    [InlineData("""{"companies":[{"organisationId":99999,"role":"owner"}]}""", "companies[0].role", "companies[0].organisationId")]
    [InlineData("""{"companies":[{"role":"investor"}]}""", "companies[0].organisationId", null)]
    [InlineData("""{"agreementIds":[99999]}""", "agreementIds[0]", null)]
    [InlineData("""{"investment":{"amount":10,"currency":"EUR"}}""", "investment.usd", null)]
    [InlineData("""{"investment":{"amount":-1,"currency":"ZZZ"}}""", "investment.amount", "investment.currency")]
    [InlineData("""{"investment":{"amount":10,"currency":"USD","usd":11}}""", "investment.usd", null)]
    [InlineData("""{"investmentNote":"NOTE_TOO_LONG"}""", "investmentNote", null)]
    [InlineData("""{"capacity":{"value":5}}""", "capacity.unit", null)]
    [InlineData("""{"capacity":{"unit":"MW"}}""", "capacity.value", null)]
    [InlineData("""{"capacity":{"value":-1,"unit":"MW"}}""", "capacity.value", null)]
    [InlineData("""{"capacity":{"value":1,"unit":"UNIT_TOO_LONG"}}""", "capacity.unit", null)]
    [InlineData("""{"jobsCreated":10000001}""", "jobsCreated", null)]
    [InlineData("""{"jobsCreated":-1}""", "jobsCreated", null)]
    [InlineData("""{"summary":"SUMMARY_TOO_LONG"}""", "summary", null)]
    [InlineData("""{"sources":[{"url":"ftp://x"}]}""", "sources[0].title", "sources[0].url")]
    [InlineData("""{"sources":[{"sourceId":99999}]}""", "sources[0].sourceId", null)]
    [InlineData("""{"sources":null}""", "sources", null)]
    [InlineData("""{"slug":"Not A Slug"}""", "slug", null)]
    [InlineData("""{"slug":"kuantan-steel-plant"}""", "slug", null)]
    [InlineData("""{"hostCountryIso3":"KEN"}""", "hostCountryIso3", null)]
    public async Task Each_body_rule_names_its_field(string overrides, string field, string? secondField)
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var body = NewProject();
        var json = overrides
            .Replace("NAME_TOO_LONG", new string('x', 501))
            .Replace("NOTE_TOO_LONG", new string('x', 1001))
            .Replace("UNIT_TOO_LONG", new string('x', 41))
            .Replace("SUMMARY_TOO_LONG", new string('x', 10_001));
        foreach (var (key, value) in JsonNode.Parse(json)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        var response = await PostAsync(client, body);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = problem.RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue(problem.RootElement.ToString());
        messages[0].GetString().ShouldNotBeNullOrWhiteSpace();
        if (secondField is not null)
        {
            errors.TryGetProperty(secondField, out _).ShouldBeTrue(problem.RootElement.ToString());
        }
    }

    [Theory]
    [InlineData("""{"capacity":{"value":null,"unit":null}}""")]
    [InlineData("""{"capacity":null,"investment":null,"latitude":null,"longitude":null,"jobsCreated":0}""")]
    [InlineData("""{"announcedOn":"2016-05","constructionStartOn":"2016","completedOn":"2016"}""")]
    [InlineData("""{"latitude":-90,"longitude":180}""")]
    [InlineData("""{"investment":{"amount":10,"currency":"usd"}}""")]
    public async Task Edge_values_inside_the_rules_are_accepted(string overrides)
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var body = NewProject($"Edge case {Guid.NewGuid():N}");
        foreach (var (key, value) in JsonNode.Parse(overrides)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        var response = await PostAsync(client, body);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_company_twice_in_one_role_is_refused()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var chery = await IdOfOrganisationAsync("chery");
        var body = NewProject();
        body["companies"] = new JsonArray(
            new JsonObject { ["organisationId"] = chery, ["role"] = "investor" },
            new JsonObject { ["organisationId"] = chery, ["role"] = "investor" });

        var response = await PostAsync(client, body);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.RootElement.GetProperty("errors").TryGetProperty("companies", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Malformed_JSON_and_wrong_types_get_clear_errors()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        var malformed = await client.PostAsync("/api/v1/projects", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        var wrongShape = await client.PostAsync("/api/v1/projects", new StringContent("{\"sectors\": \"steel\"}", Encoding.UTF8, "application/json"));
        var wrongType = await client.PostAsync("/api/v1/projects", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await malformed.Content.ReadAsStringAsync()).ShouldNotContain("   at ");
        wrongShape.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        wrongType.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Replace_honours_If_Match_and_a_stale_ETag_gets_412_leaving_the_record_untouched()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Concurrency test project");
        var etag = (await client.GetAsync($"/api/v1/projects/{created.Id}")).Headers.ETag!;

        var first = await PutAsync(client, created.Id, NewProject("First editor's name"), etag.Tag);
        var firstBody = await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{created.Id}");
        var second = await PutAsync(client, created.Id, NewProject("Second editor's name"), etag.Tag);
        var after = await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{created.Id}");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.ETag!.Tag.ShouldNotBe(etag.Tag);
        second.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        second.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        after.Name.ShouldBe("First editor's name");
        after.UpdatedAt.ShouldBe(firstBody.UpdatedAt);
        (await client.GetAsync($"/api/v1/projects/{created.Id}")).Headers.ETag!.Tag.ShouldBe(first.Headers.ETag.Tag);
        (await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/projects/{created.Id}/history")).Select(h => h.Action).ShouldBe(["create", "update"]);

        var weak = await PutAsync(client, created.Id, NewProject("Weak ETag"), $"W/{first.Headers.ETag.Tag}");
        weak.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed, "a weak tag never matches If-Match");
        var third = await PutAsync(client, created.Id, NewProject("Third name with the fresh ETag"), first.Headers.ETag.Tag);
        third.StatusCode.ShouldBe(HttpStatusCode.OK);
        var any = await PutAsync(client, created.Id, NewProject("Any version will do"), "*");
        any.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Replace_without_If_Match_gets_428_and_changes_nothing()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Unconditional replace test project");
        var etag = await ETagOfAsync(client, created.Id);

        var response = await PutAsync(client, created.Id, NewProject("Overwritten without looking"), null);

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionRequired);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ETagOfAsync(client, created.Id)).ShouldBe(etag);
        (await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{created.Id}")).Name.ShouldBe("Unconditional replace test project");
    }

    [Fact]
    public async Task Replace_swaps_every_link_and_records_which_fields_changed()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "History test project");
        var chery = await IdOfOrganisationAsync("chery");
        var peru = await IdOfAgreementAsync("chn-per-two-ocean-railway-study-2015-05");
        var body = NewProject("History test project, renamed");
        body["sectors"] = new JsonArray("railways");
        body["agreementIds"] = new JsonArray(peru);
        body["companies"] = new JsonArray(new JsonObject { ["organisationId"] = chery, ["role"] = "contractor" });
        body["capacity"] = null;
        body["sources"] = new JsonArray(
            new JsonObject { ["sourceId"] = created.Sources.Single().Id, ["note"] = "A new note." },
            new JsonObject { ["title"] = "Second release", ["url"] = "https://example.org/second" });

        var response = await PutAsync(client, created.Id, body, await ETagOfAsync(client, created.Id));
        var replaced = (await response.Content.ReadFromJsonAsync<ProjectDetailDto>(ApiFixture.Json))!;
        var history = await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/projects/{created.Id}/history");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        replaced.Sectors.ShouldBe(["railways"]);
        replaced.AgreementIds.ShouldBe([peru]);
        replaced.Companies.Single().Role.ShouldBe("contractor");
        replaced.Capacity.ShouldBeNull();
        replaced.Sources.Select(s => s.Title).ShouldBe(["Test release", "Second release"], ignoreOrder: true);
        replaced.Sources.Single(s => s.Id == created.Sources.Single().Id).Note.ShouldBe("A new note.");
        replaced.Slug.ShouldBe(created.Slug, "the slug stays when none is given");

        history.Select(h => h.Action).ShouldBe(["create", "update"]);
        history[1].Changes.Select(c => c.Field).ShouldBe(["name", "sectors", "agreementIds", "companies", "capacity", "sources"], ignoreOrder: true);
        var name = history[1].Changes.Single(c => c.Field == "name");
        name.Before!.Value.GetString().ShouldBe("History test project");
        name.After!.Value.GetString().ShouldBe("History test project, renamed");
    }

    [Fact]
    public async Task A_seeded_project_read_and_written_back_is_unchanged()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var id = await IdOfProjectAsync("chery-mvm-iran");
        var response = await client.GetAsync($"/api/v1/projects/{id}");
        var before = (await response.Content.ReadFromJsonAsync<ProjectDetailDto>(ApiFixture.Json))!;

        var put = await PutAsync(client, id, InputFrom(before), response.Headers.ETag!.Tag);
        var after = (await put.Content.ReadFromJsonAsync<ProjectDetailDto>(ApiFixture.Json))!;

        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        JsonSerializer.Serialize(after with { UpdatedAt = before.UpdatedAt }, ApiFixture.Json)
            .ShouldBe(JsonSerializer.Serialize(before, ApiFixture.Json));
        var history = await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/projects/{id}/history");
        history[^1].Action.ShouldBe("update");
        history[^1].Changes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Archive_removes_from_lists_keeps_it_readable_with_history_and_restore_brings_it_back()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Archive test project in Kenya");

        var archive = await client.DeleteAsync($"/api/v1/projects/{created.Id}");
        var again = await client.DeleteAsync($"/api/v1/projects/{created.Id}");
        var listed = await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>("/api/v1/projects?q=archive test");
        var exported = await api.Client().GetStringAsync("/api/v1/projects?format=csv&country=KEN");
        var detail = await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{created.Id}");
        var put = await PutAsync(client, created.Id, NewProject("Edit while archived"), await ETagOfAsync(client, created.Id));

        archive.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        listed.Items.ShouldNotContain(p => p.Id == created.Id);
        exported.ShouldNotContain("Archive test project");
        detail.Archived.ShouldBeTrue();
        detail.ArchivedAt.ShouldNotBeNull();
        put.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        put.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{created.Id}")).Name.ShouldBe("Archive test project in Kenya");
        (await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/projects/{created.Id}/history")).Select(h => h.Action).ShouldBe(["create", "archive"]);

        var restore = await client.PostAsync($"/api/v1/projects/{created.Id}/restore", null);
        restore.StatusCode.ShouldBe(HttpStatusCode.OK);
        restore.Headers.ETag.ShouldNotBeNull();
        (await restore.Content.ReadFromJsonAsync<ProjectDetailDto>(ApiFixture.Json))!.Archived.ShouldBeFalse();
        (await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>("/api/v1/projects?q=archive test")).Items.ShouldContain(p => p.Id == created.Id);
        (await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/projects/{created.Id}/history")).Select(h => h.Action).ShouldBe(["create", "archive", "restore"]);
    }

    [Fact]
    public async Task Archived_agreements_and_organisations_stay_on_projects_that_have_them_but_cannot_be_newly_linked()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var organisation = await client.PostAsJsonAsync("/api/v1/organisations", new { name = "Archived link test company", kind = "company", country = "CHN" });
        var organisationId = (await organisation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var agreement = await client.PostAsJsonAsync("/api/v1/agreements", new
        {
            title = "Archived link test agreement",
            kind = "mou",
            status = "signed",
            parties = new object[] { new { country = "CHN" }, new { country = "KEN" } },
            sources = new object[] { new { title = "Test release", url = "https://example.org/release" } },
        });
        var agreementId = (await agreement.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var body = NewProject("Archived link test project");
        body["agreementIds"] = new JsonArray(agreementId);
        body["companies"] = new JsonArray(new JsonObject { ["organisationId"] = organisationId, ["role"] = "investor" });
        var project = await CreateAsync(client, body);

        (await client.DeleteAsync($"/api/v1/organisations/{organisationId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.DeleteAsync($"/api/v1/agreements/{agreementId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var kept = await api.GetJsonAsync<ProjectDetailDto>($"/api/v1/projects/{project.Id}");
        kept.Companies.Single().OrganisationId.ShouldBe(organisationId);
        kept.AgreementIds.ShouldBe([agreementId]);
        (await PutAsync(client, project.Id, InputFrom(kept), await ETagOfAsync(client, project.Id))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var fresh = await PostAsync(client, body);
        using var problem = JsonDocument.Parse(await fresh.Content.ReadAsStringAsync());
        fresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.RootElement.GetProperty("errors").TryGetProperty("agreementIds[0]", out _).ShouldBeTrue();
        problem.RootElement.GetProperty("errors").TryGetProperty("companies[0].organisationId", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Writes_to_unknown_ids_get_404()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        (await client.DeleteAsync("/api/v1/projects/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PutAsync(client, 999999, NewProject("Nothing here"), "*")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync("/api/v1/projects/999999/restore", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>The input that reproduces a record as read: what a script does when it edits one field.</summary>
    private static JsonObject InputFrom(ProjectDetailDto p) => JsonSerializer.SerializeToNode(new
    {
        p.Name,
        p.NameZh,
        HostCountry = p.HostCountry.Iso3,
        p.Status,
        p.Sectors,
        p.AgreementIds,
        Companies = p.Companies.Select(c => new { c.OrganisationId, c.Role }),
        p.Investment,
        p.InvestmentNote,
        p.Capacity,
        p.JobsCreated,
        p.AnnouncedOn,
        p.ConstructionStartOn,
        p.CompletedOn,
        p.Latitude,
        p.Longitude,
        p.Summary,
        Sources = p.Sources.Select(s => new { SourceId = s.Id, s.Note }),
        p.Slug,
    }, ApiFixture.Json)!.AsObject();

    private Task<long> IdOfProjectAsync(string slug) =>
        api.QueryAsync(db => db.Projects.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

    private Task<long> IdOfAgreementAsync(string slug) =>
        api.QueryAsync(db => db.Agreements.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

    private Task<long> IdOfOrganisationAsync(string slug) =>
        api.QueryAsync(db => db.Organisations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject body) =>
        client.PostAsync("/api/v1/projects", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static Task<ProjectDetailDto> CreateAsync(HttpClient client, string name) => CreateAsync(client, NewProject(name));

    private static async Task<ProjectDetailDto> CreateAsync(HttpClient client, JsonObject body)
    {
        var response = await PostAsync(client, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ProjectDetailDto>(ApiFixture.Json))!;
    }

    private static async Task<string> ETagOfAsync(HttpClient client, long id) =>
        (await client.GetAsync($"/api/v1/projects/{id}")).Headers.ETag!.Tag;

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, long id, JsonObject body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{id}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}
