using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Infrastructure;

/// <summary>Steps on the staff edit forms that several tests share.</summary>
public static class StaffForms
{
    /// <summary>
    /// Presses Save draft and waits for the draft's review page; returns the draft's id. If the form comes back
    /// instead (errors, a conflict, likely duplicates), fails with what it says, which a bare URL timeout would hide.
    /// </summary>
    public static async Task<long> SaveDraftAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        var review = page.Locator("[data-testid=state]");
        var refusal = page.Locator("#error-summary, #conflict, #duplicates");
        await Expect(review.Or(refusal).First).ToBeVisibleAsync();
        if (await refusal.CountAsync() > 0)
        {
            throw new ShouldAssertException($"The draft was not saved: {string.Join(" | ", await refusal.AllInnerTextsAsync())}");
        }

        page.Url.ShouldContain("/Manage/Drafts/Details?id=");
        return long.Parse(new Uri(page.Url).Query.Split('=')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The row for payload field <paramref name="field"/> in a draft's field table or a comparison of two versions.</summary>
    public static ILocator FieldRow(ILocator table, string field) =>
        table.Locator($"tbody tr[data-field='{field}']");
}
