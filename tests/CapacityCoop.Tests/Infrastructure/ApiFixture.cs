using System.Net.Http.Json;
using System.Text.Json;

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
