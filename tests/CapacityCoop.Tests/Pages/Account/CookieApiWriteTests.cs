using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CapacityCoop.Tests.Features.Staff;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Features.Staff.DraftTestData;

namespace CapacityCoop.Tests.Pages.Account;

/// <summary>
/// API writes made with the staff sign-in cookie: they need a header a form cannot send (against cross-site request
/// forgery from a sibling site), while API keys are unaffected.
/// </summary>
public sealed class CookieApiWriteTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_form_style_post_or_delete_with_the_staff_cookie_and_no_header_is_refused_and_changes_nothing()
    {
        var editor = await StaffSession.SignInAsync(api.App, "csrf-editor@example.org", PortalRoles.Editor);
        var id = await api.QueryAsync(db => db.Agreements.Where(a => a.ArchivedAt == null).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        var key = api.Client(await api.CreateKeyAsync("read", "write"));
        (await key.DeleteAsync($"/api/v1/agreements/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // What a page on a sibling subdomain can make a signed-in editor's browser send: a form post, no custom header.
        editor.Client.DefaultRequestHeaders.Remove(CookieWrites.RequestHeader);
        var formRestore = await editor.Client.PostAsync($"/api/v1/agreements/{id}/restore", new FormUrlEncodedContent([]));
        var plainRestore = await editor.Client.PostAsync($"/api/v1/agreements/{id}/restore", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"));
        var bareRestore = await editor.Client.PostAsync($"/api/v1/agreements/{id}/restore", null);

        foreach (var refused in new[] { formRestore, plainRestore, bareRestore })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await refused.Content.ReadAsStringAsync()).ShouldContain(CookieWrites.RequestHeader);
        }

        (await ArchivedAsync(id)).ShouldBeTrue("a refused restore leaves the record archived");

        editor.Client.DefaultRequestHeaders.Add(CookieWrites.RequestHeader, "XMLHttpRequest");
        (await editor.Client.PostAsync($"/api/v1/agreements/{id}/restore", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ArchivedAsync(id)).ShouldBeFalse();

        editor.Client.DefaultRequestHeaders.Remove(CookieWrites.RequestHeader);
        (await editor.Client.DeleteAsync($"/api/v1/agreements/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await editor.Client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Forged create"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ArchivedAsync(id)).ShouldBeFalse("a refused archive leaves the record public");
        (await api.QueryAsync(db => db.Agreements.AnyAsync(a => a.Title == "Forged create"))).ShouldBeFalse();
    }

    [Fact]
    public async Task With_four_eyes_off_an_editor_with_the_header_publishes_through_the_api()
    {
        var editor = await StaffSession.SignInAsync(api.App, "direct-editor@example.org", PortalRoles.Editor);

        var created = await editor.Client.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Published directly by an editor"));

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_api_key_needs_no_header()
    {
        var key = api.Client(await api.CreateKeyAsync("read", "write"));

        (await key.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Written with a key"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private Task<bool> ArchivedAsync(long id) =>
        api.QueryAsync(db => db.Agreements.Where(a => a.Id == id).Select(a => a.ArchivedAt != null).SingleAsync());
}

/// <summary>
/// Four-eyes publication on: a signed-in member of staff cannot publish through the API (their changes go through
/// drafts); a key with the write scope still writes, as ADR-013 records.
/// </summary>
public sealed class FourEyesApiWriteTests(FourEyesFixture api) : IClassFixture<FourEyesFixture>
{
    [Theory]
    [InlineData(PortalRoles.Editor)]
    [InlineData(PortalRoles.Admin)]
    public async Task A_staff_cookie_may_not_write_through_the_api_and_is_told_why(string role)
    {
        var staff = await StaffSession.SignInAsync(api.App, $"four-eyes-{role.ToLowerInvariant()}@example.org", role);
        var id = await api.QueryAsync(db => db.Agreements.Where(a => a.ArchivedAt == null).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        var before = await api.QueryAsync(db => db.Agreements.CountAsync(a => a.ArchivedAt == null));

        var responses = new List<HttpResponseMessage>
        {
            await staff.Client.PostAsJsonAsync("/api/v1/agreements", NewAgreement($"Bypass by {role}")),
            await staff.Client.PutAsJsonAsync($"/api/v1/agreements/{id}", NewAgreement($"Bypass by {role}")),
            await staff.Client.DeleteAsync($"/api/v1/agreements/{id}"),
            await staff.Client.PostAsync($"/api/v1/agreements/{id}/restore", null),
            await staff.Client.PostAsJsonAsync("/api/v1/organisations", NewOrganisation($"Bypass by {role}")),
        };

        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            problem.GetProperty("detail").GetString()!.ShouldContain("Staff:RequireSecondEditor");
        }

        (await api.QueryAsync(db => db.Agreements.CountAsync(a => a.ArchivedAt == null))).ShouldBe(before);
        (await api.QueryAsync(db => db.Agreements.AnyAsync(a => a.Title == $"Bypass by {role}"))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_key_with_the_write_scope_still_writes_directly()
    {
        var key = api.Client(await api.CreateKeyAsync("read", "write"));

        (await key.PostAsJsonAsync("/api/v1/agreements", NewAgreement("Written by an integration under four-eyes"))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
