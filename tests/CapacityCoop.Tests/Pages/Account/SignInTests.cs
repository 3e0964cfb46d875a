using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Pages.Account;

/// <summary>Staff sign-in through the real app: the login form, the cookie on the API, lockout, sign-out, create-admin.</summary>
public sealed class SignInTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly HtmlParser Parser = new();

    private static object NewAgreement(string title) => new
    {
        title,
        kind = "mou",
        status = "signed",
        parties = new object[] { new { country = "CHN" }, new { country = "KEN" } },
        signedOn = "2016-05",
        value = new { amount = 1_500_000_000m, currency = "CNY", usd = 230_000_000m },
        sectors = new[] { "building-materials" },
        summary = "An agreement created by a signed-in editor.",
        sources = new object[] { new { title = "Test release", publisher = "Test Agency", publishedOn = "2016-05-20", url = "https://example.org/release" } },
    };

    [Fact]
    public async Task An_editor_signs_in_through_the_form_and_the_cookie_may_create_an_agreement()
    {
        var password = await CreateAccountAsync("editor@example.org", PortalRoles.Editor);
        var client = NewClient();

        var signIn = await SignInAsync(client, "editor@example.org", password, returnUrl: "/agreements");

        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.OriginalString.ShouldBe("/agreements");
        var setCookie = string.Join("\n", signIn.Headers.GetValues("Set-Cookie"));
        setCookie.ShouldContain("CapacityCoop.Auth=");
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=lax", Case.Insensitive);
        var page = await client.GetAsync("/agreements");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var header = Parser.ParseDocument(await page.Content.ReadAsStringAsync()).QuerySelector(".site-header .account")!;
        header.TextContent.ShouldContain("editor@example.org");
        header.QuerySelector("form[action='/Account/Logout'] button").ShouldNotBeNull();

        var created = await client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Created with a sign-in cookie"));

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var history = await api.GetJsonAsync<List<CapacityCoop.Web.Features.Api.AuditEntryDto>>($"{created.Headers.Location}/history");
        history.Single().Actor.ShouldBe("editor@example.org");
    }

    [Fact]
    public async Task A_viewer_may_sign_in_but_gets_a_403_problem_document_when_writing()
    {
        var password = await CreateAccountAsync("viewer@example.org", PortalRoles.Viewer);
        var client = NewClient();
        (await SignInAsync(client, "viewer@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Refused for a viewer"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task Without_a_cookie_an_api_write_is_a_401_problem_document_not_a_redirect()
    {
        var response = await NewClient().PostAsJsonAsync("/api/v1/agreements", NewAgreement("Anonymous"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_page_for_signed_in_staff_sends_anonymous_visitors_to_the_sign_in_page()
    {
        var response = await NewClient().GetAsync("/Account/ChangePassword");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/Account/Login?ReturnUrl=%2FAccount%2FChangePassword");
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_the_fifth_failure_locks_the_account()
    {
        var password = await CreateAccountAsync("locked@example.org", PortalRoles.Editor);
        var client = NewClient();

        var errors = new List<string>();
        for (var attempt = 1; attempt <= AuthExtensions.MaxFailedSignIns; attempt++)
        {
            var response = await SignInAsync(client, "locked@example.org", "not-the-password-1A!");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            errors.Add(Parser.ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector(".errors")!.TextContent.Trim());
        }

        errors.Take(4).ShouldAllBe(e => e == "The email or password is not right.");
        errors[4].ShouldContain("locked");
        var withTheRightPassword = await SignInAsync(client, "locked@example.org", password);
        withTheRightPassword.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await withTheRightPassword.Content.ReadAsStringAsync()).ShouldContain("locked");
    }

    [Fact]
    public async Task An_empty_form_shows_a_message_beside_each_field()
    {
        var response = await SignInAsync(NewClient(), "", "");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        document.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent.ShouldBe("Enter your email address.");
        document.QuerySelector("[data-valmsg-for='Input.Password']")!.TextContent.ShouldBe("Enter your password.");
    }

    [Fact]
    public async Task A_return_url_on_another_site_is_ignored()
    {
        var password = await CreateAccountAsync("redirect@example.org", PortalRoles.Viewer);

        var response = await SignInAsync(NewClient(), "redirect@example.org", password, returnUrl: "https://evil.example/");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var password = await CreateAccountAsync("leaver@example.org", PortalRoles.Editor);
        var client = NewClient();
        (await SignInAsync(client, "leaver@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The antiforgery token is bound to the signed-in user, so it comes from a page seen after signing in.
        var token = await TokenAsync(client, "/Account/ChangePassword");
        var signOut = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/Account/ChangePassword")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("After signing out"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var home = Parser.ParseDocument(await client.GetStringAsync("/"));
        home.QuerySelector(".site-header .account a[href^='/Account/Login']")!.TextContent.ShouldBe("Sign in");
    }

    [Fact]
    public async Task A_signed_in_user_can_change_the_password()
    {
        var password = await CreateAccountAsync("changer@example.org", PortalRoles.Viewer);
        var client = NewClient();
        (await SignInAsync(client, "changer@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var token = await TokenAsync(client, "/Account/ChangePassword");
        var changed = await client.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = password,
            ["Input.NewPassword"] = "A new password 2026!",
            ["Input.ConfirmPassword"] = "A new password 2026!",
            ["__RequestVerificationToken"] = token,
        }));

        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).ShouldContain("Your password has been changed.");
        (await SignInAsync(NewClient(), "changer@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SignInAsync(NewClient(), "changer@example.org", "A new password 2026!")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Create_admin_prints_a_password_that_signs_in_and_a_second_run_resets_it()
    {
        var (exitCode, output, _) = await RunAsync("create-admin", "--email", "admin@example.org");

        exitCode.ShouldBe(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("Created the Admin account admin@example.org. Its password:");
        var password = lines[1];
        password.Length.ShouldBeGreaterThanOrEqualTo(12);
        (await SignInAsync(NewClient(), "admin@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var (again, secondOutput, _) = await RunAsync("create-admin", "--email", "admin@example.org");
        again.ShouldBe(0);
        var newPassword = secondOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        newPassword.ShouldNotBe(password);
        (await SignInAsync(NewClient(), "admin@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var client = NewClient();
        (await SignInAsync(client, "admin@example.org", newPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Created by an admin"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two words@example.org")]
    public async Task Create_admin_refuses_a_malformed_email_with_one_line(string email)
    {
        var (exitCode, output, error) = await RunAsync("create-admin", "--email", email);

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        error.TrimEnd().ShouldBe($"create-admin failed: '{email}' is not an email address.");
        error.TrimEnd().ShouldNotContain('\n');
    }

    private HttpClient NewClient() => StaffSession.NewClient(api.App);

    private async Task<string> CreateAccountAsync(string email, string role)
    {
        await using var scope = api.App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateOrResetAsync(email, role)).Password;
    }

    private static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        return document.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
    }

    /// <summary>Gets the sign-in page (for its antiforgery cookie and token) and posts the form as a browser would.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var url = returnUrl is null ? "/Account/Login" : $"/Account/Login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var form = Parser.ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector("main form[method='post']")!;
        var fields = form.QuerySelectorAll("input[type='hidden']")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        fields.ShouldContainKey("__RequestVerificationToken");
        return await client.PostAsync(form.GetAttribute("action") is { Length: > 0 } action ? action : url, new FormUrlEncodedContent(fields));
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exitCode = await PortalCommands.RunAsync(api.App.Services, args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
