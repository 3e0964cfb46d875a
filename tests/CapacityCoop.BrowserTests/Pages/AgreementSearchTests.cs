using CapacityCoop.BrowserTests.Infrastructure;
using CapacityCoop.Web.Data.Seed;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages;

public sealed class AgreementSearchTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Searching_and_narrowing_by_facets_keeps_every_state_in_the_URL()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/agreements");
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("10 agreements");

        await page.Locator("[data-facet=region] a[data-value='Latin America & Caribbean']").ClickAsync();
        await page.WaitForURLAsync("**/agreements?region=*");
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("4 agreements");

        await page.Locator("[data-facet=sector] a[data-value=finance]").ClickAsync();
        await page.WaitForURLAsync("**sector=finance*");
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("2 agreements");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        (await page.Locator("[data-facet=sector] a[data-value=finance]").GetAttributeAsync("aria-current")).ShouldBe("true");
        await BrowserFixture.ScreenshotAsync(page, "agreements-search-narrowed");

        // The URL alone reproduces the state, and the back button returns to the previous one.
        var shared = page.Url;
        var other = await browser.NewPageAsync();
        await other.GotoAsync(shared);
        await Expect(other.Locator("#results-heading")).ToHaveTextAsync("2 agreements");
        await page.GoBackAsync();
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("4 agreements");

        await page.FillAsync("#q", "railway");
        await page.PressAsync("#q", "Enter");
        await page.WaitForURLAsync("**q=railway*");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        page.Url.ShouldContain("region=");
    }

    [Fact]
    public async Task An_empty_result_says_so_and_offers_to_clear_the_filters()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/agreements?q=submarine");

        (await page.Locator(".empty").TextContentAsync()).ShouldNotBeNull().ShouldContain("No agreements match");
        await page.Locator(".empty a").ClickAsync();
        await page.WaitForURLAsync("**/agreements");
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("10 agreements");
    }

    [Fact]
    public async Task Export_downloads_exactly_the_filtered_set_as_CSV()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/agreements?region=latin-america-caribbean");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(".exports a", new() { HasText = "CSV" }).ClickAsync());
        var path = await download.PathAsync();
        var rows = CsvRows.Parse((await File.ReadAllTextAsync(path)).TrimEnd('\r', '\n'));

        download.SuggestedFilename.ShouldStartWith("agreements-");
        rows.Count.ShouldBe(5);
        rows.Skip(1).Select(r => r[14]).ShouldAllBe(parties => parties.StartsWith("CHN;"));
        rows.Skip(1).Select(r => r[2]).ShouldContain(title => title.Contains("Brazil"));
    }

    [Fact]
    public async Task The_language_switch_turns_the_interface_Chinese_and_the_choice_is_kept()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/agreements?country=KAZ");

        await page.Locator("form.language button").ClickAsync();
        await page.WaitForURLAsync("**/agreements?country=KAZ");
        await Expect(page.Locator("h1")).ToHaveTextAsync("协议");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("zh-CN");
        (await page.Locator("[data-facet=country] a[data-value=KAZ] .label").TextContentAsync()).ShouldBe("哈萨克斯坦");
        await BrowserFixture.ScreenshotAsync(page, "agreements-search-chinese");

        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("国际产能合作");

        await page.Locator("form.language button").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Production-capacity cooperation");
    }

    [Fact]
    public async Task The_search_page_can_be_used_with_the_keyboard_alone()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/agreements");

        // Skip link first, then the search box is reachable by Tab.
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement.className")).ShouldBe("skip");
        await page.Locator("#q").FocusAsync();
        await page.Keyboard.TypeAsync("investment fund");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**q=investment*");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);

        // Tab from the search box reaches the facet links; Enter follows one.
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("document.activeElement.closest('[data-facet=kind]') ? 'kind' : null") == "kind")
            {
                break;
            }
        }

        var focusedOutline = await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle");
        focusedOutline.ShouldNotBe("none");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**kind=*");
        page.Url.ShouldContain("q=investment");
    }
}
