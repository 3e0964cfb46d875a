using System.Net;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Manage.Admin;

/// <summary>Every admin page and action refuses anyone but an Admin, and a refused POST changes nothing.</summary>
public sealed class AdminAccessTests(AdminPagesFixture api) : IClassFixture<AdminPagesFixture>
{
    [Theory]
    [InlineData(PortalRoles.Viewer)]
    [InlineData(PortalRoles.Editor)]
    public async Task Editors_and_viewers_get_403_on_every_admin_page_and_their_posts_change_nothing(string role)
    {
        var target = $"target-of-{role.ToLowerInvariant()}@example.org";
        await StaffSession.CreateAccountAsync(api.App, target, PortalRoles.Viewer);
        var targetId = await api.UserIdAsync(target);
        var keyId = await api.QueryAsync(async db =>
            (await new ApiKeyService(db, TimeProvider.System).CreateAsync($"kept-by-{role}", [ApiKeyScopes.Read], "tests")).Entity.Id);
        var session = await StaffSession.SignInAsync(api.App, $"{role.ToLowerInvariant()}-intruder@example.org", role);
        var pages = new[]
        {
            "/Manage/Admin/Users", "/Manage/Admin/Users/Create", $"/Manage/Admin/Users/Edit/{targetId}",
            "/Manage/Admin/ApiKeys", "/Manage/Admin/ApiKeys/Create", $"/Manage/Admin/ApiKeys/Revoke/{keyId}",
        };

        foreach (var page in pages)
        {
            var response = await session.Client.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
            var denied = await session.Client.GetAsync(response.Headers.Location);
            denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden, page);
            response.Headers.Location!.AbsolutePath.ShouldBe("/Account/AccessDenied", page);
        }

        // Real antiforgery tokens (from a page this user may open), so only the role stands in the way.
        var token = (await session.GetDocumentAsync("/Account/ChangePassword"))
            .QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var posts = new (string Url, Dictionary<string, string> Form)[]
        {
            ("/Manage/Admin/Users/Create", new() { ["Input.Email"] = $"smuggled-{role}@example.org", ["Input.Role"] = PortalRoles.Admin }),
            ($"/Manage/Admin/Users/Edit/{targetId}?handler=Save", new() { ["Input.Role"] = PortalRoles.Admin }),
            ($"/Manage/Admin/Users/Edit/{targetId}?handler=Disable", new()),
            ($"/Manage/Admin/Users/Edit/{targetId}?handler=ResetPassword", new()),
            ("/Manage/Admin/ApiKeys/Create", new() { ["Input.Name"] = $"smuggled-{role}", ["Input.Access"] = "read-write" }),
            ($"/Manage/Admin/ApiKeys/Revoke/{keyId}", new()),
        };
        foreach (var (url, form) in posts)
        {
            form["__RequestVerificationToken"] = token;
            var response = await session.Client.PostAsync(url, new FormUrlEncodedContent(form));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            response.Headers.Location!.AbsolutePath.ShouldBe("/Account/AccessDenied", url);
        }

        (await api.RolesAsync(target)).ShouldBe([PortalRoles.Viewer]);
        (await api.DisabledAtAsync(target)).ShouldBeNull();
        (await api.QueryAsync(db => db.Users.AnyAsync(u => u.Email == $"smuggled-{role}@example.org"))).ShouldBeFalse();
        (await api.QueryAsync(db => db.ApiKeys.AnyAsync(k => k.Name == $"smuggled-{role}"))).ShouldBeFalse();
        (await api.QueryAsync(db => db.ApiKeys.SingleAsync(k => k.Id == keyId))).RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_api_keys_never_open_admin_pages()
    {
        var anonymous = StaffSession.NewClient(api.App);
        var response = await anonymous.GetAsync("/Manage/Admin/Users");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/Account/Login");

        var key = await api.CreateKeyAsync(ApiKeyScopes.Read, ApiKeyScopes.Write);
        var withKey = StaffSession.NewClient(api.App);
        withKey.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);

        // Staff pages take only the sign-in cookie: a request with a key (even a write key) is sent to sign in.
        var withKeyResponse = await withKey.GetAsync("/Manage/Admin/ApiKeys");
        withKeyResponse.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        withKeyResponse.Headers.Location!.AbsolutePath.ShouldBe("/Account/Login");
    }
}
