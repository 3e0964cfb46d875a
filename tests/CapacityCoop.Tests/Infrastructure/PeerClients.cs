using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CapacityCoop.Tests.Infrastructure;

public static class PeerClients
{
    /// <summary>
    /// A client whose requests arrive from <paramref name="peerAddress"/>, as the TCP peer a real server would see. The
    /// in-memory test server leaves the peer address empty, which on its own would put every test client in one rate-limit
    /// bucket and would make the forwarded-headers middleware believe any X-Forwarded-For (it trusts the first hop when
    /// the peer is unknown).
    /// </summary>
    public static HttpClient ClientFrom(this PortalAppFactory app, string? peerAddress, string? forwardedFor = null, string? forwardedProto = null)
    {
        var peer = peerAddress is null ? null : IPAddress.Parse(peerAddress);
        var client = new HttpClient(app.Server.CreateHandler(context => context.Connection.RemoteIpAddress = peer)) { BaseAddress = app.Server.BaseAddress };
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        }

        return client;
    }

    /// <summary>A member of staff's browser (cookies kept, redirects not followed) at <paramref name="peerAddress"/>.</summary>
    public static StaffSession StaffFrom(this PortalAppFactory app, string peerAddress, string email)
    {
        var peer = IPAddress.Parse(peerAddress);
        var handler = new CookieContainerHandler { InnerHandler = app.Server.CreateHandler(context => context.Connection.RemoteIpAddress = peer) };
        return new StaffSession(new HttpClient(handler) { BaseAddress = app.Server.BaseAddress }, email);
    }
}
