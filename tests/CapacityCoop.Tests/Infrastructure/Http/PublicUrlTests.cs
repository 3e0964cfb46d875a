using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Tests.Infrastructure.Http;

public sealed class PublicBaseUrlServer : KestrelFixture
{
    public const string PublicBase = "https://capacitycoop.example.org";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = PublicBase + "/" };
}

public sealed class HostFilteredServer : KestrelFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["AllowedHosts"] = "127.0.0.1;localhost" };
}

/// <summary>A forged Host header (sent to the real server, exactly as a client would) never reaches an export, a link or a redirect.</summary>
public sealed class PublicUrlTests(PublicBaseUrlServer server) : IClassFixture<PublicBaseUrlServer>
{
    private const string Forged = "evil.example";

    [Theory]
    [InlineData("/api/v1/agreements?format=csv", "/agreements/")]
    [InlineData("/api/v1/projects?format=csv", "/projects/")]
    [InlineData("/api/v1/projects?format=geojson", "/projects/")]
    public async Task With_a_public_base_URL_an_exports_url_column_ignores_a_forged_Host_header(string export, string recordPath)
    {
        var body = await GetWithForgedHostAsync(export);

        body.ShouldNotContain(Forged);
        body.ShouldContain(PublicBaseUrlServer.PublicBase + recordPath);
    }

    [Fact]
    public async Task With_a_public_base_URL_the_sign_in_redirect_ignores_a_forged_Host_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Manage/Drafts?type=agreement");
        request.Headers.Host = Forged;

        var response = await server.Client().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(PublicBaseUrlServer.PublicBase + "/Account/Login?ReturnUrl=%2FManage%2FDrafts%3Ftype%3Dagreement");
    }

    [Fact]
    public async Task With_a_public_base_URL_the_canonical_and_cite_this_record_links_ignore_a_forged_Host_header()
    {
        var agreement = await GetWithForgedHostAsync("/agreements/1");
        var project = await GetWithForgedHostAsync("/projects/1");

        agreement.ShouldNotContain(Forged);
        agreement.ShouldContain($"<link rel=\"canonical\" href=\"{PublicBaseUrlServer.PublicBase}/agreements/1\" />");
        project.ShouldNotContain(Forged);
        project.ShouldContain($"<link rel=\"canonical\" href=\"{PublicBaseUrlServer.PublicBase}/projects/1\" />");
    }

    private async Task<string> GetWithForgedHostAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = Forged;
        var response = await server.Client().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return body;
    }
}

public sealed class HostFilteringTests(HostFilteredServer server) : IClassFixture<HostFilteredServer>
{
    [Theory]
    [InlineData("/api/v1/agreements?format=csv")]
    [InlineData("/Manage")]
    public async Task With_AllowedHosts_a_forged_Host_header_is_refused_before_it_reaches_a_link_or_a_redirect(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = "evil.example";

        var response = await server.Client().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("evil.example");
    }

    [Fact]
    public async Task With_AllowedHosts_an_allowed_Host_is_what_the_url_column_shows()
    {
        var csv = await server.Client().GetStringAsync("/api/v1/agreements?format=csv");

        csv.ShouldContain($"http://127.0.0.1:{server.BaseAddress.Port}/agreements/");
    }
}

/// <summary>Outside Development and the tests, the portal refuses to start when any Host header would be believed.</summary>
public sealed class PublicUrlStartupTests(ApiFixture database) : IClassFixture<ApiFixture>
{
    [Fact]
    public void Outside_development_without_a_public_base_URL_or_AllowedHosts_the_server_does_not_start()
    {
        using var app = new PortalAppFactory(database.ConnectionString, settings: new Dictionary<string, string?> { ["environment"] = "Staging", ["AllowedHosts"] = "*" });

        var failure = Should.Throw<OptionsValidationException>(() => app.CreateClient());

        failure.Message.ShouldContain("Portal:PublicBaseUrl");
        failure.Message.ShouldContain("AllowedHosts");
    }

    [Theory]
    [InlineData("Portal:PublicBaseUrl", "https://capacitycoop.example.org")]
    [InlineData("AllowedHosts", "capacitycoop.example.org")]
    public async Task Outside_development_either_a_public_base_URL_or_AllowedHosts_lets_it_start(string key, string value)
    {
        using var app = new PortalAppFactory(database.ConnectionString, settings: new Dictionary<string, string?> { ["environment"] = "Staging", [key] = value });
        var client = app.CreateClient();
        client.BaseAddress = new Uri("http://capacitycoop.example.org");

        var response = await client.GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void A_public_base_URL_that_is_not_an_absolute_http_URL_stops_the_start()
    {
        using var app = new PortalAppFactory(database.ConnectionString, settings: new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = "capacitycoop.example.org" });

        Should.Throw<OptionsValidationException>(() => app.CreateClient()).Message.ShouldContain("not an absolute http or https URL");
    }
}
