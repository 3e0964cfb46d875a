using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Features.Staff.DraftTestData;
using static CapacityCoop.Tests.Pages.Manage.DraftsPageSupport;

namespace CapacityCoop.Tests.Pages.Manage;

/// <summary>A record's full history for staff, and the links to it from the public pages.</summary>
public sealed class HistoryPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Task<long> AgreementIdAsync(string slug) => api.QueryAsync(db => db.Agreements.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

    [Fact]
    public async Task An_API_update_shows_who_made_it_and_each_changed_field_before_and_after_newest_first()
    {
        var id = await AgreementIdAsync("chn-kaz-capacity-framework-2014");
        var stored = await StoredInputAsync(api.App, "agreement", id);
        var client = api.Client(await api.CreateKeyAsync("write"));
        var keyId = await api.QueryAsync(db => db.ApiKeys.Where(k => k.Name == "tests-write").Select(k => k.Id).SingleAsync());
        var earlier = await api.QueryAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "agreement" && e.EntityId == id));
        (await client.PutWithCurrentETagAsync($"/api/v1/agreements/{id}", stored.With("signedPlace", "Astana, Akorda").With("status", "in-force")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PutWithCurrentETagAsync($"/api/v1/agreements/{id}", stored.With("signedPlace", "Astana, Akorda").With("status", "in-force").With("event", "Premier's visit, December 2014")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var viewer = await StaffSession.SignInAsync(api.App, "history-viewer@example.org", PortalRoles.Viewer);

        var page = await viewer.GetDocumentAsync($"/Manage/History?type=agreement&id={id}");

        page.QuerySelector("h1")!.TextContent.ShouldContain("China–Kazakhstan");
        var entries = page.QuerySelectorAll("li.audit-entry").ToList();
        entries.Count.ShouldBe(earlier + 2);
        entries.Take(2).Select(e => e.GetAttribute("data-action")).ShouldBe(["update", "update"]);
        var latest = entries[0];
        latest.QuerySelectorAll("tr[data-field]").Select(r => r.GetAttribute("data-field")).ShouldBe(["event"]);
        var first = entries[1];
        var rows = first.QuerySelectorAll("tr[data-field]").ToDictionary(
            r => r.GetAttribute("data-field")!, r => (Before: r.QuerySelector("td.before")!.TextContent, After: r.QuerySelector("td.after")!.TextContent));
        rows["signedPlace"].ShouldBe((stored["signedPlace"].GetString()!, "Astana, Akorda"));
        rows["status"].ShouldBe(("signed", "in-force"));
        first.QuerySelector("[data-testid='actor']")!.TextContent.ShouldBe("api-key:tests-write");
        first.QuerySelector("[data-testid='actor-id']")!.TextContent.ShouldBe($"api-key:{keyId}");
        first.QuerySelector("time")!.GetAttribute("datetime").ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_published_draft_shows_its_author_and_a_note_naming_the_draft_and_the_publisher()
    {
        var author = await StaffSession.SignInAsync(api.App, "history-author@example.org", PortalRoles.Editor);
        var publisher = await StaffSession.SignInAsync(api.App, "history-publisher@example.org", PortalRoles.Admin);
        var authorActor = await ActorAsync(api.App, author.Email);
        var draft = await SaveDraftAsync(api.App, "organisation", null, NewOrganisation("History Test Holding"), authorActor);
        var published = await publisher.SubmitAsync($"/Manage/Drafts/Details?id={draft.Id}", "form.publish-form", new());
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = published.Headers.Location!.OriginalString;
        var id = await api.QueryAsync(db => db.Organisations.Where(o => o.Name == "History Test Holding").Select(o => o.Id).SingleAsync());
        location.ShouldBe($"/Manage/History?type=organisation&id={id}", "organisations have no public page");

        var page = await publisher.GetDocumentAsync(location);

        page.QuerySelector("[data-testid='status-message']")!.TextContent.ShouldBe($"Draft {draft.Id} is published.");
        var entry = page.QuerySelector("li.audit-entry").ShouldNotBeNull();
        entry.GetAttribute("data-action").ShouldBe("create");
        entry.QuerySelector("[data-testid='actor']")!.TextContent.ShouldBe(author.Email);
        entry.QuerySelector("[data-testid='actor-id']")!.TextContent.ShouldBe(authorActor.Id);
        entry.QuerySelector("[data-testid='note']")!.TextContent.ShouldBe($"Note: draft {draft.Id}, published by {publisher.Email}");
        var name = entry.QuerySelector("tr[data-field='name']").ShouldNotBeNull();
        (name.QuerySelector("td.before")!.TextContent, name.QuerySelector("td.after")!.TextContent).ShouldBe(("—", "History Test Holding"));
    }

    [Theory]
    [InlineData("type=agreement&id=987654")]
    [InlineData("type=country&id=1")]
    [InlineData("type=agreement&id=abc")]
    [InlineData("type=agreement")]
    [InlineData("")]
    public async Task An_unknown_record_is_a_404_page(string query)
    {
        var viewer = await StaffSession.SignInAsync(api.App, "history-404@example.org", PortalRoles.Viewer);

        var page = await viewer.GetDocumentAsync($"/Manage/History?{query}", HttpStatusCode.NotFound);

        page.QuerySelector("h1")!.TextContent.ShouldBe("Record not found");
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var id = await AgreementIdAsync("chn-kaz-capacity-framework-2014");

        (await StaffSession.NewClient(api.App).GetAsync($"/Manage/History?type=agreement&id={id}")).ShouldRedirectToSignIn("anonymous history");
    }

    [Fact]
    public async Task The_public_agreement_and_project_pages_link_to_the_full_history_for_staff_only()
    {
        var agreementId = await AgreementIdAsync("chn-kaz-capacity-framework-2014");
        var projectId = await api.QueryAsync(db => db.Projects.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var viewer = await StaffSession.SignInAsync(api.App, "history-links@example.org", PortalRoles.Viewer);
        var keyClient = api.Client(await api.CreateKeyAsync("read"));

        foreach (var (url, expected) in new[]
                 {
                     ($"/agreements/{agreementId}", $"/Manage/History?type=agreement&id={agreementId}"),
                     ($"/projects/{projectId}", $"/Manage/History?type=project&id={projectId}"),
                 })
        {
            var staffPage = await viewer.GetDocumentAsync(url);
            staffPage.QuerySelector("[data-testid='staff-history']")!.GetAttribute("href").ShouldBe(expected);
            (await viewer.GetDocumentAsync(expected)).QuerySelector("h1").ShouldNotBeNull();

            var anonymous = await HtmlPage.GetAsync(api.Client(), url);
            anonymous.Status.ShouldBe(HttpStatusCode.OK);
            anonymous.Document.QuerySelector("[data-testid='staff-history']").ShouldBeNull();
            var withKey = await HtmlPage.GetAsync(keyClient, url);
            withKey.Document.QuerySelector("[data-testid='staff-history']").ShouldBeNull("an API key never opens staff pages, so it gets no link to them");
        }
    }
}
