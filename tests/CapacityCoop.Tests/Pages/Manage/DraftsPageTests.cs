using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using CapacityCoop.Tests.Features.Staff;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Features.Staff.DraftTestData;
using static CapacityCoop.Tests.Pages.Manage.DraftsPageSupport;

namespace CapacityCoop.Tests.Pages.Manage;

/// <summary>The review queue and a draft's review page through the whole app, four-eyes off.</summary>
public sealed class DraftsPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Task<long> AgreementIdAsync(string slug) => api.QueryAsync(db => db.Agreements.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

    private Task<Draft> StoredDraftAsync(long id) => api.QueryAsync(db => db.Drafts.AsNoTracking().SingleAsync(d => d.Id == id));

    private async Task<(StaffSession Session, CapacityCoop.Web.Features.Audit.Actor Actor)> EditorAsync(string email, string role = PortalRoles.Editor)
    {
        var session = await StaffSession.SignInAsync(api.App, email, role);
        return (session, await ActorAsync(api.App, email));
    }

    [Fact]
    public async Task A_new_agreement_drafted_by_one_editor_is_queued_not_public_and_published_by_another_with_an_audit_entry()
    {
        var (author, authorActor) = await EditorAsync("queue-author@example.org");
        var (publisher, _) = await EditorAsync("queue-publisher@example.org");
        const string title = "Zambia clinker line capacity memorandum";
        var draft = await SaveDraftAsync(api.App, "agreement", null, NewAgreement(title), authorActor);

        var hidden = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?q=clinker");
        hidden.Items.ShouldNotContain(a => a.Title == title);
        var queue = await publisher.GetDocumentAsync("/Manage/Drafts");
        var row = queue.QuerySelector($"tr[data-draft-id='{draft.Id}']").ShouldNotBeNull();
        var cells = row.Children.Select(c => c.TextContent.Trim()).ToList();
        cells.ShouldBe([title, "Agreement", "Draft", "New record", author.Email, author.Email, cells[6], "—"]);
        row.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/Manage/Drafts/Details?id={draft.Id}");
        var onlyProjects = await publisher.GetDocumentAsync("/Manage/Drafts?type=project");
        onlyProjects.QuerySelector($"tr[data-draft-id='{draft.Id}']").ShouldBeNull();

        var details = await publisher.GetDocumentAsync($"/Manage/Drafts/Details?id={draft.Id}");
        details.QuerySelector("[data-testid='state']")!.TextContent.ShouldBe("Draft");
        var fields = details.QuerySelectorAll("[data-testid='fields'] tbody tr").ToDictionary(r => r.GetAttribute("data-field")!, r => r.QuerySelector("td")!.TextContent);
        fields["title"].ShouldBe(title);
        fields["signedOn"].ShouldBe("2016-08");
        details.QuerySelector("[data-testid='fields'] tr[data-field='signedOn'] th")!.TextContent.ShouldBe("Date signed", "fields are labelled as on the form");
        details.QuerySelector("[data-testid='edit-link']")!.GetAttribute("href").ShouldBe($"/Manage/Agreements/Edit?draft={draft.Id}");

        var published = await publisher.SubmitAsync($"/Manage/Drafts/Details?id={draft.Id}", "form.publish-form", new());

        published.StatusCode.ShouldBe(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync());
        var location = published.Headers.Location!.OriginalString;
        location.ShouldStartWith("/agreements/");
        var id = long.Parse(location["/agreements/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var landing = await publisher.GetDocumentAsync(location);
        landing.QuerySelector("[data-testid='status-message']")!.TextContent.ShouldBe($"Draft {draft.Id} is published.");
        (await publisher.GetDocumentAsync(location)).QuerySelector("[data-testid='status-message']").ShouldBeNull("the message is shown once");

        var detail = await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{id}");
        detail.Title.ShouldBe(title);
        detail.Parties.Select(p => p.Code).ShouldBe(["CHN", "ZMB"]);
        var found = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?q=clinker");
        found.Items.ShouldContain(a => a.Id == id);
        var entry = await api.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == "agreement" && e.EntityId == id));
        (entry.Action, entry.Actor, entry.ActorId).ShouldBe(("create", author.Email, authorActor.Id));
        entry.Note.ShouldBe($"draft {draft.Id}, published by {publisher.Email}");
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Published);
        (await publisher.GetDocumentAsync("/Manage/Drafts")).QuerySelector($"tr[data-draft-id='{draft.Id}']").ShouldBeNull();
    }

    [Fact]
    public async Task A_change_to_a_published_record_is_shown_beside_it_and_discarding_it_leaves_the_record_untouched()
    {
        var id = await AgreementIdAsync("chn-bra-35-agreements-2015-05");
        var (author, authorActor) = await EditorAsync("discard-author@example.org");
        var before = await api.Client().GetAsync($"/api/v1/agreements/{id}");
        var stored = await StoredInputAsync(api.App, "agreement", id);
        var draft = await SaveDraftAsync(api.App, "agreement", id, stored.With("signedPlace", "Brasília (draft)"), authorActor);

        var details = await author.GetDocumentAsync($"/Manage/Drafts/Details?id={draft.Id}");
        var changed = details.QuerySelectorAll("table.comparison tbody tr.differs").ToList();
        changed.Count.ShouldBe(1);
        changed[0].GetAttribute("data-field").ShouldBe("signedPlace");
        changed[0].QuerySelector("th")!.TextContent.ShouldContain("Place");
        changed[0].QuerySelectorAll("td").Select(c => c.TextContent).ShouldBe(["Brasília (draft)", stored["signedPlace"].GetString()!]);
        details.QuerySelector("[data-testid='edit-link']")!.GetAttribute("href").ShouldBe($"/Manage/Agreements/Edit?id={id}");
        details.QuerySelector("[data-testid='record-changed']").ShouldBeNull();
        details.QuerySelector("form.discard-form button")!.TextContent.ShouldBe("Discard this draft and its changes");

        var discarded = await author.SubmitAsync($"/Manage/Drafts/Details?id={draft.Id}", "form.discard-form", new());

        discarded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        discarded.Headers.Location!.OriginalString.ShouldBe("/Manage/Drafts");
        (await author.GetDocumentAsync("/Manage/Drafts")).QuerySelector("[data-testid='status-message']")!.TextContent
            .ShouldBe($"Draft {draft.Id} is discarded; the published record is unchanged.");
        var after = await api.Client().GetAsync($"/api/v1/agreements/{id}");
        after.Headers.ETag!.Tag.ShouldBe(before.Headers.ETag!.Tag);
        (await after.Content.ReadFromJsonAsync<AgreementDetailDto>(ApiFixture.Json))!.SignedPlace.ShouldBe(stored["signedPlace"].GetString());
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Discarded);
        var closed = await author.GetDocumentAsync($"/Manage/Drafts/Details?id={draft.Id}");
        closed.QuerySelector("[data-testid='state']")!.TextContent.ShouldBe("Discarded");
        closed.QuerySelector("form.discard-form").ShouldBeNull();
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_shown_beside_the_field_and_the_author_sees_the_reason_on_the_staff_home()
    {
        var (author, authorActor) = await EditorAsync("reject-author@example.org");
        var (reviewer, _) = await EditorAsync("reject-reviewer@example.org");
        var draft = await SaveDraftAsync(api.App, "organisation", null, NewOrganisation("Lusaka Cement Works"), authorActor);
        var url = $"/Manage/Drafts/Details?id={draft.Id}";
        (await author.GetDocumentAsync(url)).QuerySelector("form.reject-form").ShouldBeNull("an author does not reject their own draft");

        var empty = await reviewer.SubmitAsync(url, "form.reject-form", new() { ["Reason"] = " " });

        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(empty);
        page.QuerySelector("[data-valmsg-for='Reason']")!.TextContent.ShouldBe("Say why the draft is rejected, so its author can put it right.");
        page.QuerySelector("textarea#Reason")!.GetAttribute("aria-describedby").ShouldBe("Reason-error");
        page.QuerySelector("#Reason-error").ShouldNotBeNull();
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Draft);

        var rejected = await reviewer.PostFormAsync(url, (IHtmlFormElement)page.QuerySelector("form.reject-form")!, new() { ["Reason"] = "Which country is the company registered in?" });

        rejected.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Rejected);
        var home = await author.GetDocumentAsync("/Manage");
        var item = home.QuerySelector("[data-testid='rejected-to-me'] li").ShouldNotBeNull();
        item.TextContent.ShouldContain("Lusaka Cement Works");
        item.TextContent.ShouldContain("reject-reviewer@example.org wrote:");
        item.TextContent.ShouldContain("“Which country is the company registered in?”");
        item.QuerySelector("a[href^='/Manage/Organisations/Edit']")!.GetAttribute("href").ShouldBe($"/Manage/Organisations/Edit?draft={draft.Id}");
        var details = await author.GetDocumentAsync(url);
        details.QuerySelector("[data-testid='state']")!.TextContent.ShouldBe("Rejected");
        details.QuerySelector("[data-testid='reject-reason']")!.TextContent.ShouldBe("Which country is the company registered in?");
        (await reviewer.GetDocumentAsync("/Manage")).QuerySelector("[data-testid='rejected-to-me']").ShouldBeNull();
    }

    [Fact]
    public async Task Publishing_a_draft_whose_record_was_changed_through_the_API_is_refused_with_the_conflict_message()
    {
        var id = await AgreementIdAsync("chn-kaz-capacity-framework-2014");
        var (author, authorActor) = await EditorAsync("conflict-author@example.org");
        var stored = await StoredInputAsync(api.App, "agreement", id);
        var draft = await SaveDraftAsync(api.App, "agreement", id, stored.With("signedPlace", "Astana (draft)"), authorActor);
        var put = await api.Client(await api.CreateKeyAsync("write")).PutWithCurrentETagAsync($"/api/v1/agreements/{id}", stored.With("signedPlace", "Nur-Sultan (API)"));
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        var details = await author.GetDocumentAsync($"/Manage/Drafts/Details?id={draft.Id}");
        details.QuerySelector("[data-testid='record-changed']")!.TextContent.ShouldContain("The published record has changed since this draft was started.");
        var response = await author.SubmitAsync($"/Manage/Drafts/Details?id={draft.Id}", "form.publish-form", new());

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var page = await StaffSession.ParseAsync(response);
        page.QuerySelector("[data-testid='refusal']")!.TextContent.Trim().ShouldStartWith(
            "The published record was changed after this draft was started. Open the draft, compare it with the stored record and save it again to re-apply it.");
        (await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{id}")).SignedPlace.ShouldBe("Nur-Sultan (API)");
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Draft);
    }

    [Fact]
    public async Task A_viewer_may_read_the_queue_and_a_draft_but_every_review_post_is_refused_and_changes_nothing()
    {
        var viewer = await StaffSession.SignInAsync(api.App, "queue-viewer@example.org", PortalRoles.Viewer);
        var (_, authorActor) = await EditorAsync("viewer-test-author@example.org");
        var draft = await SaveDraftAsync(api.App, "organisation", null, NewOrganisation("Viewer Cannot Publish Ltd"), authorActor);
        var url = $"/Manage/Drafts/Details?id={draft.Id}";

        (await viewer.GetDocumentAsync("/Manage/Drafts")).QuerySelector($"tr[data-draft-id='{draft.Id}']").ShouldNotBeNull();
        var details = await viewer.GetDocumentAsync(url);
        details.QuerySelector("[data-testid='viewer-note']").ShouldNotBeNull();
        details.QuerySelectorAll("main form").ShouldBeEmpty();
        details.QuerySelector("[data-testid='edit-link']").ShouldBeNull();

        foreach (var handler in new[] { "Publish", "Reject", "Discard" })
        {
            var response = await PostWithTokenAsync(viewer, $"{url}&handler={handler}", new() { ["Reason"] = "A viewer tries" });
            response.ShouldBeRefusedForTheRole($"a viewer's {handler}");
        }

        var denied = await viewer.Client.GetAsync("/Account/AccessDenied");
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var stored = await StoredDraftAsync(draft.Id);
        (stored.State, stored.ReviewedBy).ShouldBe((DraftStates.Draft, null));
        (await api.QueryAsync(db => db.Organisations.AnyAsync(o => o.Name == "Viewer Cannot Publish Ltd"))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_new_draft_that_looks_like_a_published_agreement_lists_it_for_the_reviewer()
    {
        var id = await AgreementIdAsync("chn-bra-35-agreements-2015-05");
        var (reviewer, _) = await EditorAsync("duplicate-reviewer@example.org");
        var (_, authorActor) = await EditorAsync("duplicate-author@example.org");
        var again = await StoredInputAsync(api.App, "agreement", id);
        again.Remove("slug");
        var draft = await SaveDraftAsync(api.App, "agreement", null, again, authorActor);

        var details = await reviewer.GetDocumentAsync($"/Manage/Drafts/Details?id={draft.Id}");

        var duplicates = details.QuerySelector("[data-testid='duplicates']").ShouldNotBeNull();
        duplicates.TextContent.ShouldContain("Its author confirmed that it is not a duplicate.");
        var link = duplicates.QuerySelectorAll("li a").ShouldHaveSingleItem();
        link.GetAttribute("href").ShouldBe($"/agreements/{id}");
        link.TextContent.ShouldBe(again["title"].GetString());
        await reviewer.SubmitAsync($"/Manage/Drafts/Details?id={draft.Id}", "form.discard-form", new());
    }

    [Fact]
    public async Task A_draft_from_an_import_names_its_batch_in_the_queue_and_on_its_page()
    {
        var (viewer, actor) = await EditorAsync("batch-viewer@example.org", PortalRoles.Viewer);
        var draft = await SaveDraftAsync(api.App, "organisation", null, NewOrganisation("Imported Holding Ltd"), actor);
        var batchId = await api.QueryAsync(async db =>
        {
            var batch = new ImportBatch { EntityType = "agreement", FileName = "september.csv", RowCount = 1, CreatedById = actor.Id, CreatedBy = actor.Name };
            db.ImportBatches.Add(batch);
            await db.SaveChangesAsync();
            await db.Drafts.Where(d => d.Id == draft.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.ImportBatchId, batch.Id));
            return batch.Id;
        });

        var row = (await viewer.GetDocumentAsync("/Manage/Drafts")).QuerySelector($"tr[data-draft-id='{draft.Id}']").ShouldNotBeNull();
        var details = await viewer.GetDocumentAsync($"/Manage/Drafts/Details?id={draft.Id}");

        var link = row.QuerySelector("td:last-child a").ShouldNotBeNull();
        (link.TextContent, link.GetAttribute("href")).ShouldBe(($"september.csv (#{batchId})", $"/Manage/Import/Batch?id={batchId}"));
        details.QuerySelector($"a[href='/Manage/Import/Batch?id={batchId}']")!.TextContent.ShouldBe($"Import {batchId}");
        await WithWorkflowAsync(api.App, w => w.DiscardAsync(draft.Id, actor, CancellationToken.None));
    }

    [Fact]
    public async Task The_queue_is_paged_newest_first()
    {
        var (viewer, actor) = await EditorAsync("paging-viewer@example.org", PortalRoles.Viewer);
        await api.ExecuteAsync(async db =>
        {
            var start = DateTimeOffset.UtcNow.AddDays(1);
            for (var i = 1; i <= 55; i++)
            {
                db.Drafts.Add(new Draft
                {
                    EntityType = "project",
                    Payload = System.Text.Json.JsonDocument.Parse("{}"),
                    Title = $"Paging draft {i:00}",
                    CreatedById = actor.Id,
                    CreatedBy = actor.Name,
                    CreatedAt = start,
                    UpdatedById = actor.Id,
                    UpdatedBy = actor.Name,
                    UpdatedAt = start.AddMinutes(i),
                });
            }

            await db.SaveChangesAsync();
        });
        try
        {
            var total = await api.QueryAsync(db => db.Drafts.CountAsync(d => d.EntityType == "project" && DraftStates.Open.Contains(d.State)));

            var first = await viewer.GetDocumentAsync("/Manage/Drafts?type=project");
            var titles = first.QuerySelectorAll("[data-testid='queue'] tbody tr th").Select(th => th.TextContent.Trim()).ToList();

            titles.Count.ShouldBe(50);
            titles[0].ShouldBe("Paging draft 55");
            titles[1].ShouldBe("Paging draft 54");
            var next = first.QuerySelector(".pagination a[rel='next']")!.GetAttribute("href");
            next.ShouldBe("/Manage/Drafts?type=project&page=2");
            var second = await viewer.GetDocumentAsync(next!);
            second.QuerySelectorAll("[data-testid='queue'] tbody tr").Length.ShouldBe(total - 50);
            second.QuerySelector("[data-testid='queue'] tbody tr th")!.TextContent.Trim().ShouldBe("Paging draft 05");
        }
        finally
        {
            // They are newer than anything else in the queue: left behind, they would push other tests' drafts off page 1.
            await api.ExecuteSqlAsync("DELETE FROM drafts WHERE title LIKE 'Paging draft %'");
        }
    }

    [Fact]
    public async Task Publishing_a_draft_someone_discarded_meanwhile_is_refused_with_a_clear_message()
    {
        var (reviewer, reviewerActor) = await EditorAsync("late-reviewer@example.org");
        var (_, authorActor) = await EditorAsync("late-author@example.org");
        var draft = await SaveDraftAsync(api.App, "organisation", null, NewOrganisation("Discarded Meanwhile Ltd"), authorActor);
        var url = $"/Manage/Drafts/Details?id={draft.Id}";
        var page = await reviewer.GetDocumentAsync(url);
        await WithWorkflowAsync(api.App, w => w.DiscardAsync(draft.Id, authorActor, CancellationToken.None));

        var response = await reviewer.PostFormAsync(url, (IHtmlFormElement)page.QuerySelector("form.publish-form")!, new());

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var refused = await StaffSession.ParseAsync(response);
        refused.QuerySelector("[data-testid='refusal']")!.TextContent.Trim().ShouldStartWith("This draft changed or closed while you were looking at it");
        refused.QuerySelector("[data-testid='state']")!.TextContent.ShouldBe("Discarded");
        (await api.QueryAsync(db => db.Organisations.AnyAsync(o => o.Name == "Discarded Meanwhile Ltd"))).ShouldBeFalse();
        reviewerActor.Id.ShouldNotBe(authorActor.Id);
    }

    [Fact]
    public async Task An_unknown_draft_is_a_404_page()
    {
        var viewer = await StaffSession.SignInAsync(api.App, "missing-draft@example.org", PortalRoles.Viewer);

        var page = await viewer.GetDocumentAsync("/Manage/Drafts/Details?id=987654", HttpStatusCode.NotFound);

        page.QuerySelector("h1")!.TextContent.ShouldBe("Draft not found");
        await viewer.GetDocumentAsync("/Manage/Drafts/Details?id=abc", HttpStatusCode.NotFound);
        await viewer.GetDocumentAsync("/Manage/Drafts?page=abc&type=nonsense");
    }
}

/// <summary>Four-eyes on: the author's review page and POST, and a second Editor, through the whole app.</summary>
public sealed class DraftsPageFourEyesTests(FourEyesFixture api) : IClassFixture<FourEyesFixture>
{
    [Fact]
    public async Task The_author_gets_no_publish_button_and_a_refused_post_but_a_second_editor_publishes()
    {
        var author = await StaffSession.SignInAsync(api.App, "four-eyes-author@example.org", PortalRoles.Editor);
        var second = await StaffSession.SignInAsync(api.App, "four-eyes-second@example.org", PortalRoles.Editor);
        var authorActor = await ActorAsync(api.App, author.Email);
        const string title = "Four-eyes test memorandum on glass lines";
        var draft = await SaveDraftAsync(api.App, "agreement", null, NewAgreement(title), authorActor);
        var url = $"/Manage/Drafts/Details?id={draft.Id}";

        var own = await author.GetDocumentAsync(url);
        own.QuerySelector("[data-testid='publish']").ShouldBeNull();
        own.QuerySelector("form.publish-form").ShouldBeNull();
        own.QuerySelector("[data-testid='publish-refused']")!.TextContent.ShouldContain("another Editor has to publish it");
        own.QuerySelector("[data-testid='four-eyes']")!.TextContent.Trim().ShouldStartWith("Four-eyes is on");
        (await author.GetDocumentAsync("/Manage")).QuerySelector("[data-testid='four-eyes']")!.TextContent.Trim().ShouldStartWith("Four-eyes is on");

        var refused = await PostWithTokenAsync(author, $"{url}&handler=Publish");

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StaffSession.ParseAsync(refused)).QuerySelector("[data-testid='refusal']")!.TextContent.ShouldContain("Publication needs a second Editor");
        (await api.QueryAsync(db => db.Agreements.AnyAsync(a => a.Title == title))).ShouldBeFalse();
        (await api.QueryAsync(db => db.Drafts.SingleAsync(d => d.Id == draft.Id))).State.ShouldBe(DraftStates.Draft);

        var published = await second.SubmitAsync(url, "form.publish-form", new());

        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await api.QueryAsync(db => db.Agreements.Where(a => a.Title == title).Select(a => a.Id).SingleAsync());
        published.Headers.Location!.OriginalString.ShouldBe($"/agreements/{id}");
        (await api.Client().GetAsync($"/api/v1/agreements/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
