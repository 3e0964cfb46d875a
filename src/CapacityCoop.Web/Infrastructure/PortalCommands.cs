using System.Diagnostics;
using System.Globalization;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Data.Seed;
using CapacityCoop.Web.Features.DemoData;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Infrastructure;

/// <summary>
/// Maintenance commands run through the web project, so they share its configuration and DbContext:
/// <c>dotnet run --project src/CapacityCoop.Web -- migrate</c>.
/// </summary>
public static class PortalCommands
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["migrate"] = "apply pending migrations",
        ["seed"] = "load the seed records (idempotent)",
        ["generate-demo"] = "generate-demo --agreements N --projects M [--seed S]: bulk-load deterministic demo data",
        ["script-model"] = "print the SQL that creates the schema the EF model expects",
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Help.ContainsKey(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            return await RunCommandAsync(app, args);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or Npgsql.NpgsqlException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> RunCommandAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var stopwatch = Stopwatch.StartNew();
        switch (args[0])
        {
            case "migrate":
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                break;
            case "seed":
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                var seeded = await services.GetRequiredService<SeedLoader>().LoadAsync(onlyIfEmpty: false);
                Console.WriteLine(seeded);
                break;
            case "generate-demo":
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

                // Demo rows need countries and sectors; on an empty database this loads the seed first.
                await services.GetRequiredService<SeedLoader>().LoadAsync(onlyIfEmpty: true);
                var options = new DemoDataOptions(
                    Agreements: IntOption(args, "--agreements", 1_000),
                    Projects: IntOption(args, "--projects", 3_000),
                    Seed: IntOption(args, "--seed", 42));
                var generator = new DemoDataGenerator(services.GetRequiredService<Npgsql.NpgsqlDataSource>());
                var result = await generator.GenerateAsync(options);
                Console.WriteLine($"{result} in {stopwatch.Elapsed.TotalSeconds:0.0} s");
                break;
            case "script-model":
                Console.WriteLine(services.GetRequiredService<PortalDbContext>().Database.GenerateCreateScript());
                break;
        }

        return 0;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return fallback;
        }

        if (index + 1 >= args.Length || !int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"{name} needs a non-negative whole number.");
        }

        return value;
    }
}
