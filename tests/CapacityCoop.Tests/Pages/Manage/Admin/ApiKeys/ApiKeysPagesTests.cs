using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Manage.Admin.ApiKeys;

/// <summary>API keys made and revoked on the admin pages, used against the real API.</summary>
public sealed class ApiKeysPagesTests(AdminPagesFixture api) : IClassFixture<AdminPagesFixture>
{
    [Fact]
    public async Task A_key_created_on_the_page_is_shown_once_works_with_its_scopes_shows_its_last_use_and_stops_when_revoked()
    {
        var admin = await StaffSession.SignInAsync(api.App, "keys-admin@example.org", PortalRoles.Admin);

        var created = await admin.SubmitAsync("/Manage/Admin/ApiKeys/Create", "main form[method='post']", new()
        {
            ["Input.Name"] = "Nightly sync",
            ["Input.Access"] = "read-write",
        });

        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        created.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var key = (await StaffSession.ParseAsync(created)).QuerySelector("[data-testid='api-key']")!.GetAttribute("value")!;
        key.ShouldStartWith(ApiKeyService.KeyPrefix);
        var stored = await api.QueryAsync(db => db.ApiKeys.SingleAsync(k => k.Name == "Nightly sync"));
        stored.CreatedBy.ShouldBe("keys-admin@example.org");
        stored.Scopes.ShouldBe([ApiKeyScopes.Read, ApiKeyScopes.Write]);

        var list = await admin.GetDocumentAsync("/Manage/Admin/ApiKeys");
        list.DocumentElement.OuterHtml.ShouldNotContain(key);
        var row = list.QuerySelector($"tr[data-key-id='{stored.Id}']")!;
        row.TextContent.ShouldContain(stored.Prefix);
        row.TextContent.ShouldContain("keys-admin@example.org");
        row.QuerySelector("[data-testid='last-used']")!.TextContent.ShouldBe("never");

        var client = api.App.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        var whoami = await client.GetFromJsonAsync<WhoAmIResponse>("/api/v1/auth/whoami");
        whoami!.Name.ShouldBe("api-key:Nightly sync");
        whoami.Scopes.ShouldBe([ApiKeyScopes.Read, ApiKeyScopes.Write]);
        (await admin.GetDocumentAsync("/Manage/Admin/ApiKeys")).QuerySelector($"tr[data-key-id='{stored.Id}'] [data-testid='last-used']")!
            .TextContent.ShouldContain("UTC");

        var revoke = await admin.SubmitAsync($"/Manage/Admin/ApiKeys/Revoke/{stored.Id}", "form[data-testid='revoke-form']", new());

        revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/api/v1/auth/whoami")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var afterRevoking = await admin.GetDocumentAsync("/Manage/Admin/ApiKeys");
        afterRevoking.QuerySelector("[role='status']")!.TextContent.ShouldContain("revoked");
        afterRevoking.QuerySelector($"tr[data-key-id='{stored.Id}'] [data-testid='revoked']")!.TextContent.ShouldContain("UTC");
        afterRevoking.QuerySelector($"tr[data-key-id='{stored.Id}'] a[href*='Revoke']").ShouldBeNull();
    }

    [Fact]
    public async Task A_read_key_from_the_page_reads_but_may_not_write()
    {
        var admin = await StaffSession.SignInAsync(api.App, "read-keys-admin@example.org", PortalRoles.Admin);

        var created = await admin.SubmitAsync("/Manage/Admin/ApiKeys/Create", "main form[method='post']", new() { ["Input.Name"] = "Dashboard" });

        var key = (await StaffSession.ParseAsync(created)).QuerySelector("[data-testid='api-key']")!.GetAttribute("value")!;
        var client = api.App.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        (await client.GetAsync("/api/v1/agreements?pageSize=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsJsonAsync("/api/v1/agreements", new { title = "Refused" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_key_without_a_name_or_access_is_refused_with_messages_beside_the_fields()
    {
        var admin = await StaffSession.SignInAsync(api.App, "nameless-admin@example.org", PortalRoles.Admin);
        var before = await api.QueryAsync(db => db.ApiKeys.CountAsync());

        var response = await admin.SubmitAsync("/Manage/Admin/ApiKeys/Create", "main form[method='post']", new()
        {
            ["Input.Name"] = "   ",
            ["Input.Access"] = "everything",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(response);
        AdminPages.FieldError(page, "Input.Name").ShouldBe("Give the key a name that says who or what uses it.");
        AdminPages.FieldError(page, "Input.Access").ShouldBe("Choose what the key may do: read, or read and write.");
        page.QuerySelector("[data-testid='api-key']").ShouldBeNull();
        (await api.QueryAsync(db => db.ApiKeys.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task The_revoke_page_asks_first_and_an_unknown_key_is_a_404()
    {
        var admin = await StaffSession.SignInAsync(api.App, "careful-admin@example.org", PortalRoles.Admin);
        var id = await api.QueryAsync(async db => (await new ApiKeyService(db, TimeProvider.System).CreateAsync("Asked first", [ApiKeyScopes.Read], "tests")).Entity.Id);

        var confirm = await admin.GetDocumentAsync($"/Manage/Admin/ApiKeys/Revoke/{id}");

        confirm.QuerySelector("form[data-testid='revoke-form'] button")!.TextContent.ShouldBe("Revoke the key");
        (await api.QueryAsync(db => db.ApiKeys.SingleAsync(k => k.Id == id))).RevokedAt.ShouldBeNull();
        (await admin.Client.GetAsync("/Manage/Admin/ApiKeys/Revoke/987654")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
