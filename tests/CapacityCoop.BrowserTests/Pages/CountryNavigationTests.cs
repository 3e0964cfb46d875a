using CapacityCoop.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages;

public sealed class CountryNavigationTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_country_profile_opens_from_the_world_map_on_the_home_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserFixture.ScreenshotAsync(page, "home");

        await page.Locator(".map a:has(path[data-iso3=KAZ])").First.ClickAsync();

        await page.WaitForURLAsync("**/countries/KAZ");
        await Expect(page.Locator("h1")).ToContainTextAsync("Kazakhstan");
        await Expect(page.Locator("[data-testid=kpi-value]")).ToHaveTextAsync("US$23.6 bn");
        await Expect(page.Locator("[data-chart=value-by-year] svg[role=img]")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "country-profile");
    }

    [Fact]
    public async Task A_country_profile_opens_from_the_country_list()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/countries");
        await BrowserFixture.ScreenshotAsync(page, "countries");

        await page.GetByRole(AriaRole.Link, new() { Name = "Brazil", Exact = true }).First.ClickAsync();

        await page.WaitForURLAsync("**/countries/BRA");
        await Expect(page.Locator("h1")).ToContainTextAsync("Brazil");
        await Expect(page.Locator("[data-testid=kpi-value]")).ToHaveTextAsync("US$27 bn");
    }

    [Fact]
    public async Task The_main_pages_render_for_screenshots_in_both_languages()
    {
        var page = await browser.NewPageAsync();
        foreach (var (path, name) in new[] { ("/agreements/1", "agreement-detail"), ("/sectors", "sectors"), ("/sectors/railways", "sector-profile") })
        {
            var response = await page.GotoAsync(path);
            response!.Status.ShouldBe(200, path);
            await BrowserFixture.ScreenshotAsync(page, name);
        }

        var chinese = await browser.NewPageAsync(locale: "zh-CN");
        await chinese.GotoAsync("/?culture=zh-CN");
        await Expect(chinese.Locator("h1")).ToHaveTextAsync("国际产能合作");
        await BrowserFixture.ScreenshotAsync(chinese, "home-chinese");
        await chinese.GotoAsync("/countries/KAZ?culture=zh-CN");
        await Expect(chinese.Locator("h1")).ToContainTextAsync("哈萨克斯坦");
        await BrowserFixture.ScreenshotAsync(chinese, "country-profile-chinese");
    }
}
