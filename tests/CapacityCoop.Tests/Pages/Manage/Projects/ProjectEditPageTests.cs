using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Manage.Projects;

/// <summary>The project form through HTTP without JavaScript: a new project as a draft, errors beside fields, rows, archive.</summary>
public sealed class ProjectEditPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Form = "form[data-edit-form]";

    [Fact]
    public async Task Should_create_a_draft_of_a_new_project_with_a_company_an_agreement_and_a_source()
    {
        var (agreement, organisation) = await api.QueryAsync(async db => (
            await db.Agreements.Where(a => a.Slug == "chn-kaz-capacity-framework-2014").Select(a => a.Id).SingleAsync(),
            await db.Organisations.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync()));
        var editor = await StaffSession.SignInAsync(api.App, "projects@example.org", PortalRoles.Editor);
        var page = await editor.GetDocumentAsync("/Manage/Projects/Edit");
        page.QuerySelector("select#Form_AgreementIds_0_ option[value='" + agreement + "']").ShouldNotBeNull("few agreements: a plain select");
        page.QuerySelector("select#Form_Companies_0__OrganisationId").ShouldNotBeNull();
        ((IHtmlInputElement)page.QuerySelector("#sector-steel")!).IsChecked = true;

        var response = await editor.PostFormAsync("/Manage/Projects/Edit", (IHtmlFormElement)page.QuerySelector(Form)!, new()
        {
            ["Form.Name"] = "Aktobe steel rolling mill",
            ["Form.HostCountry"] = "KAZ",
            ["Form.Status"] = "planned",
            ["Form.AgreementIds[0]"] = agreement.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Companies[0].OrganisationId"] = organisation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Companies[0].Role"] = "investor",
            ["Form.Capacity.Value"] = "1.2",
            ["Form.Capacity.Unit"] = "Mt/yr",
            ["Form.AnnouncedOn"] = "2016",
            ["Form.Latitude"] = "50.28",
            ["Form.Longitude"] = "57.17",
            ["Form.Sources[0].Title"] = "Aktobe mill announced",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var draft = await api.QueryAsync(db => db.Drafts.AsNoTracking().Where(d => d.EntityType == "project").OrderByDescending(d => d.Id).FirstAsync());
        var payload = draft.Payload.RootElement.Deserialize<ProjectInput>(ApiResults.Json)!;
        payload.AgreementIds.ShouldBe([agreement]);
        payload.Companies.ShouldBe([new CompanyInput(organisation, "investor")]);
        payload.Capacity.ShouldBe(new CapacityInput(1.2m, "Mt/yr"));
        payload.Latitude.ShouldBe(50.28);
        (await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>("/api/v1/projects?q=Aktobe")).TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task Should_show_project_errors_beside_their_fields_and_add_a_company_row_without_javascript()
    {
        var editor = await StaffSession.SignInAsync(api.App, "projects-errors@example.org", PortalRoles.Editor);

        var added = await editor.SubmitAsync("/Manage/Projects/Edit", Form, new() { ["Form.Name"] = "Half a project" }, "add", "companies");
        var page = await StaffSession.ParseAsync(added);
        page.QuerySelectorAll("[data-rows='companies'] > fieldset").Length.ShouldBe(2);

        var response = await editor.PostFormAsync("/Manage/Projects/Edit", (IHtmlFormElement)page.QuerySelector(Form)!, new()
        {
            ["Form.HostCountry"] = "KAZ",
            ["Form.Status"] = "planned",
            ["Form.Companies[1].OrganisationId"] = "1",
            ["Form.Capacity.Value"] = "300",
            ["Form.ConstructionStartOn"] = "2015-02-30",
            ["Form.Investment.Amount"] = "100",
            ["Form.Investment.Currency"] = "EUR",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var errors = await StaffSession.ParseAsync(response);
        errors.QuerySelector("#Form_Capacity_Unit-error")!.TextContent.ShouldContain("capacity.unit");
        errors.QuerySelector("#Form_Companies_0__Role-error")!.TextContent.ShouldContain("role");
        errors.QuerySelector("#Form_ConstructionStartOn-error").ShouldNotBeNull();
        errors.QuerySelector("#Form_Investment_Usd-error").ShouldNotBeNull();
        errors.QuerySelector("#Form_Sectors-error").ShouldNotBeNull();
        errors.QuerySelector("#Form_Sources-error").ShouldNotBeNull();
        ((IHtmlInputElement)errors.QuerySelector("#Form_Name")!).Value.ShouldBe("Half a project");
        ((IHtmlInputElement)errors.QuerySelector("#Form_ConstructionStartOn")!).Value.ShouldBe("2015-02-30");
        errors.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")).ShouldAllBe(href => errors.QuerySelector(href!) != null);
    }

    [Fact]
    public async Task Should_archive_and_restore_a_project_through_the_form()
    {
        var id = await api.QueryAsync(db => db.Projects.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var editor = await StaffSession.SignInAsync(api.App, "projects-archive@example.org", PortalRoles.Editor);
        var url = $"/Manage/Projects/Edit?id={id}";

        (await editor.SubmitAsync(url, "form[action*='handler=Archive']", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await api.Client().GetFromJsonAsync<ProjectDetailDto>($"/api/v1/projects/{id}", ApiFixture.Json))!.Archived.ShouldBeTrue();
        (await editor.SubmitAsync(url, "form[action*='handler=Restore']", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var actions = await api.QueryAsync(db => db.AuditEntries.Where(e => e.EntityType == "project" && e.EntityId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        actions.TakeLast(2).ShouldBe(["archive", "restore"]);
    }
}
