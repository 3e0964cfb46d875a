using CapacityCoop.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages;

public sealed class ProjectSearchTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Narrowing_by_a_facet_and_opening_a_project_shows_it_on_the_map()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/projects");
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("11 projects");
        await Expect(page.Locator("[data-testid=overview-map] svg circle.marker")).ToHaveCountAsync(9);

        await page.Locator("[data-facet=sector] a[data-value=railways]").ClickAsync();
        await page.WaitForURLAsync("**/projects?sector=railways");
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("5 projects");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator("[data-facet=sector] a[data-value=railways]")).ToHaveAttributeAsync("aria-current", "true");
        // The railway study in Peru has no coordinates: four markers for five rows.
        await Expect(page.Locator("[data-testid=overview-map] svg circle.marker")).ToHaveCountAsync(4);
        await BrowserFixture.ScreenshotAsync(page, "projects-search");

        await page.Locator("tbody a", new() { HasText = "China–Laos railway" }).ClickAsync();
        await page.WaitForURLAsync("**/projects/*");
        await Expect(page.Locator("h1")).ToHaveTextAsync("China–Laos railway");
        await Expect(page.Locator("[data-testid=locator] svg circle.marker")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=locator] svg path[data-highlight=LAO]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=location-text]")).ToHaveTextAsync("Location: 17.98° N, 102.63° E, Laos");
        await Expect(page.Locator("[data-testid=construction-start]")).ToHaveTextAsync("2 December 2015");
        await BrowserFixture.ScreenshotAsync(page, "project-detail");

        // Back to the search keeps the narrowed state.
        await page.Locator(".record-links a", new() { HasText = "Back to search" }).ClickAsync();
        await page.WaitForURLAsync("**/projects?sector=railways");
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("5 projects");
    }

    [Fact]
    public async Task A_marker_on_the_overview_map_opens_its_project()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/projects?country=MYS");

        var marker = page.Locator("[data-testid=overview-map] svg a").First;
        await Expect(marker).ToHaveAttributeAsync("aria-label", "Steel plant, Malaysia-China Kuantan Industrial Park (Malaysia)");
        await marker.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/projects/*");
        await Expect(page.Locator("[data-testid=capacity]")).ToHaveTextAsync("3.5 Mt/yr");
        await Expect(page.Locator("[data-testid=investment-usd]")).ToHaveTextAsync("US$1.4 bn");
    }

    [Fact]
    public async Task GeoJSON_export_downloads_the_located_projects_of_the_filtered_set()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/projects?sector=railways");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(".exports a", new() { HasText = "GeoJSON" }).ClickAsync());
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync()));

        download.SuggestedFilename.ShouldEndWith(".geojson");
        document.RootElement.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        document.RootElement.GetProperty("features").GetArrayLength().ShouldBe(4);
    }
}
