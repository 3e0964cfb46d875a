using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>The real app (the whole HTTP pipeline) on a test database.</summary>
public sealed class PortalAppFactory(string connectionString, bool prepareDatabase = false) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", connectionString);
        builder.UseSetting("Database:MigrateOnStartup", prepareDatabase.ToString());
        builder.UseSetting("Database:SeedOnStartup", prepareDatabase.ToString());
    }
}
