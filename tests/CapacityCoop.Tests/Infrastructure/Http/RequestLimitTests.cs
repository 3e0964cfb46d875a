using System.Net;
using System.Text.Json;
using CapacityCoop.Web.Infrastructure;

namespace CapacityCoop.Tests.Infrastructure.Http;

/// <summary>Over-long URLs and headers against the real server (Kestrel), whose limits the in-memory test server does not apply.</summary>
public sealed class RequestLimitTests(KestrelFixture server) : IClassFixture<KestrelFixture>
{
    [Theory]
    [InlineData("/api/v1/agreements?q=")]
    [InlineData("/agreements?q=")]
    [InlineData("/countries/")]
    public async Task A_URL_over_the_limit_is_a_414_problem_document_that_states_the_limit(string prefix)
    {
        var url = prefix + new string('a', RequestLimits.MaxRequestTargetLength + 1 - prefix.Length);

        var response = await server.Client().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(414);
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain($"is {RequestLimits.MaxRequestTargetLength + 1} characters long; this server accepts at most {RequestLimits.MaxRequestTargetLength}");
        problem.RootElement.TryGetProperty("traceId", out _).ShouldBeTrue();
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task A_query_string_of_20000_characters_that_Kestrel_alone_refused_is_a_problem_document_too()
    {
        var response = await server.Client().GetAsync("/api/v1/agreements?q=" + new string('b', 20_000));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_URL_just_within_the_limit_reaches_the_endpoint()
    {
        const string prefix = "/api/v1/agreements?q=";
        var url = prefix + new string('c', RequestLimits.MaxRequestTargetLength - prefix.Length);

        var response = await server.Client().GetAsync(url);

        // The endpoint's own rule answers: a search text has at most 200 characters.
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("'q' is longer than 200 characters.");
    }

    [Fact]
    public async Task A_URL_over_Kestrels_own_limit_is_still_refused_with_414()
    {
        var response = await server.Client().GetAsync("/api/v1/agreements?q=" + new string('d', RequestLimits.KestrelMaxRequestLineSize));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task Request_headers_over_the_server_limit_are_refused_with_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sectors");
        request.Headers.Add("X-Padding", new string('e', 40 * 1024));

        var response = await server.Client().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }
}
