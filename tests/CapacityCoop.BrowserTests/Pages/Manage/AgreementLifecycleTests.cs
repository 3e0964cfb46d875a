using CapacityCoop.BrowserTests.Infrastructure;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages.Manage;

/// <summary>An Editor's whole round: sign in, create an agreement with the form's widgets, publish it, find it, change it, trace the change.</summary>
public sealed class AgreementLifecycleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_editor_creates_publishes_finds_edits_and_traces_an_agreement()
    {
        var word = UniqueWord.Next();
        var title = $"Kenya steel and railway capacity memorandum {word}";
        var holding = await AddManyOrganisationsAsync(word);
        var page = await browser.SignInAsync($"lifecycle-{word}@example.org", PortalRoles.Editor);

        await page.GotoAsync("/Manage/Agreements");
        await page.GetByRole(AriaRole.Link, new() { Name = "New agreement" }).ClickAsync();
        await page.WaitForURLAsync("**/Manage/Agreements/Edit");
        await Expect(page.Locator("h1")).ToHaveTextAsync("New agreement");

        await page.Locator("#Form_Title").FillAsync(title);
        await page.Locator("#Form_Kind").SelectOptionAsync("mou");
        await page.Locator("#Form_Status").SelectOptionAsync("signed");

        // First party: the country list gets a filter box; Enter takes the first country that matches.
        var countryFilter = page.Locator(".select-filter[aria-controls='Form_Parties_0__Party']");
        await countryFilter.FillAsync("keny");
        await countryFilter.PressAsync("Enter");
        await Expect(page.Locator("#Form_Parties_0__Party")).ToHaveValueAsync("KEN");

        // Second party: an organisation. With more than 200 of them the picker is a typeahead over /Manage/Lookup;
        // choosing a suggestion puts its id in the box, as Chromium does when a datalist option is picked.
        var organisation = page.Locator("#Form_Parties_1__OrganisationId");
        await organisation.PressSequentiallyAsync($"{word} holding 7");
        var suggestion = page.Locator($"datalist#{await organisation.GetAttributeAsync("list")} option[value='{holding}']");
        await Expect(suggestion).ToHaveAttributeAsync("label", $"{word} Holding 7 · KEN · #{holding}");
        await organisation.FillAsync(await suggestion.GetAttributeAsync("value") ?? "");

        await page.Locator("#Form_SignedOn").FillAsync("2016-05");
        await page.Locator("#Form_Value_Amount").FillAsync("1500000000");
        await page.Locator("#Form_Value_Currency").FillAsync("USD");
        await page.Locator("#sector-steel").CheckAsync();
        await page.Locator("#sector-railways").CheckAsync();

        // The new source goes into an added row; the empty first row is removed, so the rows must be renumbered
        // (the server reads a list only up to its first gap).
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a source" }).ClickAsync();
        await Expect(page.Locator("[data-row=sources]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#Form_Sources_1__SourceId")).ToBeFocusedAsync();
        await page.Locator("#Form_Sources_1__Title").FillAsync($"Kenya and China sign {word} memorandum");
        await page.Locator("#Form_Sources_1__Publisher").FillAsync("Browser Test Agency");
        await page.Locator("#Form_Sources_1__PublishedOn").FillAsync("2016-05-20");
        await page.Locator("#Form_Sources_1__Url").FillAsync($"https://example.org/{word}");
        await page.Locator("[data-row=sources]").First.GetByRole(AriaRole.Button, new() { Name = "Remove this source" }).ClickAsync();
        await Expect(page.Locator("[data-row=sources]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#Form_Sources_0__Title")).ToHaveValueAsync($"Kenya and China sign {word} memorandum");
        await Expect(page.Locator("[data-row=sources] [data-row-number]")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "manage-agreement-form");

        await StaffForms.SaveDraftAsync(page);
        await Expect(page.Locator("[data-testid=status-message]")).ToContainTextAsync("The draft is saved");
        await Expect(page.Locator("h1")).ToContainTextAsync(title);
        var fields = page.Locator("[data-testid=fields]");
        await Expect(StaffForms.FieldRow(fields, "parties")).ToContainTextAsync($"country: KEN; organisationId: {holding}");
        await Expect(StaffForms.FieldRow(fields, "sectors")).ToContainTextAsync("steel");
        await Expect(StaffForms.FieldRow(fields, "sectors")).ToContainTextAsync("railways");
        await Expect(StaffForms.FieldRow(fields, "sources")).ToContainTextAsync($"title: Kenya and China sign {word} memorandum");
        await Expect(page.Locator("[data-testid=four-eyes]")).ToContainTextAsync("Four-eyes is off");
        await BrowserFixture.ScreenshotAsync(page, "manage-draft-review");

        // A draft is not public.
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync($"/agreements?q={word}");
        await Expect(visitor.Locator(".empty")).ToContainTextAsync("No agreements match");

        await page.Locator("[data-testid=publish]").ClickAsync();
        await page.WaitForURLAsync("**/agreements/*");
        await Expect(page.Locator("[data-testid=status-message]")).ToContainTextAsync("is published");
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        var id = await page.Locator("article[data-agreement-id]").GetAttributeAsync("data-agreement-id");

        await visitor.GotoAsync($"/agreements?q={word}");
        await Expect(visitor.Locator("tbody tr")).ToHaveCountAsync(1);
        var row = visitor.Locator($"tbody tr[data-agreement-id='{id}']");
        await Expect(row).ToContainTextAsync($"Kenya – {word} Holding 7");
        await row.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await visitor.WaitForURLAsync($"**/agreements/{id}");
        await Expect(visitor.Locator("h1")).ToHaveTextAsync(title);
        await Expect(visitor.Locator("article")).ToContainTextAsync("Steel");

        // Edit it from the staff list and publish the change.
        await page.GotoAsync($"/Manage/Agreements?q={word}");
        await page.Locator($"tr[data-record-id='{id}']").GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.WaitForURLAsync($"**/Manage/Agreements/Edit?id={id}");
        await Expect(page.Locator("#Form_Title")).ToHaveValueAsync(title);
        await Expect(page.Locator("#Form_Parties_1__OrganisationId")).ToHaveValueAsync(holding.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var revisedTitle = $"Kenya steel and railway capacity agreement {word} (revised)";
        await page.Locator("#Form_Title").FillAsync(revisedTitle);
        await page.Locator("#Form_Value_Amount").FillAsync("2250000000");
        await page.Locator("#Form_Value_Usd").FillAsync("2250000000");
        await StaffForms.SaveDraftAsync(page);
        var changedTitle = StaffForms.FieldRow(page.Locator("table.comparison"), "title");
        await Expect(changedTitle).ToHaveClassAsync("differs");
        await Expect(changedTitle).ToContainTextAsync(revisedTitle);
        await Expect(changedTitle).ToContainTextAsync(title);
        await page.Locator("[data-testid=publish]").ClickAsync();
        await page.WaitForURLAsync($"**/agreements/{id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(revisedTitle);

        await visitor.GotoAsync($"/agreements?q={word}");
        await Expect(visitor.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(visitor.Locator($"tbody tr[data-agreement-id='{id}']")).ToContainTextAsync(revisedTitle);
        await Expect(visitor.Locator($"tbody tr[data-agreement-id='{id}']")).ToContainTextAsync("US$2.25 bn");

        // The history, linked from the public page for staff, names the editor and each changed field's before and after.
        await page.Locator("[data-testid=staff-history]").ClickAsync();
        await page.WaitForURLAsync($"**/Manage/History?type=agreement&id={id}");
        var latest = page.Locator("li.audit-entry").First;
        await Expect(latest).ToHaveAttributeAsync("data-action", "update");
        await Expect(latest.Locator("[data-testid=actor]")).ToHaveTextAsync($"lifecycle-{word}@example.org");
        await Expect(latest.Locator("tr[data-field=title] td.before")).ToHaveTextAsync(title);
        await Expect(latest.Locator("tr[data-field=title] td.after")).ToHaveTextAsync(revisedTitle);
        await Expect(latest.Locator("tr[data-field=value] td.before")).ToContainTextAsync("1,500,000,000");
        await Expect(latest.Locator("tr[data-field=value] td.after")).ToContainTextAsync("2,250,000,000");
        await Expect(page.Locator("li.audit-entry").Last).ToHaveAttributeAsync("data-action", "create");
        await BrowserFixture.ScreenshotAsync(page, "manage-agreement-history");
    }

    /// <summary>
    /// Puts 210 organisations named "{word} Holding n" in this class's database, beyond the 200 up to which a picker
    /// is a plain select, and returns the id of "{word} Holding 7".
    /// </summary>
    private async Task<long> AddManyOrganisationsAsync(string word)
    {
        await browser.ExecuteSqlAsync(
            $"INSERT INTO organisations (slug, name, kind, country_iso3) " +
            $"SELECT '{word}-holding-' || n, '{word} Holding ' || n, 'company', 'KEN' FROM generate_series(1, 210) AS n");
        return await browser.QueryAsync(db => Task.FromResult(db.Organisations.Single(o => o.Slug == $"{word}-holding-7").Id));
    }
}
