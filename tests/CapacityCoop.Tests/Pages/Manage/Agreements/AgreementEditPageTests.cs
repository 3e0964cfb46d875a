using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Pages.Manage.Agreements;

/// <summary>The agreement form through HTTP as a browser without JavaScript uses it: drafts, validation, rows, conflicts, duplicates, archive.</summary>
public sealed class AgreementEditPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Form = "form[data-edit-form]";

    private Task<long> SeedIdAsync(string slug) => api.QueryAsync(db => db.Agreements.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

    private Task<List<Draft>> DraftsAsync(string type, long? entityId) =>
        api.QueryAsync(db => db.Drafts.AsNoTracking().Where(d => d.EntityType == type && d.EntityId == entityId).OrderBy(d => d.Id).ToListAsync());

    private static long DraftIdFrom(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.OriginalString;
        location.ShouldStartWith("/Manage/Drafts/Details?id=");
        return long.Parse(location["/Manage/Drafts/Details?id=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Should_create_a_draft_of_a_new_agreement_with_two_parties_two_sectors_and_a_new_source_and_publish_nothing()
    {
        var editor = await StaffSession.SignInAsync(api.App, "creator@example.org", PortalRoles.Editor);
        var page = await editor.GetDocumentAsync("/Manage/Agreements/Edit");
        var form = (IHtmlFormElement)page.QuerySelector(Form)!;
        ((IHtmlInputElement)page.QuerySelector("#sector-steel")!).IsChecked = true;
        ((IHtmlInputElement)page.QuerySelector("#sector-railways")!).IsChecked = true;

        var response = await editor.PostFormAsync("/Manage/Agreements/Edit", form, new()
        {
            ["Form.Title"] = "China–Kenya steel and railway capacity memorandum",
            ["Form.Kind"] = "mou",
            ["Form.Status"] = "signed",
            ["Form.Parties[0].Party"] = "CHN",
            ["Form.Parties[1].Party"] = "KEN",
            ["Form.SignedOn"] = "2016-05",
            ["Form.Value.Amount"] = "1,500,000,000",
            ["Form.Value.Currency"] = "CNY",
            ["Form.Value.Usd"] = "230000000",
            ["Form.Sources[0].Title"] = "Kenya and China sign capacity memorandum",
            ["Form.Sources[0].Publisher"] = "Test Agency",
            ["Form.Sources[0].PublishedOn"] = "2016-05-20",
            ["Form.Sources[0].Url"] = "https://example.org/kenya-memorandum",
            ["Form.Sources[0].Note"] = "states the value",
        });

        var draftId = DraftIdFrom(response);
        var draft = await api.QueryAsync(db => db.Drafts.AsNoTracking().SingleAsync(d => d.Id == draftId));
        draft.EntityType.ShouldBe("agreement");
        draft.EntityId.ShouldBeNull();
        draft.CreatedBy.ShouldBe("creator@example.org");
        var payload = draft.Payload.RootElement.Deserialize<AgreementInput>(ApiResults.Json)!;
        payload.Parties!.Select(p => p.Country).ShouldBe(["CHN", "KEN"]);
        payload.Sectors!.Order().ShouldBe(["railways", "steel"]);
        payload.Value.ShouldBe(new MoneyInput(1_500_000_000m, "CNY", 230_000_000m));
        payload.Sources!.Single().ShouldBe(new SourceInput(null, "Kenya and China sign capacity memorandum", "Test Agency", "2016-05-20", "https://example.org/kenya-memorandum", "states the value"));

        var search = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?q=Kenya%20memorandum");
        search.TotalCount.ShouldBe(0);
        (await api.QueryAsync(db => db.Agreements.AnyAsync(a => a.Title.Contains("Kenya steel")))).ShouldBeFalse();

        // The new record's draft opens again from its id, filled in.
        var reopened = await editor.GetDocumentAsync($"/Manage/Agreements/Edit?draft={draftId}");
        ((IHtmlInputElement)reopened.QuerySelector("#Form_Title")!).Value.ShouldBe("China–Kenya steel and railway capacity memorandum");
        ((IHtmlInputElement)reopened.QuerySelector("#sector-railways")!).IsChecked.ShouldBeTrue();
    }

    [Fact]
    public async Task Should_save_an_edit_of_a_published_agreement_as_a_draft_and_leave_the_public_record_unchanged()
    {
        var id = await SeedIdAsync("chn-kaz-capacity-framework-2014");
        var before = await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{id}");
        var editor = await StaffSession.SignInAsync(api.App, "reviser@example.org", PortalRoles.Editor);

        var page = await editor.GetDocumentAsync($"/Manage/Agreements/Edit?id={id}");
        ((IHtmlInputElement)page.QuerySelector("#Form_Title")!).Value.ShouldBe(before.Title);
        ((IHtmlSelectElement)page.QuerySelector("#Form_Parties_1__Party")!).Value.ShouldBe("KAZ");
        var response = await editor.PostFormAsync($"/Manage/Agreements/Edit?id={id}", (IHtmlFormElement)page.QuerySelector(Form)!,
            new() { ["Form.Title"] = "China–Kazakhstan capacity framework (revised)", ["Form.Value.Usd"] = "23600000000" });

        var draftId = DraftIdFrom(response);
        var draft = await api.QueryAsync(db => db.Drafts.AsNoTracking().SingleAsync(d => d.Id == draftId));
        draft.EntityId.ShouldBe(id);
        draft.Payload.RootElement.GetProperty("title").GetString().ShouldBe("China–Kazakhstan capacity framework (revised)");
        var after = await api.GetJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{id}");
        after.Title.ShouldBe(before.Title);
        after.UpdatedAt.ShouldBe(before.UpdatedAt);

        // Opening the record again starts from its open draft.
        var again = await editor.GetDocumentAsync($"/Manage/Agreements/Edit?id={id}");
        ((IHtmlInputElement)again.QuerySelector("#Form_Title")!).Value.ShouldBe("China–Kazakhstan capacity framework (revised)");
        again.QuerySelector($"a[href='/Manage/Drafts/Details?id={draftId}']").ShouldNotBeNull();

        await api.ExecuteAsync(async db => await db.Drafts.Where(d => d.Id == draftId).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task Should_show_each_error_beside_its_field_with_a_summary_and_keep_the_input()
    {
        var editor = await StaffSession.SignInAsync(api.App, "careless@example.org", PortalRoles.Editor);
        var draftsBefore = await api.QueryAsync(db => db.Drafts.CountAsync());

        var response = await editor.SubmitAsync("/Manage/Agreements/Edit", Form, new()
        {
            ["Form.Title"] = "An agreement with mistakes",
            ["Form.Kind"] = "mou",
            ["Form.Status"] = "signed",
            ["Form.Parties[0].Party"] = "CHN",
            ["Form.Parties[1].Party"] = null,
            ["Form.SignedOn"] = "2015-13",
            ["Form.Value.Amount"] = "5000000",
            ["Form.Value.Currency"] = "",
            ["Form.Sectors"] = "not-a-sector",
            ["Form.Sources[0].Title"] = "A source",
            ["Form.Sources[0].PublishedOn"] = "May 2015",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(response);
        ShouldBeInvalid(page, "Form_SignedOn", "2015-13");
        ShouldBeInvalid(page, "Form_Value_Currency", "");
        ShouldBeInvalid(page, "Form_Sources_0__PublishedOn", "May 2015");
        page.QuerySelector("#Form_Parties-error")!.TextContent.ShouldContain("at least two parties");
        page.QuerySelector("#Form_Parties")!.GetAttribute("aria-describedby").ShouldBe("Form_Parties-error");
        page.QuerySelector("#Form_Sectors-error")!.TextContent.ShouldContain("'not-a-sector' is not a known sector code");
        ((IHtmlInputElement)page.QuerySelector("input[name='Form.Sectors'][value='not-a-sector']")!).IsChecked.ShouldBeTrue();
        ((IHtmlInputElement)page.QuerySelector("#Form_Title")!).Value.ShouldBe("An agreement with mistakes");
        ((IHtmlInputElement)page.QuerySelector("#Form_Value_Amount")!).Value.ShouldBe("5000000");
        ((IHtmlSelectElement)page.QuerySelector("#Form_Parties_0__Party")!).Value.ShouldBe("CHN");

        var summaryLinks = page.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")).ToList();
        summaryLinks.ShouldContain("#Form_SignedOn");
        summaryLinks.ShouldContain("#Form_Value_Currency");
        summaryLinks.ShouldContain("#Form_Parties");
        summaryLinks.ShouldContain("#Form_Sectors");
        summaryLinks.ShouldContain("#Form_Sources_0__PublishedOn");
        summaryLinks.ShouldAllBe(href => page.QuerySelector(href!) != null);
        (await api.QueryAsync(db => db.Drafts.CountAsync())).ShouldBe(draftsBefore);
    }

    [Fact]
    public async Task Should_report_a_number_that_cannot_be_read_beside_its_field_with_the_other_errors()
    {
        var editor = await StaffSession.SignInAsync(api.App, "typist@example.org", PortalRoles.Editor);

        var response = await editor.SubmitAsync("/Manage/Agreements/Edit", Form, new()
        {
            ["Form.Title"] = "Typing errors",
            ["Form.Value.Amount"] = "about 5 million",
            ["Form.Value.Currency"] = "USD",
            ["Form.ParentAgreementId"] = "not an id",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(response);
        ShouldBeInvalid(page, "Form_Value_Amount", "about 5 million");
        page.QuerySelector("#Form_Value_Amount-error")!.TextContent.ShouldContain("Enter a number");
        page.QuerySelector("#Form_Value_Amount-error")!.TextContent.ShouldNotContain("required");
        page.QuerySelector("#Form_ParentAgreementId-error")!.TextContent.ShouldContain("Enter the id");
        page.QuerySelector("#Form_Kind-error")!.TextContent.ShouldContain("required");
    }

    private static void ShouldBeInvalid(IHtmlDocument page, string id, string value)
    {
        var input = page.QuerySelector($"#{id}").ShouldNotBeNull($"no #{id}");
        input.GetAttribute("aria-invalid").ShouldBe("true", $"#{id}");
        input.GetAttribute("aria-describedby")!.Split(' ').ShouldContain($"{id}-error");
        page.QuerySelector($"#{id}-error").ShouldNotBeNull($"no message beside #{id}");
        (input.GetAttribute("value") ?? "").ShouldBe(value);
    }

    [Fact]
    public async Task Should_add_and_remove_rows_without_javascript_and_save_nothing()
    {
        var editor = await StaffSession.SignInAsync(api.App, "rows@example.org", PortalRoles.Editor);
        var draftsBefore = await api.QueryAsync(db => db.Drafts.CountAsync());

        var added = await editor.SubmitAsync("/Manage/Agreements/Edit", Form,
            new() { ["Form.Title"] = "Rows kept", ["Form.Parties[0].Party"] = "CHN", ["Form.Parties[1].Party"] = "bloc:SCO" }, "add", "parties");

        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(added);
        page.QuerySelectorAll("[data-rows='parties'] > fieldset").Length.ShouldBe(3);
        ((IHtmlSelectElement)page.QuerySelector("#Form_Parties_1__Party")!).Value.ShouldBe("bloc:SCO");
        ((IHtmlInputElement)page.QuerySelector("#Form_Title")!).Value.ShouldBe("Rows kept");
        page.QuerySelector("#error-summary").ShouldBeNull();

        var withSource = await editor.PostFormAsync("/Manage/Agreements/Edit", (IHtmlFormElement)page.QuerySelector(Form)!,
            new() { ["Form.Parties[2].Party"] = "RUS" }, "add", "sources");
        var twoSources = await StaffSession.ParseAsync(withSource);
        twoSources.QuerySelectorAll("[data-rows='sources'] > fieldset").Length.ShouldBe(2);
        ((IHtmlSelectElement)twoSources.QuerySelector("#Form_Parties_2__Party")!).Value.ShouldBe("RUS");

        var removed = await editor.PostFormAsync("/Manage/Agreements/Edit", (IHtmlFormElement)twoSources.QuerySelector(Form)!, [], "remove", "parties:0");
        var afterRemove = await StaffSession.ParseAsync(removed);
        afterRemove.QuerySelectorAll("[data-rows='parties'] > fieldset").Length.ShouldBe(2);
        ((IHtmlSelectElement)afterRemove.QuerySelector("#Form_Parties_0__Party")!).Value.ShouldBe("bloc:SCO");
        ((IHtmlSelectElement)afterRemove.QuerySelector("#Form_Parties_1__Party")!).Value.ShouldBe("RUS");

        (await api.QueryAsync(db => db.Drafts.CountAsync())).ShouldBe(draftsBefore);
    }

    [Fact]
    public async Task Should_refuse_the_second_of_two_concurrent_saves_with_a_comparison_and_save_it_when_reapplied()
    {
        var id = await SeedIdAsync("chn-kaz-33-documents-2015-03-27");
        var first = await StaffSession.SignInAsync(api.App, "first@example.org", PortalRoles.Editor);
        var second = await StaffSession.SignInAsync(api.App, "second@example.org", PortalRoles.Editor);
        var url = $"/Manage/Agreements/Edit?id={id}";
        var firstForm = (IHtmlFormElement)(await first.GetDocumentAsync(url)).QuerySelector(Form)!;
        var secondForm = (IHtmlFormElement)(await second.GetDocumentAsync(url)).QuerySelector(Form)!;

        DraftIdFrom(await first.PostFormAsync(url, firstForm, new() { ["Form.SignedPlace"] = "Beijing (first editor)" }));
        var conflict = await second.PostFormAsync(url, secondForm, new() { ["Form.SignedPlace"] = "Beijing (second editor)" });

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(conflict);
        page.QuerySelector("#conflict h2")!.TextContent.ShouldContain("Someone saved this record after you opened it");
        var row = page.QuerySelector("#conflict table.comparison tbody tr[data-field='signedPlace']")!;
        row.QuerySelector("th")!.TextContent.ShouldContain("Place");
        row.ClassList.ShouldContain("differs");
        row.QuerySelectorAll("td")[0].TextContent.ShouldBe("Beijing (second editor)");
        row.QuerySelectorAll("td")[1].TextContent.ShouldBe("Beijing (first editor)");
        page.QuerySelector($"#conflict a[href='{url}']").ShouldNotBeNull();
        ((IHtmlInputElement)page.QuerySelector("#Form_SignedPlace")!).Value.ShouldBe("Beijing (second editor)");
        var stored = (await DraftsAsync("agreement", id)).Single();
        stored.Payload.RootElement.GetProperty("signedPlace").GetString().ShouldBe("Beijing (first editor)");

        var reapplied = await second.PostFormAsync(url, (IHtmlFormElement)page.QuerySelector(Form)!, []);

        DraftIdFrom(reapplied).ShouldBe(stored.Id);
        var after = (await DraftsAsync("agreement", id)).Single();
        after.Payload.RootElement.GetProperty("signedPlace").GetString().ShouldBe("Beijing (second editor)");
        after.UpdatedBy.ShouldBe("second@example.org");
        await api.ExecuteAsync(async db => await db.Drafts.Where(d => d.Id == after.Id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task Should_flag_the_kazakhstan_framework_entered_again_and_save_only_when_confirmed()
    {
        var framework = await SeedIdAsync("chn-kaz-capacity-framework-2014");
        var editor = await StaffSession.SignInAsync(api.App, "duplicator@example.org", PortalRoles.Editor);
        var values = new Dictionary<string, string?>
        {
            ["Form.Title"] = "China-Kazakhstan industrial capacity cooperation framework agreement",
            ["Form.Kind"] = "framework",
            ["Form.Status"] = "signed",
            ["Form.Parties[0].Party"] = "KAZ",
            ["Form.Parties[1].Party"] = "CHN",
            ["Form.SignedOn"] = "2015-03",
            ["Form.Sources[0].Title"] = "Another report of the framework",
        };
        var draftsBefore = await api.QueryAsync(db => db.Drafts.CountAsync());

        var warned = await editor.SubmitAsync("/Manage/Agreements/Edit", Form, values);

        warned.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(warned);
        page.QuerySelector($"#duplicates a[href='/agreements/{framework}']").ShouldNotBeNull();
        var confirm = (IHtmlInputElement)page.QuerySelector("#duplicates input[type=checkbox][name=ConfirmedNotDuplicate]")!;
        confirm.IsChecked.ShouldBeFalse();
        page.QuerySelector("label[for=ConfirmedNotDuplicate]")!.TextContent.ShouldBe("This is not a duplicate of the records above");
        (await api.QueryAsync(db => db.Drafts.CountAsync())).ShouldBe(draftsBefore);

        var unconfirmed = await editor.PostFormAsync("/Manage/Agreements/Edit", (IHtmlFormElement)page.QuerySelector(Form)!, []);
        (await StaffSession.ParseAsync(unconfirmed)).QuerySelector("#duplicates").ShouldNotBeNull();

        var confirmed = await editor.PostFormAsync("/Manage/Agreements/Edit", (IHtmlFormElement)page.QuerySelector(Form)!, new() { ["ConfirmedNotDuplicate"] = "true" });
        var draftId = DraftIdFrom(confirmed);
        (await api.QueryAsync(db => db.Drafts.SingleAsync(d => d.Id == draftId))).DuplicateConfirmed.ShouldBeTrue();
    }

    [Fact]
    public async Task Should_archive_and_restore_through_the_form_with_audit_entries_naming_the_user()
    {
        var id = await SeedIdAsync("chn-kaz-33-documents-2015-03-27");
        var editor = await StaffSession.SignInAsync(api.App, "archivist@example.org", PortalRoles.Editor);
        var userId = await api.QueryAsync(db => db.Users.Where(u => u.Email == "archivist@example.org").Select(u => u.Id).SingleAsync());
        var url = $"/Manage/Agreements/Edit?id={id}";

        var archived = await editor.SubmitAsync(url, "form[action*='handler=Archive']", []);

        archived.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        archived.Headers.Location!.OriginalString.ShouldBe(url);
        (await api.Client().GetAsync($"/api/v1/agreements?q=33%20documents")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.QueryAsync(db => db.Agreements.SingleAsync(a => a.Id == id))).ArchivedAt.ShouldNotBeNull();
        var page = await editor.GetDocumentAsync(url);
        page.QuerySelector(".form-banner.archived h2")!.TextContent.ShouldBe("This record is archived");
        page.QuerySelector(".notice")!.TextContent.ShouldContain("archived");
        page.QuerySelector(Form).ShouldBeNull();

        var restored = await editor.SubmitAsync(url, "form[action*='handler=Restore']", []);

        restored.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await api.QueryAsync(db => db.Agreements.SingleAsync(a => a.Id == id))).ArchivedAt.ShouldBeNull();
        var audit = await api.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "agreement" && e.EntityId == id).OrderBy(e => e.Id).ToListAsync());
        audit.Select(e => e.Action).TakeLast(2).ShouldBe(["archive", "restore"]);
        audit.TakeLast(2).ShouldAllBe(e => e.ActorId == userId && e.Actor == "archivist@example.org");
    }

    [Fact]
    public async Task Should_show_the_reviewers_reason_on_a_rejected_draft_and_the_changes_when_the_record_moved_on()
    {
        var id = await SeedIdAsync("chn-kaz-capacity-framework-2014");
        var author = await StaffSession.SignInAsync(api.App, "author@example.org", PortalRoles.Editor);
        var url = $"/Manage/Agreements/Edit?id={id}";
        var draftId = DraftIdFrom(await author.SubmitAsync(url, Form, new() { ["Form.SignedPlace"] = "Astana (draft)" }));

        await using (var scope = api.App.Services.CreateAsyncScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<DraftWorkflow>();
            (await workflow.RejectAsync(draftId, "Give the source for the place.", new Actor("reviewer-id", "reviewer@example.org"), CancellationToken.None))
                .ShouldBeOfType<ReviewOutcome.Rejected>();
            var records = scope.ServiceProvider.GetRequiredService<AgreementRecords>();
            var stored = (await records.LoadAsync(id, CancellationToken.None))!;
            var input = stored.Input.Deserialize<AgreementInput>(ApiResults.Json)! with { Signatories = "Changed through the API" };
            (await records.UpdateAsync(id, input, _ => Task.FromResult(true), new Actor("api-key:1", "api-key:tests"), CancellationToken.None))
                .ShouldBeOfType<WriteOutcome.Saved>();
        }

        var page = await author.GetDocumentAsync(url);

        page.QuerySelector(".form-banner.rejected")!.TextContent.ShouldContain("Give the source for the place.");
        page.QuerySelector(".form-banner.rejected")!.TextContent.ShouldContain("reviewer@example.org");
        var changed = page.QuerySelector(".form-banner.changed")!;
        changed.QuerySelectorAll("tr.differs").Select(tr => tr.GetAttribute("data-field")).ShouldContain("signatories");
        await api.ExecuteAsync(async db => await db.Drafts.Where(d => d.Id == draftId).ExecuteDeleteAsync());
    }

    [Theory]
    [InlineData("/Manage/Agreements/Edit")]
    [InlineData("/Manage/Agreements/Edit?id=1")]
    [InlineData("/Manage/Projects/Edit")]
    [InlineData("/Manage/Organisations/Edit")]
    public async Task A_viewer_gets_403_on_edit_pages_and_anonymous_is_sent_to_sign_in(string url)
    {
        var viewer = await StaffSession.SignInAsync(api.App, "viewer@example.org", PortalRoles.Viewer);

        var refused = await viewer.Client.GetAsync(url);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await viewer.Client.GetAsync(refused.Headers.Location)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var post = await viewer.Client.PostAsync(url, new FormUrlEncodedContent([new("Form.Title", "x")]));
        post.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden);
        (post.Headers.Location?.OriginalString ?? "/Account/AccessDenied").ShouldNotStartWith("/Manage");

        var anonymous = await StaffSession.NewClient(api.App).GetAsync(url);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.OriginalString.ShouldContain("/Account/Login");
    }
}
