using System.Net;
using CapacityCoop.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure;

public sealed class BehindProxyFixture : ApiFixture
{
    public const string Proxy = "10.0.0.5";
    public const string ProxyInNetwork = "172.18.0.9";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PagePermitsPerMinute"] = "2",
        ["ForwardedHeaders:KnownProxies:0"] = Proxy,
        ["ForwardedHeaders:KnownNetworks:0"] = "172.18.0.0/16",
    };
}

/// <summary>Each test uses addresses of its own, so the tests do not spend each other's page budget.</summary>
public sealed class ForwardedHeadersTests(BehindProxyFixture app) : IClassFixture<BehindProxyFixture>
{
    [Fact]
    public async Task Clients_behind_a_trusted_proxy_each_get_their_own_page_budget()
    {
        var first = app.App.ClientFrom(BehindProxyFixture.Proxy, forwardedFor: "203.0.113.10");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await first.GetAsync("/Account/Login")).StatusCode);
        }

        var second = await app.App.ClientFrom(BehindProxyFixture.Proxy, forwardedFor: "203.0.113.11").GetAsync("/Account/Login");
        var throughNetwork = await app.App.ClientFrom(BehindProxyFixture.ProxyInNetwork, forwardedFor: "203.0.113.12").GetAsync("/Account/Login");

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        second.StatusCode.ShouldBe(HttpStatusCode.OK, "another client behind the same proxy has a budget of its own");
        throughNetwork.StatusCode.ShouldBe(HttpStatusCode.OK, "a proxy inside a known network is trusted too");
    }

    [Fact]
    public async Task Behind_a_chain_of_trusted_proxies_the_client_is_the_last_address_no_trusted_proxy_vouches_for()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            // A load balancer in the trusted network (172.18.0.7) saw 203.0.113.40, which wrote a new address of its own each time.
            var client = app.App.ClientFrom(BehindProxyFixture.Proxy, forwardedFor: $"192.0.2.{200 + i}, 203.0.113.40, 172.18.0.7");
            statuses.Add((await client.GetAsync("/Account/Login")).StatusCode);
        }

        var neighbour = await app.App.ClientFrom(BehindProxyFixture.Proxy, forwardedFor: "203.0.113.41, 172.18.0.7").GetAsync("/Account/Login");

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        neighbour.StatusCode.ShouldBe(HttpStatusCode.OK, "not counted as the load balancer");
    }

    [Fact]
    public async Task A_forged_X_Forwarded_For_from_an_untrusted_peer_does_not_get_a_fresh_budget()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var forger = app.App.ClientFrom("192.0.2.50", forwardedFor: $"203.0.113.{100 + i}");
            statuses.Add((await forger.GetAsync("/Account/Login")).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public async Task A_trusted_proxy_can_say_the_client_used_https_and_nobody_else_can()
    {
        var proxied = await app.App.ClientFrom(BehindProxyFixture.Proxy, forwardedFor: "203.0.113.20", forwardedProto: "https").GetAsync("/Manage");
        var forged = await app.App.ClientFrom("192.0.2.60", forwardedFor: "203.0.113.21", forwardedProto: "https").GetAsync("/Manage");

        // The sign-in redirect is an absolute address built from the request's scheme.
        proxied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        proxied.Headers.Location!.Scheme.ShouldBe("https");
        forged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        forged.Headers.Location!.Scheme.ShouldBe("http");
    }

    [Fact]
    public async Task Without_a_peer_address_forwarded_headers_are_ignored()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var client = app.App.ClientFrom(peerAddress: null, forwardedFor: $"203.0.113.{150 + i}");
            statuses.Add((await client.GetAsync("/Account/Login")).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public void A_proxy_setting_that_is_not_an_address_stops_the_start()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33" })
            .Build();

        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddPortalForwardedHeaders(configuration));

        error.Message.ShouldContain("ForwardedHeaders:KnownNetworks has \"10.0.0.0/33\"");
    }
}
