using System.Net;
using System.Text.RegularExpressions;

namespace CapacityCoop.Tests.Pages;

public sealed class LowPageLimitFixture : ApiFixture
{
    public const int PagePermits = 3;
    public const int ReadPermits = 2;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PagePermitsPerMinute"] = PagePermits.ToString(),
        ["RateLimiting:ReadPermitsPerMinute"] = ReadPermits.ToString(),
    };
}

/// <summary>Each test is a different visitor (its own address), so the tests do not spend each other's budget.</summary>
public sealed class PageRateLimitTests(LowPageLimitFixture app) : IClassFixture<LowPageLimitFixture>
{
    [Fact]
    public async Task A_visitor_over_the_page_limit_gets_429_with_Retry_After_and_a_short_HTML_page_while_other_visitors_carry_on()
    {
        var greedy = app.App.ClientFrom("198.51.100.1");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LowPageLimitFixture.PagePermits; i++)
        {
            statuses.Add((await greedy.GetAsync("/countries")).StatusCode);
        }

        var rejected = await greedy.GetAsync("/agreements");
        var other = await app.App.ClientFrom("198.51.100.2").GetAsync("/countries");

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        rejected.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        rejected.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        rejected.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await rejected.Content.ReadAsStringAsync();
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<h1>Too many requests</h1>");
        html.ShouldContain($"try again in {rejected.Headers.RetryAfter.Delta.Value.TotalSeconds} seconds");
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_429_page_is_in_the_visitors_language()
    {
        var client = app.App.ClientFrom("198.51.100.3");
        for (var i = 0; i < LowPageLimitFixture.PagePermits; i++)
        {
            await client.GetAsync("/");
        }

        var rejected = await client.GetAsync("/?culture=zh-CN");

        rejected.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var html = await rejected.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"zh-CN\">");
        html.ShouldContain("<h1>请求过多</h1>");
    }

    [Fact]
    public async Task Static_assets_and_health_checks_are_not_limited()
    {
        var client = app.App.ClientFrom("198.51.100.4");
        var page = await client.GetStringAsync("/");
        var stylesheet = Regex.Match(page, "href=\"(/css/site\\.[a-z0-9]+\\.css)\"").Groups[1].Value;
        stylesheet.ShouldNotBeEmpty();
        await UseUpPageBudgetAsync(client);

        var statuses = new List<(string Path, HttpStatusCode Status)>();
        for (var i = 0; i < 2 * LowPageLimitFixture.PagePermits; i++)
        {
            foreach (var path in new[] { stylesheet, "/css/site.css", "/js/manage-forms.js", "/health/live", "/health/ready" })
            {
                statuses.Add((path, (await client.GetAsync(path)).StatusCode));
            }
        }

        statuses.Where(s => s.Status != HttpStatusCode.OK).ShouldBeEmpty();
    }

    [Fact]
    public async Task Staff_pages_draw_on_the_same_page_budget()
    {
        var client = app.App.ClientFrom("198.51.100.6");
        await UseUpPageBudgetAsync(client);

        var staff = await client.GetAsync("/Manage");

        staff.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "not a redirect to the sign-in page");
    }

    [Fact]
    public async Task The_API_keeps_its_own_budget_and_answers_429_with_a_problem_document()
    {
        var client = app.App.ClientFrom("198.51.100.5");
        await UseUpPageBudgetAsync(client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LowPageLimitFixture.ReadPermits; i++)
        {
            statuses.Add((await client.GetAsync("/api/v1/sectors")).StatusCode);
        }

        var rejected = await client.GetAsync("/api/v1/sectors");

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK, "pages used up their budget, not the API's");
        rejected.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        rejected.Headers.RetryAfter.ShouldNotBeNull();
        rejected.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static async Task UseUpPageBudgetAsync(HttpClient client)
    {
        for (var i = 0; i < LowPageLimitFixture.PagePermits; i++)
        {
            await client.GetAsync("/Account/Login");
        }

        (await client.GetAsync("/Account/Login")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
