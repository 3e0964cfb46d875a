using System.Text.Json;
using CapacityCoop.BrowserTests.Infrastructure;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages.Manage;

/// <summary>Two editors in two browsers change the same agreement: the second save is refused, compared, and re-applied on purpose.</summary>
public sealed class EditConflictTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_second_editor_to_save_sees_the_conflict_with_both_versions_and_can_reapply_theirs()
    {
        var word = UniqueWord.Next();
        var title = $"Uzbekistan cement plant agreement {word}";
        var id = await PublishAgreementAsync(title);
        var alice = await browser.SignInAsync($"alice-{word}@example.org", PortalRoles.Editor);
        var bob = await browser.SignInAsync($"bob-{word}@example.org", PortalRoles.Editor);

        await alice.GotoAsync($"/Manage/Agreements/Edit?id={id}");
        await bob.GotoAsync($"/Manage/Agreements/Edit?id={id}");
        await Expect(bob.Locator("#Form_Title")).ToHaveValueAsync(title);

        var aliceTitle = $"Uzbekistan cement plant agreement {word} (Alice's wording)";
        await alice.Locator("#Form_Title").FillAsync(aliceTitle);
        await alice.Locator("#Form_SignedPlace").FillAsync("Tashkent");
        var draftId = await StaffForms.SaveDraftAsync(alice);

        var bobTitle = $"Uzbekistan cement plant agreement {word} (Bob's wording)";
        await bob.Locator("#Form_Title").FillAsync(bobTitle);
        await bob.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        var conflict = bob.Locator("#conflict");
        await Expect(conflict).ToBeVisibleAsync();
        await Expect(conflict.Locator("h2")).ToHaveTextAsync("Someone saved this record after you opened it");
        await Expect(conflict.Locator("thead th")).ToHaveTextAsync(["Field", "Your version", "Stored now"]);
        var titleRow = StaffForms.FieldRow(conflict, "title");
        await Expect(titleRow).ToHaveClassAsync("differs");
        await Expect(titleRow.Locator("td")).ToHaveTextAsync([bobTitle, aliceTitle]);
        await Expect(StaffForms.FieldRow(conflict, "signedPlace").Locator("td")).ToHaveTextAsync(["—", "Tashkent"]);
        // Nothing of Bob's was saved, and his values are still in the form.
        await Expect(bob.Locator("#Form_Title")).ToHaveValueAsync(bobTitle);
        (await DraftPayloadAsync(draftId)).Title.ShouldBe(aliceTitle);
        await BrowserFixture.ScreenshotAsync(bob, "manage-edit-conflict");

        // Saving again puts Bob's version in place of the stored one, deliberately.
        (await StaffForms.SaveDraftAsync(bob)).ShouldBe(draftId);
        var draftColumn = StaffForms.FieldRow(bob.Locator("table.comparison"), "title").Locator("td").First;
        await Expect(draftColumn).ToHaveTextAsync(bobTitle);
        var payload = await DraftPayloadAsync(draftId);
        payload.Title.ShouldBe(bobTitle);
        payload.SignedPlace.ShouldBeNull();
        var draft = await browser.QueryAsync(db => db.Drafts.AsNoTracking().SingleAsync(d => d.Id == draftId));
        (draft.CreatedBy, draft.UpdatedBy).ShouldBe(($"alice-{word}@example.org", $"bob-{word}@example.org"));

        // Whoever opens the record next continues from the one open draft: Bob's version.
        await alice.GotoAsync($"/Manage/Agreements/Edit?id={id}");
        await Expect(alice.Locator("#Form_Title")).ToHaveValueAsync(bobTitle);
    }

    private Task<AgreementInput> DraftPayloadAsync(long draftId) =>
        browser.QueryAsync(async db => (await db.Drafts.AsNoTracking().SingleAsync(d => d.Id == draftId)).Payload.RootElement.Deserialize<AgreementInput>(ApiResults.Json)!);

    /// <summary>A published agreement of this test's own, written as the API writes one.</summary>
    private async Task<long> PublishAgreementAsync(string title)
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var records = scope.ServiceProvider.GetRequiredService<AgreementRecords>();
        var outcome = await records.CreateAsync(
            new AgreementInput
            {
                Title = title,
                Kind = "contract",
                Status = "signed",
                Parties = [new PartyInput("CHN", null, null), new PartyInput("UZB", null, null)],
                SignedOn = "2017-09",
                Sectors = ["building-materials"],
                Sources = [new SourceInput(null, $"Cement plant contract signed ({title})", "Browser Test Agency", "2017-09-14", "https://example.org/cement", null)],
            },
            new Actor("browser-test", "browser-test"),
            CancellationToken.None);
        return outcome.ShouldBeOfType<WriteOutcome.Saved>().Id;
    }
}
