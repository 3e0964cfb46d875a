using System.Net;
using CapacityCoop.Web.Infrastructure;

namespace CapacityCoop.Tests.Infrastructure.Http;

/// <summary>Every response — pages, API, problem documents, static files, the Swagger UI — carries the security headers.</summary>
public sealed class SecurityHeaderTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/agreements?country=KAZ", HttpStatusCode.OK)]
    [InlineData("/agreements/1", HttpStatusCode.OK)]
    [InlineData("/countries/CHN", HttpStatusCode.OK)]
    [InlineData("/Account/Login", HttpStatusCode.OK)]
    [InlineData("/agreements/999999999", HttpStatusCode.NotFound)]
    [InlineData("/agreements?pageSize=100000", HttpStatusCode.BadRequest)]
    public async Task Pages_get_the_page_policy_without_unsafe_inline(string url, HttpStatusCode status)
    {
        var response = await api.Client().GetAsync(url);

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        ShouldHaveTheCommonHeaders(response);
        var policy = Policy(response);
        policy.ShouldBe(SecurityHeaders.PagePolicy);
        policy.ShouldNotContain("unsafe");
        policy.ShouldContain("frame-ancestors 'none'");
    }

    [Theory]
    [InlineData("/api/v1/agreements", HttpStatusCode.OK)]
    [InlineData("/api/v1/agreements/1", HttpStatusCode.OK)]
    [InlineData("/api/v1/agreements?format=csv", HttpStatusCode.OK)]
    [InlineData("/api/v1/agreements?pageSize=100000", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/agreements/999999999", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("/health/ready", HttpStatusCode.OK)]
    [InlineData("/swagger/v1/swagger.json", HttpStatusCode.OK)]
    [InlineData("/css/site.css", HttpStatusCode.OK)]
    [InlineData("/js/manage-forms.js", HttpStatusCode.OK)]
    public async Task API_responses_problem_documents_and_static_files_get_the_strict_policy(string url, HttpStatusCode status)
    {
        var response = await api.Client().GetAsync(url);

        response.StatusCode.ShouldBe(status);
        ShouldHaveTheCommonHeaders(response);
        Policy(response).ShouldBe("default-src 'none'; frame-ancestors 'none'");
    }

    [Fact]
    public async Task An_API_write_refused_for_lack_of_credentials_carries_the_headers_too()
    {
        var response = await api.Client().PostAsync("/api/v1/organisations", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        ShouldHaveTheCommonHeaders(response);
        Policy(response).ShouldBe(SecurityHeaders.NonDocumentPolicy);
    }

    [Fact]
    public async Task The_Swagger_UI_gets_its_own_policy_without_inline_scripts()
    {
        var response = await api.Client().GetAsync("/swagger/index.html");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldHaveTheCommonHeaders(response);
        var policy = Policy(response);
        policy.ShouldBe(SecurityHeaders.SwaggerUiPolicy);
        policy.ShouldNotContain("script-src");
        policy.ShouldNotContain("unsafe");
        policy.ShouldContain("default-src 'self'");
    }

    [Fact]
    public async Task Pages_hold_no_inline_script_event_handler_or_style_attribute()
    {
        foreach (var url in new[] { "/", "/?map=count", "/agreements", "/agreements/1", "/projects", "/projects/1", "/countries", "/countries/CHN", "/sectors/railways", "/Account/Login" })
        {
            var html = await api.Client().GetStringAsync(url);

            html.ShouldNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", $"{url} has an inline script");
            html.ShouldNotMatch(@"\son[a-z]+\s*=", $"{url} has an event-handler attribute");
            html.ShouldNotMatch(@"\sstyle\s*=", $"{url} has a style attribute");
            html.ShouldNotContain("<style", customMessage: $"{url} has a style element");
        }
    }

    [Fact]
    public async Task HSTS_is_sent_over_HTTPS_and_not_over_plain_HTTP()
    {
        var https = api.Client();
        https.BaseAddress = new Uri("https://capacitycoop.example.org");
        var http = api.Client();
        http.BaseAddress = new Uri("http://capacitycoop.example.org");

        var secure = await https.GetAsync("/agreements");
        var plain = await http.GetAsync("/agreements");

        secure.Headers.GetValues("Strict-Transport-Security").ShouldBe(["max-age=31536000"]);
        plain.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public async Task HSTS_is_sent_when_a_trusted_proxy_says_the_client_used_HTTPS()
    {
        var proxied = api.App.ClientFrom("127.0.0.1", forwardedFor: "203.0.113.30", forwardedProto: "https");
        proxied.BaseAddress = new Uri("http://capacitycoop.example.org");
        var forged = api.App.ClientFrom("192.0.2.70", forwardedFor: "203.0.113.31", forwardedProto: "https");
        forged.BaseAddress = new Uri("http://capacitycoop.example.org");

        (await proxied.GetAsync("/api/v1/sectors")).Headers.Contains("Strict-Transport-Security").ShouldBeTrue();
        (await forged.GetAsync("/api/v1/sectors")).Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    private static void ShouldHaveTheCommonHeaders(HttpResponseMessage response)
    {
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["strict-origin-when-cross-origin"]);
    }

    private static string Policy(HttpResponseMessage response) => response.Headers.GetValues("Content-Security-Policy").Single();
}
