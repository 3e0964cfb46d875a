using System.Security.Claims;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure.Auth;

/// <summary>The policies as the app registers them, asked directly through IAuthorizationService.</summary>
public sealed class AuthPolicyTests
{
    // The policies never touch the database, so the app needs no real one here.
    private const string NoDatabase = "Host=127.0.0.1;Database=unused";

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    [Fact]
    public async Task Writing_needs_a_key_with_the_write_scope()
    {
        await using var app = new PortalAppFactory(NoDatabase);

        (await AuthorizeAsync(app, Key(ApiKeyScopes.Read), AuthPolicies.Write)).ShouldBeFalse();
        (await AuthorizeAsync(app, Key(ApiKeyScopes.Write), AuthPolicies.Write)).ShouldBeTrue();
        (await AuthorizeAsync(app, Key(ApiKeyScopes.Read, ApiKeyScopes.Write), AuthPolicies.Write)).ShouldBeTrue();
        (await AuthorizeAsync(app, Anonymous, AuthPolicies.Write)).ShouldBeFalse();
    }

    [Fact]
    public async Task Signed_in_editors_and_admins_may_write_but_other_users_may_not()
    {
        await using var app = new PortalAppFactory(NoDatabase);

        (await AuthorizeAsync(app, User("Editor"), AuthPolicies.Write)).ShouldBeTrue();
        (await AuthorizeAsync(app, User("Admin"), AuthPolicies.Write)).ShouldBeTrue();
        (await AuthorizeAsync(app, User("Editor"), AuthPolicies.Write, header: false)).ShouldBeFalse("a cookie write needs X-Requested-With");
        (await AuthorizeAsync(app, User("Viewer"), AuthPolicies.Write)).ShouldBeFalse();
        (await AuthorizeAsync(app, User(), AuthPolicies.Write)).ShouldBeFalse();

        // A role claim on an identity that never authenticated counts for nothing.
        var unauthenticated = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "Admin")]));
        (await AuthorizeAsync(app, unauthenticated, AuthPolicies.Write)).ShouldBeFalse();
    }

    [Fact]
    public async Task Anyone_may_read_unless_reads_require_a_key()
    {
        await using (var open = new PortalAppFactory(NoDatabase))
        {
            (await AuthorizeAsync(open, Anonymous, AuthPolicies.Read)).ShouldBeTrue();
            (await AuthorizeAsync(open, Key(ApiKeyScopes.Read), AuthPolicies.Read)).ShouldBeTrue();
        }

        await using var closed = new PortalAppFactory(NoDatabase, settings: new Dictionary<string, string?> { ["Api:RequireKeyForReads"] = "true" });
        (await AuthorizeAsync(closed, Anonymous, AuthPolicies.Read)).ShouldBeFalse();
        (await AuthorizeAsync(closed, Key(ApiKeyScopes.Read), AuthPolicies.Read)).ShouldBeTrue();
        (await AuthorizeAsync(closed, Key(ApiKeyScopes.Write), AuthPolicies.Read)).ShouldBeTrue();
        (await AuthorizeAsync(closed, User(), AuthPolicies.Read)).ShouldBeTrue();
    }

    /// <summary>As the endpoint's authorization asks: the request is the resource.</summary>
    private static async Task<bool> AuthorizeAsync(PortalAppFactory app, ClaimsPrincipal user, string policy, bool header = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = user };
        if (header)
        {
            request.Request.Headers[CookieWrites.RequestHeader] = "tests";
        }

        return (await authorization.AuthorizeAsync(user, request, policy)).Succeeded;
    }

    private static ClaimsPrincipal Key(params string[] scopes) => ApiKeyAuthenticationHandler.CreatePrincipal(
        new ApiKey { Id = 1, Name = "policy-test", Prefix = "cc_", Hash = "", Scopes = scopes, CreatedBy = "tests" });

    private static ClaimsPrincipal User(params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "someone@example.org"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
        authenticationType: "Cookies"));
}
