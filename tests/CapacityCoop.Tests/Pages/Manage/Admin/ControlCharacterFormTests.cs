using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Manage.Admin;

/// <summary>
/// Control characters other than NUL in the sign-in, password and admin forms: a message beside the field, never a
/// 500, nothing stored; in a staff page's query string: a 400 naming the parameter.
/// </summary>
public sealed class ControlCharacterFormTests(AdminPagesFixture api) : IClassFixture<AdminPagesFixture>
{
    public static readonly TheoryData<string> Controls = new() { "\u0001", "\u001b", "\u007f", "\u0085" };

    private static readonly HtmlParser Parser = new();

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task The_sign_in_form_names_the_field_that_holds_a_control_character(string control)
    {
        var session = new StaffSession(StaffSession.NewClient(api.App), "nobody@example.org");

        var response = await session.SubmitAsync("/Account/Login", "main form[method='post']",
            new() { ["Input.Email"] = $"someone{control}@example.org", ["Input.Password"] = $"pass{control}word" });

        var page = await PageAsync(response);
        AdminPages.FieldError(page, "Input.Email").ShouldContain($"control character (U+{(int)control[0]:X4}) at position 8");
        AdminPages.FieldError(page, "Input.Password").ShouldContain($"control character (U+{(int)control[0]:X4}) at position 5");
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task The_change_password_form_names_the_field_and_keeps_the_password(string control)
    {
        var email = $"change-{(int)control[0]:x}@example.org";
        var staff = await StaffSession.SignInAsync(api.App, email, PortalRoles.Viewer);
        var hash = await PasswordHashAsync(email);

        var response = await staff.SubmitAsync("/Account/ChangePassword", "main form[method='post']", new()
        {
            ["Input.CurrentPassword"] = "not-the-password",
            ["Input.NewPassword"] = $"a-new-long-password{control}",
            ["Input.ConfirmPassword"] = $"a-new-long-password{control}",
        });

        var page = await PageAsync(response);
        AdminPages.FieldError(page, "Input.NewPassword").ShouldContain($"(U+{(int)control[0]:X4})");
        (await PasswordHashAsync(email)).ShouldBe(hash);
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Creating_an_account_with_a_control_character_shows_it_beside_the_field_and_creates_nothing(string control)
    {
        var admin = await StaffSession.SignInAsync(api.App, "controls-admin@example.org", PortalRoles.Admin);
        var accounts = await api.QueryAsync(db => db.Users.CountAsync());

        var response = await admin.SubmitAsync("/Manage/Admin/Users/Create", "main form[method='post']", new()
        {
            ["Input.Email"] = $"new{control}@example.org",
            ["Input.Role"] = PortalRoles.Viewer,
            ["Input.DisplayName"] = $"New{control}comer",
        });

        var page = await PageAsync(response);
        AdminPages.FieldError(page, "Input.Email").ShouldContain($"(U+{(int)control[0]:X4}) at position 4");
        AdminPages.FieldError(page, "Input.DisplayName").ShouldContain($"(U+{(int)control[0]:X4}) at position 4");
        (await api.QueryAsync(db => db.Users.CountAsync())).ShouldBe(accounts);
    }

    [Fact]
    public async Task A_display_name_is_one_line_on_create_and_on_edit()
    {
        var admin = await StaffSession.SignInAsync(api.App, "controls-admin@example.org", PortalRoles.Admin);
        await StaffSession.CreateAccountAsync(api.App, "one-line@example.org", PortalRoles.Viewer);
        var edit = $"/Manage/Admin/Users/Edit/{await api.UserIdAsync("one-line@example.org")}";

        var created = await admin.SubmitAsync("/Manage/Admin/Users/Create", "main form[method='post']", new()
        {
            ["Input.Email"] = "tabbed@example.org", ["Input.Role"] = PortalRoles.Viewer, ["Input.DisplayName"] = "Tab\tName",
        });
        var edited = await admin.SubmitAsync(edit, "form.admin-form", new() { ["Input.DisplayName"] = "Line\nbreak" });

        AdminPages.FieldError(await PageAsync(created), "Input.DisplayName").ShouldBe(StaffAccounts.DisplayNameControlMessage);
        AdminPages.FieldError(await PageAsync(edited), "Input.DisplayName").ShouldBe(StaffAccounts.DisplayNameControlMessage);
        (await api.QueryAsync(db => db.Users.CountAsync(u => u.Email == "tabbed@example.org"))).ShouldBe(0);
        (await api.QueryAsync(db => db.Users.Where(u => u.Email == "one-line@example.org").Select(u => u.DisplayName).SingleAsync())).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Editing_an_account_with_a_control_character_shows_it_beside_the_field_and_changes_nothing(string control)
    {
        var admin = await StaffSession.SignInAsync(api.App, "controls-admin@example.org", PortalRoles.Admin);
        var email = $"edited-{(int)control[0]:x}@example.org";
        await StaffSession.CreateAccountAsync(api.App, email, PortalRoles.Viewer);
        var edit = $"/Manage/Admin/Users/Edit/{await api.UserIdAsync(email)}";

        var response = await admin.SubmitAsync(edit, "form.admin-form", new() { ["Input.DisplayName"] = $"Renamed{control}", ["Input.Role"] = PortalRoles.Editor });

        AdminPages.FieldError(await PageAsync(response), "Input.DisplayName").ShouldContain($"(U+{(int)control[0]:X4}) at position 8");
        (await api.RolesAsync(email)).ShouldBe([PortalRoles.Viewer]);
        (await api.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync())).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Controls))]
    [InlineData("\t")]
    public async Task Creating_an_API_key_whose_name_holds_a_control_character_shows_it_beside_the_field_and_creates_no_key(string control)
    {
        var admin = await StaffSession.SignInAsync(api.App, "controls-admin@example.org", PortalRoles.Admin);
        var keys = await api.QueryAsync(db => db.ApiKeys.CountAsync());

        var response = await admin.SubmitAsync("/Manage/Admin/ApiKeys/Create", "main form[method='post']", new() { ["Input.Name"] = $"nightly{control}import" });

        AdminPages.FieldError(await PageAsync(response), "Input.Name").ShouldContain("control character");
        (await api.QueryAsync(db => db.ApiKeys.CountAsync())).ShouldBe(keys);
    }

    [Theory]
    [InlineData("/Manage/Organisations?q=bank%01", "q")]
    [InlineData("/Manage/Agreements?q=%1B%5B31m", "q")]
    [InlineData("/Manage/Lookup?type=organisation&q=ban%7Fk", "q")]
    [InlineData("/Manage/History?type=agreement%C2%85&id=1", "type")]
    [InlineData("/Manage/Drafts?type=%01", "type")]
    [InlineData("/Manage/Admin/Users?sort=email%09", "sort")]
    [InlineData("/Manage/Import/Template?type=agreement%0A", "type")]
    public async Task A_control_character_in_a_staff_page_query_is_a_400_naming_the_parameter(string url, string parameter)
    {
        var admin = await StaffSession.SignInAsync(api.App, "controls-admin@example.org", PortalRoles.Admin);

        var response = await admin.Client.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").GetProperty(parameter)[0].GetString()!.ShouldContain($"'{parameter}' contains a control character");
    }

    private Task<string?> PasswordHashAsync(string email) =>
        api.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.Length > 500 ? body[..500] : body);
        return Parser.ParseDocument(body);
    }
}
