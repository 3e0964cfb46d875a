using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure.Auth;

/// <summary>API-key authentication through the whole HTTP pipeline, on <c>GET /api/v1/auth/whoami</c>.</summary>
public sealed class ApiKeyHttpTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string WhoAmI = "/api/v1/auth/whoami";

    [Fact]
    public async Task Anonymous_reads_are_allowed_by_default()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);

        var response = await app.CreateClient().GetAsync(WhoAmI);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<WhoAmIResponse>();
        body.ShouldNotBeNull();
        body.Authenticated.ShouldBeFalse();
        body.Name.ShouldBeNull();
        body.Scopes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_valid_key_in_the_authorization_header_identifies_the_caller()
    {
        var created = await CreateKeyAsync("bearer-client", ApiKeyScopes.Read, ApiKeyScopes.Write);
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);

        var response = await client.GetAsync(WhoAmI);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<WhoAmIResponse>();
        body.ShouldBe(new WhoAmIResponse(true, "api-key:bearer-client", body!.Scopes));
        body.Scopes.ShouldBe(["read", "write"]);
    }

    [Fact]
    public async Task A_valid_key_in_the_x_api_key_header_identifies_the_caller()
    {
        var created = await CreateKeyAsync("header-client", ApiKeyScopes.Read);
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Key);

        var body = await client.GetFromJsonAsync<WhoAmIResponse>(WhoAmI);

        body.ShouldNotBeNull();
        body.Authenticated.ShouldBeTrue();
        body.Name.ShouldBe("api-key:header-client");
        body.Scopes.ShouldBe(["read"]);
    }

    [Theory]
    [InlineData("well-formed")]
    [InlineData("cc_not-a-real-key")]
    [InlineData("")]
    public async Task An_unknown_key_gets_401_with_invalid_token_and_a_problem_document(string kind)
    {
        var key = kind == "well-formed" ? ApiKeyService.GenerateKey() : kind;
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key}");

        var response = await client.GetAsync(WhoAmI);

        await ShouldBeUnauthorizedAsync(response, invalidToken: true);
    }

    [Fact]
    public async Task A_revoked_key_gets_401()
    {
        var created = await CreateKeyAsync("revoked-client", ApiKeyScopes.Read, ApiKeyScopes.Write);
        await database.ExecuteAsync(db => new ApiKeyService(db, TimeProvider.System).RevokeAsync(created.Entity.Id));
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Key);

        var response = await client.GetAsync(WhoAmI);

        await ShouldBeUnauthorizedAsync(response, invalidToken: true);
    }

    [Fact]
    public async Task Other_authorization_schemes_are_left_alone()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        var body = await client.GetFromJsonAsync<WhoAmIResponse>(WhoAmI);

        body!.Authenticated.ShouldBeFalse();
    }

    [Fact]
    public async Task When_reads_require_a_key_anonymous_callers_get_401_and_any_valid_key_gets_in()
    {
        var created = await CreateKeyAsync("read-only-client", ApiKeyScopes.Read);
        await using var app = new PortalAppFactory(
            database.ConnectionString, settings: new Dictionary<string, string?> { ["Api:RequireKeyForReads"] = "true" });
        var client = app.CreateClient();

        await ShouldBeUnauthorizedAsync(await client.GetAsync(WhoAmI), invalidToken: false);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);
        var body = await client.GetFromJsonAsync<WhoAmIResponse>(WhoAmI);
        body!.Name.ShouldBe("api-key:read-only-client");
    }

    [Fact]
    public async Task Using_a_key_records_when_it_was_last_used_at_most_once_a_minute()
    {
        var created = await CreateKeyAsync("touched-client", ApiKeyScopes.Read);
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);
        Task<DateTimeOffset?> LastUsedAsync() =>
            database.QueryAsync(db => db.ApiKeys.Where(k => k.Id == created.Entity.Id).Select(k => k.LastUsedAt).SingleAsync());

        (await LastUsedAsync()).ShouldBeNull();
        (await client.GetAsync(WhoAmI)).EnsureSuccessStatusCode();
        var first = await LastUsedAsync();
        first.ShouldNotBeNull();
        first.Value.ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));

        // Within the minute a request does not write; once the last use is older, it does.
        var thirtySecondsAgo = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SetLastUsedAsync(created.Entity.Id, thirtySecondsAgo);
        (await client.GetAsync(WhoAmI)).EnsureSuccessStatusCode();
        (await LastUsedAsync())!.Value.ShouldBe(thirtySecondsAgo, TimeSpan.FromMilliseconds(1));

        var twoMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-2);
        await SetLastUsedAsync(created.Entity.Id, twoMinutesAgo);
        (await client.GetAsync(WhoAmI)).EnsureSuccessStatusCode();
        (await LastUsedAsync())!.Value.ShouldBeGreaterThan(twoMinutesAgo.AddSeconds(90));
    }

    [Fact]
    public async Task A_key_without_the_write_scope_is_forbidden_with_a_problem_document()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);
        await using var scope = app.Services.CreateAsyncScope();
        var readOnly = new ApiKey { Id = 7, Name = "reader", Prefix = "cc_x", Hash = "", Scopes = [ApiKeyScopes.Read], CreatedBy = "test" };
        var context = new DefaultHttpContext
        {
            RequestServices = scope.ServiceProvider,
            User = ApiKeyAuthenticationHandler.CreatePrincipal(readOnly),
            Response = { Body = new MemoryStream() },
        };

        // What the authorization middleware does when a policy fails for an authenticated caller.
        await context.ForbidAsync();

        context.Response.StatusCode.ShouldBe(StatusCodes.Status403Forbidden);
        context.Response.ContentType.ShouldBe("application/problem+json");
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(403);
        problem.RootElement.GetProperty("detail").GetString().ShouldBe("This API key lacks the write scope.");
        problem.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrEmpty();
    }

    private Task<CreatedApiKey> CreateKeyAsync(string name, params string[] scopes) =>
        database.QueryAsync(db => new ApiKeyService(db, TimeProvider.System).CreateAsync(name, scopes, "tests"));

    private Task SetLastUsedAsync(long id, DateTimeOffset at) =>
        database.ExecuteAsync(db => db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at)));

    private static async Task ShouldBeUnauthorizedAsync(HttpResponseMessage response, bool invalidToken)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.ShouldStartWith("Bearer realm=\"CapacityCoop\"");
        if (invalidToken)
        {
            challenge.ShouldContain("error=\"invalid_token\"");
        }
        else
        {
            challenge.ShouldNotContain("error=");
        }

        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(401);
        problem.RootElement.GetProperty("title").GetString().ShouldBe("Unauthorized");
        problem.RootElement.GetProperty("type").GetString().ShouldNotBeNullOrEmpty();
        problem.RootElement.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();
        problem.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrEmpty();
    }
}
