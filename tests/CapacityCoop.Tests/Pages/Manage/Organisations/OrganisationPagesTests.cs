using System.Net;
using AngleSharp.Html.Dom;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Manage.Organisations;

/// <summary>The staff organisation list and form: drafts, errors, archive markers, what a viewer sees.</summary>
public sealed class OrganisationPagesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Form = "form[data-edit-form]";

    [Fact]
    public async Task Should_save_a_new_organisation_as_a_draft_and_show_errors_beside_fields()
    {
        var editor = await StaffSession.SignInAsync(api.App, "orgs@example.org", PortalRoles.Editor);

        var invalid = await editor.SubmitAsync("/Manage/Organisations/Edit", Form, new() { ["Form.Name"] = "Kazakh Railways", ["Form.Country"] = "XXX" });
        invalid.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(invalid);
        page.QuerySelector("#Form_Kind-error")!.TextContent.ShouldContain("required");
        page.QuerySelector("#Form_Country-error")!.TextContent.ShouldContain("'XXX' is not an ISO 3166-1 alpha-3 country code");
        ((IHtmlSelectElement)page.QuerySelector("#Form_Country")!).Value.ShouldBe("XXX");

        var saved = await editor.PostFormAsync("/Manage/Organisations/Edit", (IHtmlFormElement)page.QuerySelector(Form)!,
            new() { ["Form.Kind"] = "company", ["Form.Country"] = "KAZ" });

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var draft = await api.QueryAsync(db => db.Drafts.AsNoTracking().SingleAsync(d => d.EntityType == "organisation" && d.Title == "Kazakh Railways"));
        draft.Payload.RootElement.GetProperty("country").GetString().ShouldBe("KAZ");
        (await api.QueryAsync(db => db.Organisations.AnyAsync(o => o.Name == "Kazakh Railways"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Should_list_archived_records_and_open_drafts_with_markers_and_search_by_name_or_id()
    {
        var (archivedId, draftedId) = await api.QueryAsync(async db =>
        {
            var ids = await db.Organisations.OrderBy(o => o.Id).Select(o => o.Id).Take(2).ToListAsync();
            return (ids[0], ids[1]);
        });
        var editor = await StaffSession.SignInAsync(api.App, "orgs-list@example.org", PortalRoles.Editor);
        (await editor.SubmitAsync($"/Manage/Organisations/Edit?id={archivedId}", "form[action*='handler=Archive']", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var draftResponse = await editor.SubmitAsync($"/Manage/Organisations/Edit?id={draftedId}", Form, new() { ["Form.NameZh"] = "新名称" });
        var draftLink = draftResponse.Headers.Location!.OriginalString;

        var list = await editor.GetDocumentAsync("/Manage/Organisations");

        list.QuerySelector($"tr[data-record-id='{archivedId}'] .archived-badge").ShouldNotBeNull();
        list.QuerySelector($"tr[data-record-id='{draftedId}'] a.draft-badge")!.GetAttribute("href").ShouldBe(draftLink);
        list.QuerySelector($"tr[data-record-id='{draftedId}'] a[href='/Manage/Organisations/Edit?id={draftedId}']").ShouldNotBeNull();
        list.QuerySelector("a[href='/Manage/Organisations/Edit']").ShouldNotBeNull();

        var byId = await editor.GetDocumentAsync($"/Manage/Organisations?q={archivedId}");
        byId.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-record-id")).ShouldBe([archivedId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var byName = await editor.GetDocumentAsync("/Manage/Organisations?q=chery");
        byName.QuerySelectorAll("tbody tr").Length.ShouldBe(1);
        (await editor.GetDocumentAsync("/Manage/Organisations?q=no-such-organisation")).QuerySelector(".empty").ShouldNotBeNull();

        var viewer = await StaffSession.SignInAsync(api.App, "orgs-viewer@example.org", PortalRoles.Viewer);
        var viewerList = await viewer.GetDocumentAsync("/Manage/Organisations");
        viewerList.QuerySelector($"tr[data-record-id='{archivedId}']").ShouldNotBeNull();
        viewerList.QuerySelector("a[href^='/Manage/Organisations/Edit']").ShouldBeNull();
        (await viewer.GetDocumentAsync("/Manage/Agreements")).QuerySelectorAll("tbody tr").Length.ShouldBeGreaterThan(5);
        (await viewer.GetDocumentAsync("/Manage/Projects")).QuerySelectorAll("tbody tr").Length.ShouldBeGreaterThan(5);
        (await StaffSession.NewClient(api.App).GetAsync("/Manage/Organisations")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
