using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>
/// The real app (the whole HTTP pipeline) on a test database, connected as the least-privilege app role with
/// <paramref name="connectionString"/> (the admin's) as its migration connection, as a deployment runs (ADR-014):
/// every test through the app shows the app role's rights are enough.
/// </summary>
public sealed class PortalAppFactory(
    string connectionString,
    bool prepareDatabase = false,
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Outside Development the host only looks in wwwroot, where the build's precompressed copies (site.css.gz)
        // are not: browsers asking for gzip would get an empty body. The manifest maps them to obj/, as in development.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Portal", TestPostgres.AsRole(connectionString));
        builder.UseSetting("ConnectionStrings:Migrations", connectionString);
        builder.UseSetting("Database:MigrateOnStartup", prepareDatabase.ToString());
        builder.UseSetting("Database:SeedOnStartup", prepareDatabase.ToString());

        // Every in-memory test client signs in from the same (unknown) address; tests of the sign-in limit set their own.
        builder.UseSetting("RateLimiting:SignInPermitsPerMinute", "10000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
