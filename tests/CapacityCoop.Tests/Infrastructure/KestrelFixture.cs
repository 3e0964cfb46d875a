using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (a real port) over a copy of the seeded test database, for what only the real server does:
/// its request-line and header limits, and the Host header exactly as a client sent it. The in-memory test server
/// applies neither.
/// </summary>
public class KestrelFixture : DatabaseFixture
{
    private PortalAppFactory? app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Configuration the app starts with, beside the test database (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        app = new PortalAppFactory(ConnectionString, settings: Settings);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    public override async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>A plain HttpClient to the server: no cookies, no redirects followed (so tests see them).</summary>
    public HttpClient Client() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
}
