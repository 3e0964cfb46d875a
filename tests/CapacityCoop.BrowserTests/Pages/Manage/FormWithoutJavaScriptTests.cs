using System.Text.Json;
using CapacityCoop.BrowserTests.Infrastructure;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages.Manage;

/// <summary>The edit form in a browser with JavaScript switched off: every button posts the form and the server re-displays it.</summary>
public sealed class FormWithoutJavaScriptTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Without_JavaScript_the_add_row_button_adds_a_source_and_the_draft_is_saved()
    {
        var word = UniqueWord.Next();
        var title = $"Laos potash fertiliser plant agreement {word}";
        var citedSourceId = await browser.QueryAsync(db => db.Sources.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var page = await browser.SignInAsync($"plain-{word}@example.org", PortalRoles.Editor, javaScriptEnabled: false);

        await page.GotoAsync("/Manage/Agreements/Edit");
        // Proof that no script ran: the script would have put a filter box before each country list.
        await Expect(page.Locator("#Form_Parties_0__Party")).ToBeVisibleAsync();
        await Expect(page.Locator(".select-filter")).ToHaveCountAsync(0);

        await page.Locator("#Form_Title").FillAsync(title);
        await page.Locator("#Form_Kind").SelectOptionAsync("contract");
        await page.Locator("#Form_Status").SelectOptionAsync("signed");
        await page.Locator("#Form_Parties_0__Party").SelectOptionAsync("CHN");
        await page.Locator("#Form_Parties_1__Party").SelectOptionAsync("LAO");
        await page.Locator("#sector-chemicals").CheckAsync();
        await page.Locator("#Form_Sources_0__Title").FillAsync($"Potash plant contract {word}");
        await page.Locator("#Form_Sources_0__PublishedOn").FillAsync("2018");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a source" }).ClickAsync();
        await Expect(page.Locator("[data-rows=sources] [data-row=sources]")).ToHaveCountAsync(2);
        // The round trip kept what was typed.
        await Expect(page.Locator("#Form_Title")).ToHaveValueAsync(title);
        await Expect(page.Locator("#Form_Parties_1__Party")).ToHaveValueAsync("LAO");
        await Expect(page.Locator("#Form_Sources_0__Title")).ToHaveValueAsync($"Potash plant contract {word}");
        await page.Locator("#Form_Sources_1__SourceId").FillAsync(citedSourceId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var draftId = await StaffForms.SaveDraftAsync(page);

        var draft = await browser.QueryAsync(db => db.Drafts.AsNoTracking().SingleAsync(d => d.Id == draftId));
        var payload = draft.Payload.RootElement.Deserialize<AgreementInput>(ApiResults.Json)!;
        payload.Title.ShouldBe(title);
        payload.Parties!.Select(p => p.Country).ShouldBe(["CHN", "LAO"]);
        payload.Sources!.Select(s => (s.SourceId, s.Title)).ShouldBe([(null, $"Potash plant contract {word}"), (citedSourceId, null)]);
    }
}
