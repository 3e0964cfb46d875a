using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Infrastructure.Auth;
using static CapacityCoop.Tests.Pages.Manage.Admin.AdminPages;

namespace CapacityCoop.Tests.Pages.Manage.Admin.Users;

/// <summary>The admin's account pages through the real app: create, role change, disable/enable, reset, unlock and their rules.</summary>
public sealed class UsersPagesTests(AdminPagesFixture api) : IClassFixture<AdminPagesFixture>
{
    private const string CreateUrl = "/Manage/Admin/Users/Create";

    private static object NewAgreement(string title) => new
    {
        title,
        kind = "mou",
        status = "signed",
        parties = new object[] { new { country = "CHN" }, new { country = "KEN" } },
        signedOn = "2016-05",
        value = new { amount = 1_500_000_000m, currency = "CNY", usd = 230_000_000m },
        sectors = new[] { "building-materials" },
        summary = "An agreement written by a member of staff in an admin test.",
        sources = new object[] { new { title = "Test release", publisher = "Test Agency", publishedOn = "2016-05-20", url = "https://example.org/release" } },
    };

    [Fact]
    public async Task An_admin_creates_an_editor_who_signs_in_with_the_password_shown_once()
    {
        var admin = await StaffSession.SignInAsync(api.App, "creator-admin@example.org", PortalRoles.Admin);

        var response = await admin.SubmitAsync(CreateUrl, "main form[method='post']", new()
        {
            ["Input.Email"] = "new-editor@example.org",
            ["Input.DisplayName"] = "New Editor",
            ["Input.Role"] = PortalRoles.Editor,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var page = await StaffSession.ParseAsync(response);
        var password = page.QuerySelector("[data-testid='one-time-password']")!.TextContent.Trim();
        password.Length.ShouldBeGreaterThanOrEqualTo(12);
        page.QuerySelector(".one-time-secret")!.TextContent.ShouldContain("/Account/ChangePassword");
        (await api.RolesAsync("new-editor@example.org")).ShouldBe([PortalRoles.Editor]);

        var editor = StaffSession.NewClient(api.App);
        (await SignInAsync(editor, "new-editor@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await editor.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Written by an invited editor"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The list shows the account, and the password nowhere.
        var list = await admin.GetDocumentAsync("/Manage/Admin/Users");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("new-editor@example.org"));
        row.TextContent.ShouldContain("New Editor");
        row.TextContent.ShouldContain("Editor");
        list.DocumentElement.OuterHtml.ShouldNotContain(password);
    }

    [Fact]
    public async Task Creating_an_account_that_exists_changes_nothing_and_offers_the_reset_instead()
    {
        var password = await StaffSession.CreateAccountAsync(api.App, "existing@example.org", PortalRoles.Viewer);
        var admin = await StaffSession.SignInAsync(api.App, "existing-admin@example.org", PortalRoles.Admin);

        var response = await admin.SubmitAsync(CreateUrl, "main form[method='post']", new()
        {
            ["Input.Email"] = "Existing@Example.org",
            ["Input.Role"] = PortalRoles.Admin,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(response);
        FieldError(page, "Input.Email").ShouldBe("An account with this email address already exists.");
        page.QuerySelector("#Input_Email")!.GetAttribute("value").ShouldBe("Existing@Example.org");
        page.QuerySelector("#Input_Email")!.GetAttribute("aria-describedby").ShouldBe("Input_Email-error");
        page.QuerySelector("[data-testid='one-time-password']").ShouldBeNull();
        var id = await api.UserIdAsync("existing@example.org");
        page.QuerySelector("[data-testid='existing-account'] a")!.GetAttribute("href").ShouldBe($"/Manage/Admin/Users/Edit/{id}");
        (await api.RolesAsync("existing@example.org")).ShouldBe([PortalRoles.Viewer]);
        (await SignInAsync(StaffSession.NewClient(api.App), "existing@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Bad_input_shows_messages_beside_the_fields_and_keeps_what_was_typed()
    {
        var admin = await StaffSession.SignInAsync(api.App, "typo-admin@example.org", PortalRoles.Admin);

        var response = await admin.SubmitAsync(CreateUrl, "main form[method='post']", new()
        {
            ["Input.Email"] = "not an email",
            ["Input.Role"] = "Superuser",
            ["Input.DisplayName"] = new string('x', 201),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(response);
        FieldError(page, "Input.Email").ShouldBe("Enter an email address such as name@example.org.");
        FieldError(page, "Input.Role").ShouldBe("Choose a role: Viewer, Editor or Admin.");
        FieldError(page, "Input.DisplayName").ShouldBe("A display name has at most 200 characters.");
        ErrorsOf(page).Length.ShouldBe(3);
        page.QuerySelector(".errors a[href='#Input_Email']").ShouldNotBeNull();
        page.QuerySelector("#Input_Email")!.GetAttribute("value").ShouldBe("not an email");
        page.QuerySelector("#Input_Email")!.GetAttribute("aria-invalid").ShouldBe("true");
        (await api.QueryAsync(db => Task.FromResult(db.Users.Count(u => u.Email == "not an email")))).ShouldBe(0);
    }

    [Fact]
    public async Task A_promotion_takes_effect_without_signing_in_again_and_a_demotion_ends_the_session()
    {
        var viewer = await StaffSession.SignInAsync(api.App, "promoted@example.org", PortalRoles.Viewer);
        var admin = await StaffSession.SignInAsync(api.App, "promoting-admin@example.org", PortalRoles.Admin);
        var edit = $"/Manage/Admin/Users/Edit/{await api.UserIdAsync("promoted@example.org")}";
        (await viewer.Client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Not yet"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var promote = await admin.SubmitAsync(edit, "form[action*='handler=Save']", new() { ["Input.Role"] = PortalRoles.Editor });

        promote.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetDocumentAsync(edit)).QuerySelector("[role='status']")!.TextContent.ShouldBe("The account has been saved.");
        (await viewer.Client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Written after a promotion"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var demote = await admin.SubmitAsync(edit, "form[action*='handler=Save']", new() { ["Input.Role"] = PortalRoles.Viewer });

        demote.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await viewer.Client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Refused after a demotion"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await viewer.Client.GetAsync("/Account/ChangePassword")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a demotion ends the session at once (ADR-013)");
    }

    [Fact]
    public async Task Disabling_ends_the_open_session_and_blocks_sign_in_and_enabling_restores_it()
    {
        var password = await StaffSession.CreateAccountAsync(api.App, "leaving@example.org", PortalRoles.Editor);
        var editor = new StaffSession(StaffSession.NewClient(api.App), "leaving@example.org");
        (await SignInAsync(editor.Client, "leaving@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await editor.Client.GetAsync("/Account/ChangePassword")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await StaffSession.SignInAsync(api.App, "disabling-admin@example.org", PortalRoles.Admin);
        var edit = $"/Manage/Admin/Users/Edit/{await api.UserIdAsync("leaving@example.org")}";

        (await admin.SubmitAsync(edit, "form[data-testid='disable-form']", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await api.DisabledAtAsync("leaving@example.org")).ShouldNotBeNull();
        var afterDisabling = await editor.Client.GetAsync("/Account/ChangePassword");
        afterDisabling.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        afterDisabling.Headers.Location!.OriginalString.ShouldStartWith("http://localhost/Account/Login");
        (await editor.Client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("After being disabled"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var rightPassword = await SignInAsync(StaffSession.NewClient(api.App), "leaving@example.org", password);
        rightPassword.StatusCode.ShouldBe(HttpStatusCode.OK);
        ErrorsOfLogin(await StaffSession.ParseAsync(rightPassword)).ShouldBe("This account has been disabled. Ask an admin to enable it.");
        var wrongPassword = await SignInAsync(StaffSession.NewClient(api.App), "leaving@example.org", "a wrong password 123!");
        ErrorsOfLogin(await StaffSession.ParseAsync(wrongPassword)).ShouldBe("The email or password is not right.");
        var list = await admin.GetDocumentAsync("/Manage/Admin/Users");
        list.QuerySelectorAll("tbody tr.disabled-account").Select(r => r.TextContent).ShouldContain(t => t.Contains("leaving@example.org"));

        (await admin.SubmitAsync(edit, "form[data-testid='enable-form']", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await api.DisabledAtAsync("leaving@example.org")).ShouldBeNull();
        var again = StaffSession.NewClient(api.App);
        (await SignInAsync(again, "leaving@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await again.PostAsJsonAsync("/api/v1/agreements", NewAgreement("After being enabled"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_admin_may_neither_disable_nor_demote_their_own_account()
    {
        var admin = await StaffSession.SignInAsync(api.App, "self-admin@example.org", PortalRoles.Admin);
        var edit = $"/Manage/Admin/Users/Edit/{await api.UserIdAsync("self-admin@example.org")}";

        var disable = await admin.SubmitAsync(edit, "form[data-testid='disable-form']", new());
        var demote = await admin.SubmitAsync(edit, "form[action*='handler=Save']", new() { ["Input.Role"] = PortalRoles.Editor });

        disable.StatusCode.ShouldBe(HttpStatusCode.OK);
        ErrorsOf(await StaffSession.ParseAsync(disable)).ShouldBe(["You cannot disable your own account: another admin has to do it."]);
        demote.StatusCode.ShouldBe(HttpStatusCode.OK);
        var demotePage = await StaffSession.ParseAsync(demote);
        FieldError(demotePage, "Input.Role").ShouldBe("You cannot take the Admin role from your own account: another admin has to do it.");
        demotePage.QuerySelector("#Input_Role option[selected]")!.GetAttribute("value").ShouldBe(PortalRoles.Editor, "the form keeps what was chosen");
        (await api.DisabledAtAsync("self-admin@example.org")).ShouldBeNull();
        (await api.RolesAsync("self-admin@example.org")).ShouldBe([PortalRoles.Admin]);
        (await admin.Client.GetAsync("/Manage/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reset_shows_a_new_password_once_which_replaces_the_old_one_and_ends_open_sessions()
    {
        var oldPassword = await StaffSession.CreateAccountAsync(api.App, "forgetful@example.org", PortalRoles.Viewer);
        var open = StaffSession.NewClient(api.App);
        (await SignInAsync(open, "forgetful@example.org", oldPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var admin = await StaffSession.SignInAsync(api.App, "resetting-admin@example.org", PortalRoles.Admin);
        var edit = $"/Manage/Admin/Users/Edit/{await api.UserIdAsync("forgetful@example.org")}";

        var response = await admin.SubmitAsync(edit, "form[data-testid='reset-form']", new());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var newPassword = (await StaffSession.ParseAsync(response)).QuerySelector("[data-testid='one-time-password']")!.TextContent.Trim();
        newPassword.ShouldNotBe(oldPassword);
        (await admin.Client.GetStringAsync(edit)).ShouldNotContain(newPassword);
        (await open.GetAsync("/Account/ChangePassword")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await SignInAsync(StaffSession.NewClient(api.App), "forgetful@example.org", oldPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SignInAsync(StaffSession.NewClient(api.App), "forgetful@example.org", newPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await api.RolesAsync("forgetful@example.org")).ShouldBe([PortalRoles.Viewer]);
    }

    [Fact]
    public async Task An_admin_unlocks_an_account_locked_after_failed_sign_ins()
    {
        var password = await StaffSession.CreateAccountAsync(api.App, "locked-out@example.org", PortalRoles.Editor);
        for (var attempt = 0; attempt < AuthExtensions.MaxFailedSignIns; attempt++)
        {
            await SignInAsync(StaffSession.NewClient(api.App), "locked-out@example.org", "not the password 1A!");
        }

        (await SignInAsync(StaffSession.NewClient(api.App), "locked-out@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await StaffSession.SignInAsync(api.App, "unlocking-admin@example.org", PortalRoles.Admin);
        var edit = $"/Manage/Admin/Users/Edit/{await api.UserIdAsync("locked-out@example.org")}";
        (await admin.GetDocumentAsync(edit)).QuerySelector("[data-testid='account-status']")!.TextContent.ShouldContain("Locked out until");
        var row = (await admin.GetDocumentAsync("/Manage/Admin/Users")).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("locked-out@example.org"));
        row.Children[4].TextContent.ShouldContain("UTC");

        (await admin.SubmitAsync(edit, "form[data-testid='unlock-form']", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await SignInAsync(StaffSession.NewClient(api.App), "locked-out@example.org", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_list_sorts_by_the_chosen_column_and_reverses_on_a_second_click()
    {
        await StaffSession.CreateAccountAsync(api.App, "aaa-sorted@example.org", PortalRoles.Admin);
        await StaffSession.CreateAccountAsync(api.App, "zzz-sorted@example.org", PortalRoles.Viewer);
        var admin = await StaffSession.SignInAsync(api.App, "sorting-admin@example.org", PortalRoles.Admin);

        var byEmail = await admin.GetDocumentAsync("/Manage/Admin/Users");
        var emails = byEmail.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent).ToList();
        emails.ShouldBe(emails.Order(StringComparer.OrdinalIgnoreCase).ToList());
        byEmail.QuerySelector("th[aria-sort='ascending'] a")!.GetAttribute("href").ShouldBe("/Manage/Admin/Users?sort=-email");

        var byEmailDescending = await admin.GetDocumentAsync("/Manage/Admin/Users?sort=-email");
        byEmailDescending.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent).ToList().ShouldBe(emails.AsEnumerable().Reverse().ToList());

        var byRole = await admin.GetDocumentAsync("/Manage/Admin/Users?sort=-role");
        byRole.QuerySelectorAll("tbody tr td:nth-child(3)").First().TextContent.ShouldBe("Admin");
        byRole.QuerySelectorAll("tbody tr td:nth-child(3)").Last().TextContent.ShouldBe("Viewer");
        (await admin.Client.GetAsync("/Manage/Admin/Users?sort=nonsense")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_account_is_a_404()
    {
        var admin = await StaffSession.SignInAsync(api.App, "lost-admin@example.org", PortalRoles.Admin);

        (await admin.Client.GetAsync("/Manage/Admin/Users/Edit/no-such-id")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static string ErrorsOfLogin(AngleSharp.Html.Dom.IHtmlDocument document) => document.QuerySelector(".errors")!.TextContent.Trim();
}
