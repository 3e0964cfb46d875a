using CapacityCoop.BrowserTests.Infrastructure;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages.Manage;

/// <summary>With four-eyes on, a draft's author cannot publish it; a second Editor, signed in in another browser, does.</summary>
public sealed class FourEyesTests(FourEyesBrowserFixture browser) : IClassFixture<FourEyesBrowserFixture>
{
    [Fact]
    public async Task The_author_may_not_publish_their_draft_and_a_second_editor_does()
    {
        var word = UniqueWord.Next();
        var title = $"Ethiopia textile park cooperation agreement {word}";
        var author = await browser.SignInAsync($"author-{word}@example.org", PortalRoles.Editor);

        await author.GotoAsync("/Manage/Agreements/Edit");
        await author.Locator("#Form_Title").FillAsync(title);
        await author.Locator("#Form_Kind").SelectOptionAsync("cooperation");
        await author.Locator("#Form_Status").SelectOptionAsync("signed");
        await author.Locator("#Form_Parties_0__Party").SelectOptionAsync("CHN");
        await author.Locator("#Form_Parties_1__Party").SelectOptionAsync("ETH");
        await author.Locator("#sector-light-industry-textiles").CheckAsync();
        await author.Locator("#Form_Sources_0__Title").FillAsync($"Textile park agreement signed {word}");
        var draftId = await StaffForms.SaveDraftAsync(author);

        await Expect(author.Locator("[data-testid=four-eyes]")).ToContainTextAsync("Four-eyes is on");
        await Expect(author.Locator("[data-testid=publish-refused]")).ToBeVisibleAsync();
        await Expect(author.Locator("[data-testid=publish]")).ToHaveCountAsync(0);

        var reviewer = await browser.SignInAsync($"reviewer-{word}@example.org", PortalRoles.Editor);
        await reviewer.GotoAsync("/Manage/Drafts");
        await reviewer.Locator($"tr[data-draft-id='{draftId}']").GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await reviewer.WaitForURLAsync($"**/Manage/Drafts/Details?id={draftId}");
        await reviewer.Locator("[data-testid=publish]").ClickAsync();
        await reviewer.WaitForURLAsync("**/agreements/*");
        await Expect(reviewer.Locator("h1")).ToHaveTextAsync(title);
        var id = await reviewer.Locator("article[data-agreement-id]").GetAttributeAsync("data-agreement-id");

        // The change is the author's; the note says who let it through.
        await reviewer.GotoAsync($"/Manage/History?type=agreement&id={id}");
        var created = reviewer.Locator("li.audit-entry").First;
        await Expect(created).ToHaveAttributeAsync("data-action", "create");
        await Expect(created.Locator("[data-testid=actor]")).ToHaveTextAsync($"author-{word}@example.org");
        await Expect(created.Locator("[data-testid=note]")).ToHaveTextAsync($"Note: draft {draftId}, published by reviewer-{word}@example.org");
    }
}
