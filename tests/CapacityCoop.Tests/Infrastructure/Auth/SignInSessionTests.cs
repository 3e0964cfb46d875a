using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure.Auth;

/// <summary>
/// Server-side staff sessions on two app instances sharing one database: a cookie works on both, sign-out ends it on
/// both, revocations by an admin end it at once, and no session outlives Auth:SessionAbsoluteLifetime.
/// </summary>
public sealed class SignInSessionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_cookie_from_one_instance_works_on_the_other_and_is_refused_by_both_after_sign_out()
    {
        await using var other = new PortalAppFactory(api.ConnectionString);
        var (session, cookie) = await SignInCapturingCookieAsync(api.App, "two-instances@example.org", PortalRoles.Editor);

        (await WhoAmIAsync(api.App, cookie)).ShouldBe("two-instances@example.org");
        (await WhoAmIAsync(other, cookie)).ShouldBe("two-instances@example.org", "the other instance reads the cookie with the shared keys");

        var signOut = await session.SubmitAsync("/", "form[action='/Account/Logout']", new());
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await WhoAmIAsync(api.App, cookie)).ShouldBeNull("a copy of the cookie is refused where the user signed out");
        (await WhoAmIAsync(other, cookie)).ShouldBeNull("and on the other instance, at once");
        using var write = WithCookie(other, cookie);
        (await write.PostAsJsonAsync("/api/v1/agreements", DraftTestDataAgreement())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.QueryAsync(db => db.SignInSessions.CountAsync(s => s.RevokedAt != null))).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Disabling_an_account_or_resetting_its_password_ends_its_sessions_at_once()
    {
        var (_, disabled) = await SignInCapturingCookieAsync(api.App, "to-disable@example.org", PortalRoles.Editor);
        var (_, reset) = await SignInCapturingCookieAsync(api.App, "to-reset@example.org", PortalRoles.Editor);
        var (_, demoted) = await SignInCapturingCookieAsync(api.App, "to-demote@example.org", PortalRoles.Editor);
        var admin = new CapacityCoop.Web.Features.Audit.Actor("session-test-admin", "admin@example.org");

        await using (var scope = api.App.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
            (await accounts.DisableAsync(await IdOfAsync("to-disable@example.org"), admin)).Outcome.ShouldBe(AccountOutcome.Done);
            (await accounts.ResetPasswordAsync(await IdOfAsync("to-reset@example.org"), admin)).Outcome.ShouldBe(AccountOutcome.Done);
            (await accounts.UpdateAsync(await IdOfAsync("to-demote@example.org"), PortalRoles.Viewer, null, admin)).Outcome.ShouldBe(AccountOutcome.Done);
        }

        // Well inside Auth:SessionValidationInterval (a minute), so the security stamp alone would not have caught it yet.
        (await WhoAmIAsync(api.App, disabled)).ShouldBeNull();
        (await WhoAmIAsync(api.App, reset)).ShouldBeNull();
        (await WhoAmIAsync(api.App, demoted)).ShouldBeNull();
    }

    [Fact]
    public async Task A_session_is_refused_after_its_absolute_lifetime_even_while_the_cookie_keeps_sliding()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        await using var app = new PortalAppFactory(api.ConnectionString, settings: new Dictionary<string, string?>
        {
            [SignInSessionOptions.AbsoluteLifetimeSetting] = "12:00:00",
        });
        using var timed = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(time)));
        string password;
        await using (var scope = timed.Services.CreateAsyncScope())
        {
            password = (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateOrResetAsync("long-day@example.org", PortalRoles.Editor)).Password;
        }

        var session = new StaffSession(timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), "long-day@example.org");
        (await session.SubmitAsync("/Account/Login", "main form[method='post']", new() { ["Input.Email"] = "long-day@example.org", ["Input.Password"] = password }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Active every five hours: the 8-hour sliding cookie is renewed each time and never expires on its own.
        foreach (var hours in new[] { 5, 5 })
        {
            time.Advance(TimeSpan.FromHours(hours));
            (await session.Client.GetFromJsonAsync<WhoAmIResponse>("/api/v1/auth/whoami", ApiFixture.Json))!.Name.ShouldBe("long-day@example.org");
        }

        time.Advance(TimeSpan.FromHours(2.5));
        (await session.Client.GetFromJsonAsync<WhoAmIResponse>("/api/v1/auth/whoami", ApiFixture.Json))!.Authenticated.ShouldBeFalse("12.5 hours after signing in");
    }

    [Fact]
    public async Task An_api_key_revoked_on_one_instance_is_refused_by_the_other_at_the_next_request()
    {
        await using var other = new PortalAppFactory(api.ConnectionString);
        var key = await api.CreateKeyAsync("read", "write");
        var onOther = other.CreateClient();
        onOther.DefaultRequestHeaders.Authorization = new("Bearer", key);
        (await onOther.GetAsync("/api/v1/auth/whoami")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var id = await api.QueryAsync(db => db.ApiKeys.Where(k => k.Hash == ApiKeyService.Hash(key)).Select(k => k.Id).SingleAsync());
        await using (var scope = api.App.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(id)).ShouldBe(RevokeResult.Revoked);
        }

        (await onOther.GetAsync("/api/v1/auth/whoami")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>Signs in through the form and returns the session and its sign-in cookie as a browser would send it.</summary>
    public static async Task<(StaffSession Session, string Cookie)> SignInCapturingCookieAsync(PortalAppFactory app, string email, string role)
    {
        var password = await StaffSession.CreateAccountAsync(app, email, role);
        var session = new StaffSession(StaffSession.NewClient(app), email);
        var signIn = await session.SubmitAsync("/Account/Login", "main form[method='post']", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("CapacityCoop.Auth=", StringComparison.Ordinal));
        return (session, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    /// <summary>Who /api/v1/auth/whoami takes a request with only <paramref name="cookie"/> to be; null for anonymous.</summary>
    public static async Task<string?> WhoAmIAsync(PortalAppFactory app, string cookie)
    {
        using var client = WithCookie(app, cookie);
        var response = await client.GetFromJsonAsync<WhoAmIResponse>("/api/v1/auth/whoami", ApiFixture.Json);
        return response!.Authenticated ? response.Name : null;
    }

    private static HttpClient WithCookie(PortalAppFactory app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        client.DefaultRequestHeaders.Add(CookieWrites.RequestHeader, "XMLHttpRequest");
        return client;
    }

    private static object DraftTestDataAgreement() => Features.Staff.DraftTestData.NewAgreement("After signing out on the other instance");

    private Task<string> IdOfAsync(string email) =>
        api.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
}
