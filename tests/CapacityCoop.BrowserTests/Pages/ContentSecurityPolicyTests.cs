using CapacityCoop.BrowserTests.Infrastructure;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Pages;

/// <summary>
/// The main pages under the real Content-Security-Policy in Chromium: not one violation (reported on the console or
/// as a securitypolicyviolation event), and what JavaScript and CSS do still works.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Injected by the browser driver, not by the page, so the policy does not apply to it.
    private const string ViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", e =>
            window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber));
        """;

    [Fact]
    public async Task The_public_pages_work_without_a_single_policy_violation()
    {
        var (page, violations) = await WatchedPageAsync(await browser.NewPageAsync());

        await page.GotoAsync("/");
        var map = page.Locator(".map svg.world-map");
        await Expect(map).ToBeVisibleAsync();
        await page.Locator(".map a:has(path[data-iso3=KAZ])").First.HoverAsync();
        // The hover style comes from site.css now that the SVG carries no <style> of its own.
        (await page.Locator(".map a:has(path[data-iso3=KAZ]) path").First.EvaluateAsync<string>("p => getComputedStyle(p).strokeWidth")).ShouldBe("1px");
        await AssertNoViolationsAsync(page, violations, "/");

        await page.GotoAsync("/agreements");
        await page.Locator("[data-facet=region] a[data-value='Latin America & Caribbean']").ClickAsync();
        await page.WaitForURLAsync("**/agreements?region=*");
        await Expect(page.Locator("#results-heading")).ToHaveTextAsync("4 agreements");
        await AssertNoViolationsAsync(page, violations, "/agreements");

        await page.GotoAsync("/agreements/1");
        await Expect(page.Locator("[data-testid=stable-url]")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, violations, "/agreements/1");

        await page.GotoAsync("/projects");
        await Expect(page.Locator("svg.world-map").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, violations, "/projects");

        await page.GotoAsync("/countries/CHN");
        await Expect(page.Locator("[data-chart=value-by-year] svg[role=img]")).ToHaveCountAsync(1);
        // The stylesheet applied: the site's header is laid out by site.css, not by the browser's defaults.
        (await page.Locator(".site-header").EvaluateAsync<string>("h => getComputedStyle(h).display")).ShouldNotBe("block");
        await AssertNoViolationsAsync(page, violations, "/countries/CHN");

        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await AssertNoViolationsAsync(page, violations, "/countries/CHN in Chinese");
    }

    [Fact]
    public async Task A_staff_form_and_its_script_work_without_a_single_policy_violation()
    {
        var (page, violations) = await WatchedPageAsync(await browser.SignInAsync("csp-editor@example.org", PortalRoles.Editor));

        await page.GotoAsync("/Manage/Agreements/Edit");
        // manage-forms.js ran: long selects got their filter box.
        await Expect(page.Locator("input.select-filter").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, violations, "/Manage/Agreements/Edit");
    }

    [Fact]
    public async Task The_Swagger_UI_works_without_a_single_policy_violation()
    {
        var (page, violations) = await WatchedPageAsync(await browser.NewPageAsync());

        await page.GotoAsync("/swagger");
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("CapacityCoop");
        await Expect(page.Locator(".opblock").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, violations, "/swagger");
    }

    private static async Task<(IPage Page, List<string> Violations)> WatchedPageAsync(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };
        await page.Context.AddInitScriptAsync(ViolationRecorder);
        await page.EvaluateAsync(ViolationRecorder);
        return (page, violations);
    }

    private static async Task AssertNoViolationsAsync(IPage page, List<string> violations, string where)
    {
        // Reports are dispatched asynchronously; give the page a moment to deliver them.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(200);
        var events = await page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        lock (violations)
        {
            violations.Concat(events).ShouldBeEmpty($"Content-Security-Policy violations on {where}");
        }
    }
}
