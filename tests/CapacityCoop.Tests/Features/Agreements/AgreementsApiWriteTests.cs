using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Agreements;

public sealed class AgreementsApiWriteTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static object NewAgreement(string title = "China–Kenya MOU on building materials capacity") => new
    {
        title,
        kind = "mou",
        status = "signed",
        parties = new object[] { new { country = "CHN" }, new { country = "ken" } },
        signedOn = "2016-05",
        signedPlace = "Nairobi",
        value = new { amount = 1_500_000_000m, currency = "CNY", usd = 230_000_000m },
        sectors = new[] { "building-materials", "industrial-parks" },
        summary = "A test agreement on cement and glass lines.",
        sources = new object[] { new { title = "Test release", publisher = "Test Agency", publishedOn = "2016-05-20", url = "https://example.org/release" } },
    };

    [Fact]
    public async Task Create_returns_201_with_Location_ETag_and_the_stored_record()
    {
        var client = api.Client(await api.CreateKeyAsync("read", "write"));

        var response = await client.PostAsJsonAsync("/api/v1/agreements", NewAgreement());
        var created = (await response.Content.ReadFromJsonAsync<AgreementDetailDto>(ApiFixture.Json))!;

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/agreements/{created.Id}");
        response.Headers.ETag.ShouldNotBeNull();
        created.Parties.Select(p => p.Code).ShouldBe(["CHN", "KEN"]);
        created.Value.ShouldBe(new MoneyDto(1_500_000_000m, "CNY", 230_000_000m));
        created.SignedOn.ShouldBe("2016-05");
        created.SignedOnPrecision.ShouldBe("month");
        created.Sectors.Select(s => s.Code).ShouldBe(["building-materials", "industrial-parks"], ignoreOrder: true);
        created.Sources.Single().Url.ShouldBe("https://example.org/release");
        created.Slug.ShouldStartWith("china-kenya-mou-on-building-materials-capacity-");

        var listed = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=KEN");
        listed.Items.ShouldContain(a => a.Id == created.Id);
        var history = await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/agreements/{created.Id}/history");
        history.Single().Action.ShouldBe("create");
        history.Single().Actor.ShouldBe("api-key:tests-read-write");
    }

    [Fact]
    public async Task Writes_without_credentials_get_401_and_with_a_read_only_key_403_and_nothing_is_stored()
    {
        var before = await api.QueryAsync(db => db.Agreements.CountAsync());

        var anonymous = await api.Client().PostAsJsonAsync("/api/v1/agreements", NewAgreement());
        var readOnly = await api.Client(await api.CreateKeyAsync("read")).PostAsJsonAsync("/api/v1/agreements", NewAgreement());
        var wrongKey = await api.Client("cc_not-a-real-key").PostAsJsonAsync("/api/v1/agreements", NewAgreement());

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        anonymous.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        readOnly.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        readOnly.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        wrongKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.QueryAsync(db => db.Agreements.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task The_key_can_also_be_sent_as_X_Api_Key()
    {
        var client = api.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", await api.CreateKeyAsync("write"));

        (await client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Sent with X-Api-Key"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Invalid_bodies_get_400_listing_every_failing_field()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var body = new
        {
            title = "",
            kind = "treaty",
            status = "signed",
            parties = new object[] { new { country = "CHN" } },
            signedOn = "2099-01-01",
            value = new { amount = 5m },
            sectors = new[] { "space-mining" },
            sources = Array.Empty<object>(),
            colour = "blue",
        };

        var response = await client.PostAsJsonAsync("/api/v1/agreements", body);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        foreach (var field in new[] { "title", "kind", "parties", "signedOn", "value.currency", "sectors[0]", "sources", "colour" })
        {
            errors.TryGetProperty(field, out _).ShouldBeTrue($"expected an error for {field}: {errors}");
        }
    }

    [Theory]
    [InlineData("""{"parties":[{"country":"CHN","bloc":"AU"},{"country":"XXX"}]}""", "parties[0]", "parties[1].country")]
    [InlineData("""{"value":{"amount":-1,"currency":"ZZZ"}}""", "value.amount", "value.currency")]
    [InlineData("""{"value":{"amount":10,"currency":"EUR"}}""", "value.usd", null)]
    [InlineData("""{"sources":[{"url":"ftp://x"}]}""", "sources[0].title", "sources[0].url")]
    [InlineData("""{"sources":[{"sourceId":99999}]}""", "sources[0].sourceId", null)]
    [InlineData("""{"parentAgreementId":99999}""", "parentAgreementId", null)]
    [InlineData("""{"slug":"Not A Slug"}""", "slug", null)]
    [InlineData("""{"title":"x","summary":"SUMMARY_TOO_LONG"}""", "summary", null)]
    public async Task Each_body_rule_names_its_field(string overrides, string field, string? secondField)
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var body = JsonSerializer.SerializeToNode(NewAgreement(), ApiFixture.Json)!.AsObject();
        foreach (var (key, value) in JsonNodeOf(overrides.Replace("SUMMARY_TOO_LONG", new string('x', 10_001))))
        {
            body[key] = value?.DeepClone();
        }

        var response = await client.PostAsync("/api/v1/agreements", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.RootElement.ToString());
        if (secondField is not null)
        {
            problem.RootElement.GetProperty("errors").TryGetProperty(secondField, out _).ShouldBeTrue(problem.RootElement.ToString());
        }
    }

    [Fact]
    public async Task Malformed_JSON_oversized_bodies_and_wrong_content_types_get_clear_errors()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        var malformed = await client.PostAsync("/api/v1/agreements", new StringContent("{\"title\": ", Encoding.UTF8, "application/json"));
        var wrongType = await client.PostAsync("/api/v1/agreements", new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var huge = await client.PostAsync("/api/v1/agreements", new StringContent($"{{\"title\":\"{new string('x', 1_100_000)}\"}}", Encoding.UTF8, "application/json"));
        var wrongShape = await client.PostAsync("/api/v1/agreements", new StringContent("{\"parties\": \"CHN\"}", Encoding.UTF8, "application/json"));

        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await malformed.Content.ReadAsStringAsync()).ShouldNotContain("   at ");
        wrongType.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        wrongType.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        huge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        huge.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        wrongShape.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Replace_honours_If_Match_and_a_stale_ETag_gets_412_leaving_the_record_untouched()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Concurrency test agreement");
        var etag = (await client.GetAsync($"/api/v1/agreements/{created.Id}")).Headers.ETag!;

        var first = await PutAsync(client, created.Id, "First editor's title", etag.Tag);
        var second = await PutAsync(client, created.Id, "Second editor's title", etag.Tag);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.ETag!.Tag.ShouldNotBe(etag.Tag);
        second.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        second.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{created.Id}")).Title.ShouldBe("First editor's title");

        var third = await PutAsync(client, created.Id, "Third title with the fresh ETag", first.Headers.ETag.Tag);
        third.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Replace_without_If_Match_gets_428_naming_the_fix_and_changes_nothing()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Unconditional replace test agreement");
        var before = await api.QueryAsync(db => db.Agreements.Where(a => a.Id == created.Id).Select(a => new { a.Title, a.UpdatedAt }).SingleAsync());

        var response = await PutAsync(client, created.Id, "Overwritten without looking", null);
        var empty = await PutAsync(client, created.Id, "Overwritten with an empty If-Match", "");

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionRequired);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(428);
        problem.GetProperty("detail").GetString()!.ShouldContain("If-Match");
        problem.GetProperty("detail").GetString()!.ShouldContain("ETag");
        problem.TryGetProperty("traceId", out _).ShouldBeTrue();
        empty.StatusCode.ShouldBe(HttpStatusCode.PreconditionRequired);
        var after = await api.QueryAsync(db => db.Agreements.Where(a => a.Id == created.Id).Select(a => new { a.Title, a.UpdatedAt }).SingleAsync());
        after.ShouldBe(before);
        (await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/agreements/{created.Id}/history")).Select(h => h.Action).ShouldBe(["create"]);
    }

    [Fact]
    public async Task Replace_records_which_fields_changed_in_the_history()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "History test agreement");

        (await PutAsync(client, created.Id, "History test agreement, renamed", await ETagOfAsync(client, created.Id))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var history = await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/agreements/{created.Id}/history");

        history.Select(h => h.Action).ShouldBe(["create", "update"]);
        var change = history[1].Changes.Single();
        change.Field.ShouldBe("title");
        change.Before!.Value.GetString().ShouldBe("History test agreement");
        change.After!.Value.GetString().ShouldBe("History test agreement, renamed");
    }

    [Fact]
    public async Task Archive_removes_from_lists_keeps_it_readable_with_history_and_restore_brings_it_back()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var created = await CreateAsync(client, "Archive test agreement with Kenya");

        var archive = await client.DeleteAsync($"/api/v1/agreements/{created.Id}");
        var again = await client.DeleteAsync($"/api/v1/agreements/{created.Id}");
        var listed = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?q=archive test");
        var detail = await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{created.Id}");
        var put = await PutAsync(client, created.Id, "Edit while archived", await ETagOfAsync(client, created.Id));

        archive.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        listed.Items.ShouldNotContain(a => a.Id == created.Id);
        detail.Archived.ShouldBeTrue();
        detail.ArchivedAt.ShouldNotBeNull();
        put.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await api.GetJsonAsync<List<AuditEntryDto>>($"/api/v1/agreements/{created.Id}/history")).Select(h => h.Action).ShouldBe(["create", "archive"]);

        (await client.PostAsync($"/api/v1/agreements/{created.Id}/restore", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?q=archive test")).Items.ShouldContain(a => a.Id == created.Id);
    }

    [Fact]
    public async Task Writes_to_unknown_ids_get_404()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        (await client.DeleteAsync("/api/v1/agreements/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PutAsync(client, 999999, "Nothing here", "*")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Umbrella_rules_hold_on_write()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var framework = await api.QueryAsync(db => db.Agreements.Where(a => a.Slug == "chn-kaz-capacity-framework-2014").Select(a => a.Id).SingleAsync());
        var child = await api.QueryAsync(db => db.Agreements.Where(a => a.Slug == "chn-kaz-33-documents-2015-03-27").Select(a => a.Id).SingleAsync());

        var underChild = JsonSerializer.SerializeToNode(NewAgreement("Under a child"), ApiFixture.Json)!.AsObject();
        underChild["parentAgreementId"] = child;
        var underFramework = JsonSerializer.SerializeToNode(NewAgreement("Under the framework"), ApiFixture.Json)!.AsObject();
        underFramework["parentAgreementId"] = framework;

        (await client.PostAsync("/api/v1/agreements", new StringContent(underChild.ToJsonString(), Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var created = await client.PostAsync("/api/v1/agreements", new StringContent(underFramework.ToJsonString(), Encoding.UTF8, "application/json"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.Content.ReadFromJsonAsync<AgreementDetailDto>(ApiFixture.Json))!.CountsTowardTotals.ShouldBeFalse();
    }

    private static async Task<AgreementDetailDto> CreateAsync(HttpClient client, string title)
    {
        var response = await client.PostAsJsonAsync("/api/v1/agreements", NewAgreement(title));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AgreementDetailDto>(ApiFixture.Json))!;
    }

    private static async Task<string> ETagOfAsync(HttpClient client, long id) =>
        (await client.GetAsync($"/api/v1/agreements/{id}")).Headers.ETag!.Tag;

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, long id, string title, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agreements/{id}") { Content = JsonContent.Create(NewAgreement(title)) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    private static IEnumerable<KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>> JsonNodeOf(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
}
