using System.Net;
using CapacityCoop.Web.Infrastructure.Auth;

namespace CapacityCoop.Tests.Pages.Account;

public sealed class SignInRateLimitFixture : ApiFixture
{
    public const int Permits = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:SignInPermitsPerMinute"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Sign-in attempts are limited per client address (RateLimiting:SignInPermitsPerMinute), whatever the account.</summary>
public sealed class SignInRateLimitTests(SignInRateLimitFixture api) : IClassFixture<SignInRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_an_address_gets_a_429_page_with_retry_after_while_other_addresses_and_pages_are_unaffected()
    {
        var guesser = api.App.StaffFrom("203.0.113.5", "guesser");
        for (var attempt = 1; attempt <= SignInRateLimitFixture.Permits; attempt++)
        {
            (await SignInAsync(guesser, $"nobody{attempt}@example.org")).StatusCode.ShouldBe(HttpStatusCode.OK, $"attempt {attempt}");
        }

        var refused = await SignInAsync(guesser, "one-more@example.org");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many sign-in attempts have come from your address");
        (await guesser.Client.GetAsync("/Account/Login")).StatusCode.ShouldBe(HttpStatusCode.OK, "reading pages is not a sign-in attempt");
        (await SignInAsync(api.App.StaffFrom("203.0.113.6", "neighbour"), "neighbour@example.org")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_limit_counts_the_forwarded_client_not_the_proxy()
    {
        var password = await StaffSession.CreateAccountAsync(api.App, "behind-proxy@example.org", PortalRoles.Viewer);
        for (var client = 1; client <= SignInRateLimitFixture.Permits + 2; client++)
        {
            var browser = api.App.StaffFrom("127.0.0.1", "behind-proxy@example.org");
            browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{client}");
            (await SignInAsync(browser, "behind-proxy@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect, $"client {client} behind the proxy");
        }
    }

    private static Task<HttpResponseMessage> SignInAsync(StaffSession browser, string email, string password = "not the password 1A!") =>
        browser.SubmitAsync("/Account/Login", "main form[method='post']", new() { ["Input.Email"] = email, ["Input.Password"] = password });
}

/// <summary>Failed sign-ins lock an address out of an account, not the account: a stranger cannot lock out its owner.</summary>
public sealed class SignInLockoutTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Five_failures_from_one_address_lock_that_address_out_while_the_owner_signs_in_from_another()
    {
        var password = await StaffSession.CreateAccountAsync(api.App, "known-admin@example.org", PortalRoles.Admin);
        var stranger = api.App.StaffFrom("203.0.113.66", "stranger");
        for (var attempt = 1; attempt < AuthExtensions.MaxFailedSignIns; attempt++)
        {
            (await BodyOfAsync(await SignInAsync(stranger, "wrong password 123!" + attempt))).ShouldContain("The email or password is not right.");
        }

        (await BodyOfAsync(await SignInAsync(stranger, "wrong password 123!"))).ShouldContain("locked");
        (await BodyOfAsync(await SignInAsync(stranger, password))).ShouldContain("locked", customMessage: "the right password from the locked-out address");

        var owner = await SignInAsync(api.App.StaffFrom("192.0.2.10", "known-admin@example.org"), password);

        owner.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the owner, from their own address, is not locked out");
    }

    private static Task<HttpResponseMessage> SignInAsync(StaffSession browser, string password) =>
        browser.SubmitAsync("/Account/Login", "main form[method='post']", new() { ["Input.Email"] = "known-admin@example.org", ["Input.Password"] = password });

    private static Task<string> BodyOfAsync(HttpResponseMessage response) => response.Content.ReadAsStringAsync();
}
