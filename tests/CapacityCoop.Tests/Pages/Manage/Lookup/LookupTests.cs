using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Manage.Lookup;

/// <summary>
/// Pickers with many records (more than a select should hold): the JSON lookup behind the typeahead, and the Find
/// button that lists matches without JavaScript.
/// </summary>
public sealed class LookupTests(LookupTests.ManyOrganisations api) : IClassFixture<LookupTests.ManyOrganisations>
{
    public sealed record Item(long Id, string Label);

    /// <summary>The seed plus 250 generated organisations, so organisation pickers search instead of listing.</summary>
    public sealed class ManyOrganisations : ApiFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await ExecuteAsync(async db =>
            {
                db.Organisations.AddRange(Enumerable.Range(1, 250).Select(i => new Organisation
                {
                    Slug = $"generated-{i}", Name = $"Generated Holdings {i:000}", Kind = "company", CountryIso3 = i % 2 == 0 ? "KAZ" : null,
                }));
                await db.SaveChangesAsync();
            });
        }
    }

    [Fact]
    public async Task Should_return_matching_organisations_and_agreements_as_json()
    {
        var staff = await StaffSession.SignInAsync(api.App, "lookup@example.org", PortalRoles.Viewer);

        var organisations = await staff.Client.GetFromJsonAsync<List<Item>>("/Manage/Lookup?type=organisation&q=holdings%2004", ApiFixture.Json);
        organisations!.Select(o => o.Label[..o.Label.IndexOf('#')]).ShouldBe(Enumerable.Range(40, 10).Select(i => $"Generated Holdings {i:000} · {(i % 2 == 0 ? "KAZ · " : "")}"));

        var many = await staff.Client.GetFromJsonAsync<List<Item>>("/Manage/Lookup?type=organisation&q=generated", ApiFixture.Json);
        many!.Count.ShouldBe(20);

        var chery = await api.QueryAsync(db => db.Organisations.Where(o => o.Slug == "chery").Select(o => o.Id).SingleAsync());
        var byId = await staff.Client.GetFromJsonAsync<List<Item>>($"/Manage/Lookup?type=organisation&q={chery}", ApiFixture.Json);
        byId!.Single().Id.ShouldBe(chery);

        var agreements = await staff.Client.GetFromJsonAsync<List<Item>>("/Manage/Lookup?type=agreement&q=kazakhstan", ApiFixture.Json);
        agreements!.ShouldNotBeEmpty();
        agreements.ShouldAllBe(a => a.Label.Contains("Kazakhstan", StringComparison.OrdinalIgnoreCase));
        var umbrellas = await staff.Client.GetFromJsonAsync<List<Item>>("/Manage/Lookup?type=umbrella&q=kazakhstan", ApiFixture.Json);
        var underUmbrella = await api.QueryAsync(db => db.Agreements.Where(a => a.ParentAgreementId != null).Select(a => a.Id).ToListAsync());
        umbrellas!.ShouldNotBeEmpty();
        umbrellas.ShouldAllBe(a => !underUmbrella.Contains(a.Id));

        (await staff.Client.GetAsync("/Manage/Lookup?type=users&q=a")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await staff.Client.GetFromJsonAsync<List<Item>>("/Manage/Lookup?type=organisation&q=", ApiFixture.Json))!.ShouldBeEmpty();
        (await staff.Client.GetFromJsonAsync<List<Item>>("/Manage/Lookup?type=organisation&q=100%25", ApiFixture.Json))!.ShouldBeEmpty();
        (await StaffSession.NewClient(api.App).GetAsync("/Manage/Lookup?type=organisation&q=a")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Should_search_organisations_with_a_find_button_when_there_are_too_many_for_a_select()
    {
        var editor = await StaffSession.SignInAsync(api.App, "finder@example.org", PortalRoles.Editor);
        var page = await editor.GetDocumentAsync("/Manage/Projects/Edit");
        var picker = page.QuerySelector("input#Form_Companies_0__OrganisationId")!;
        picker.GetAttribute("data-lookup").ShouldBe("organisation");
        page.QuerySelector("select#Form_Companies_0__OrganisationId").ShouldBeNull();

        var found = await editor.PostFormAsync("/Manage/Projects/Edit", (IHtmlFormElement)page.QuerySelector("form[data-edit-form]")!,
            new() { ["Form.Name"] = "Kept while finding", ["Form.Companies[0].OrganisationId"] = "Holdings 123" }, "find", "organisation|Form.Companies[0].OrganisationId");

        found.StatusCode.ShouldBe(HttpStatusCode.OK);
        var matches = await StaffSession.ParseAsync(found);
        var select = (IHtmlSelectElement)matches.QuerySelector("select#Form_Companies_0__OrganisationId")!;
        select.Options.First().Text.ShouldStartWith("Generated Holdings 123");
        ((IHtmlInputElement)matches.QuerySelector("#Form_Name")!).Value.ShouldBe("Kept while finding");
        (await api.QueryAsync(db => db.Drafts.CountAsync())).ShouldBe(0);

        // Searching again from the list of matches, then saving with the chosen one, keeps the id.
        var again = await editor.PostFormAsync("/Manage/Projects/Edit", (IHtmlFormElement)matches.QuerySelector("form[data-edit-form]")!,
            new() { ["FindText"] = "Holdings 201" }, "find", "organisation|Form.Companies[0].OrganisationId");
        var second = await StaffSession.ParseAsync(again);
        var chosen = (IHtmlSelectElement)second.QuerySelector("select#Form_Companies_0__OrganisationId")!;
        chosen.Options.First().Text.ShouldStartWith("Generated Holdings 201");
        var saved = await editor.PostFormAsync("/Manage/Projects/Edit", (IHtmlFormElement)second.QuerySelector("form[data-edit-form]")!, new()
        {
            ["Form.HostCountry"] = "KAZ", ["Form.Status"] = "planned", ["Form.Sectors"] = "steel", ["Form.Companies[0].Role"] = "developer",
            ["Form.Sources[0].Title"] = "A source",
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var draft = await api.QueryAsync(db => db.Drafts.AsNoTracking().SingleAsync());
        var companyId = draft.Payload.RootElement.GetProperty("companies")[0].GetProperty("organisationId").GetInt64();
        (await api.QueryAsync(db => db.Organisations.Where(o => o.Id == companyId).Select(o => o.Name).SingleAsync())).ShouldBe("Generated Holdings 201");

        // Opened again, the picker shows which organisation the id is.
        var reopened = await editor.GetDocumentAsync($"/Manage/Projects/Edit?draft={draft.Id}");
        reopened.QuerySelector("[data-picker-current]")!.TextContent.ShouldContain("Generated Holdings 201");
    }
}
