using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CapacityCoop.Web.Infrastructure;

/// <summary>Settings under "ForwardedHeaders": the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. "10.0.0.5". Empty by default: only loopback (the framework's default) is trusted.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. "172.18.0.0/16" for a Docker network.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>
/// Behind a reverse proxy every request arrives from the proxy's address over plain HTTP. The rate limits partition
/// by address and the sign-in cookie is Secure only over HTTPS, so both need the client's address and scheme — but
/// only from a proxy we trust: anyone else could write X-Forwarded-For themselves and get a fresh rate-limit bucket
/// with every request.
/// </summary>
public static class ReverseProxy
{
    public static IServiceCollection AddPortalForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        // A mistyped address fails the start rather than silently trusting nobody (or the wrong proxy).
        var proxies = settings.KnownProxies
            .Select(text => IPAddress.TryParse(text.Trim(), out var address) ? address : throw Invalid("KnownProxies", text, "an IP address such as 10.0.0.5"))
            .ToList();
        var networks = settings.KnownNetworks
            .Select(text => System.Net.IPNetwork.TryParse(text.Trim(), out var network) ? network : throw Invalid("KnownNetworks", text, "a network such as 172.18.0.0/16"))
            .ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // X-Forwarded-Host is left alone: links and AllowedHosts go by the Host header the proxy passes on.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // No fixed hop count: the middleware walks X-Forwarded-For from the right while the hop it came from is
            // trusted, so a chain of known proxies (a load balancer and nginx) yields the client, and an address a
            // client wrote itself is never reached. The loopback defaults (127.0.0.0/8, ::1) stay trusted.
            options.ForwardLimit = null;
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return services;
    }

    /// <summary>First in the pipeline, so that everything after it sees the client rather than the proxy.</summary>
    public static WebApplication UsePortalForwardedHeaders(this WebApplication app)
    {
        // The middleware believes the first forwarded hop when the peer address is unknown (it is null in the in-memory
        // test server and on Unix sockets), which would let any such caller choose its address. Without a peer
        // address nobody can be trusted, so the headers are ignored; a proxy must connect over TCP.
        app.UseWhen(context => context.Connection.RemoteIpAddress is not null, proxied => proxied.UseForwardedHeaders());
        return app;
    }

    private static InvalidOperationException Invalid(string setting, string text, string example) =>
        new($"{ReverseProxyOptions.Section}:{setting} has \"{text}\", which is not {example}.");
}
