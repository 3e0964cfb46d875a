using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>A fresh seeded database plus the real app on it, shared by one test class.</summary>
public class ApiFixture : DatabaseFixture
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private PortalAppFactory? app;

    public PortalAppFactory App => app ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Settings for the app under test (e.g. low rate limits); override in a derived fixture.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        app = new PortalAppFactory(ConnectionString, settings: Settings);
    }

    public override async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    public HttpClient Client() => App.CreateClient();

    public override async Task ExecuteAsync(Func<Web.Data.PortalDbContext, Task> action)
    {
        await base.ExecuteAsync(action);
        await AppHasSeenTheDatabaseAsync();
    }

    public override async Task<int> ExecuteSqlAsync(string sql)
    {
        var rows = await base.ExecuteSqlAsync(sql);
        await AppHasSeenTheDatabaseAsync();
        return rows;
    }

    /// <summary>
    /// Waits until the app's cache versions include every change committed so far. A write behind the app's back
    /// reaches it by notification, in milliseconds (at worst within Cache:VersionMaxAgeMilliseconds), as a later
    /// request of a real client would see it; tests that write with SQL then read through HTTP wait for that.
    /// </summary>
    public async Task AppHasSeenTheDatabaseAsync()
    {
        var committed = await QueryAsync(db => db.CacheVersions.AsNoTracking().ToDictionaryAsync(v => v.Tag, v => v.Version));
        var versions = App.Services.GetRequiredService<TagVersions>();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var seen = await versions.CurrentAsync(CancellationToken.None);
            if (committed.All(v => seen.VersionOf(v.Key) >= v.Value))
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("The app did not see the committed cache versions within 10 s.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>A client that sends <paramref name="key"/> as a Bearer token.</summary>
    public HttpClient Client(string key)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates an API key with the given scopes in this fixture's database and returns the plain key.</summary>
    public Task<string> CreateKeyAsync(params string[] scopes) => QueryAsync(async db =>
        (await new CapacityCoop.Web.Infrastructure.Auth.ApiKeyService(db, TimeProvider.System)
            .CreateAsync($"tests-{string.Join("-", scopes)}", scopes, "tests")).Key);

    public async Task<T> GetJsonAsync<T>(string url)
    {
        var response = await Client().GetAsync(url);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {url} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }
}
