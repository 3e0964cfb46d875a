using System.Diagnostics;
using System.Globalization;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Data.Seed;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.DemoData;
using CapacityCoop.Web.Infrastructure.Auth;
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
        ["create-api-key"] = "create-api-key --name NAME [--scopes read,write]: create an API key and print it (once)",
        ["revoke-api-key"] = "revoke-api-key --id N: revoke an API key",
        ["list-api-keys"] = "list the API keys (never the keys themselves)",
        ["create-admin"] = "create-admin --email EMAIL: create an Admin account (or reset it) and print its new password (once)",
        ["ensure-admin"] = "ensure-admin --email EMAIL [--urls URL]: on a database without any Admin, create one and print how to sign in (once)",
        ["openapi"] = "openapi [--output FILE]: write the OpenAPI document (/swagger/v1/swagger.json) without a database or a server",
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Help.ContainsKey(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args[0] == "openapi")
        {
            // The document is built from the endpoints, so they are mapped here, and UseEndpoints hands them to the API
            // explorer as a started app would; the app never runs, so no database is touched.
            app.UseRouting();
            app.MapPortalApi();
            app.MapAuthApi();
            app.UseEndpoints(_ => { });
            var file = StringOption(args, "--output");
            await using var output = file is null ? Console.OpenStandardOutput() : File.Create(file);
            await OpenApiDocs.WriteDocumentAsync(app.Services, output);
            return 0;
        }

        return await RunAsync(app.Services, args, Console.Out, Console.Error);
    }

    /// <summary>Runs a command; the writers let tests read what it prints.</summary>
    internal static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return await RunCommandAsync(services, args, output);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or Npgsql.NpgsqlException)
        {
            await error.WriteLineAsync($"{args[0]} failed: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> RunCommandAsync(IServiceProvider rootServices, string[] args, TextWriter output)
    {
        await using var scope = rootServices.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var stopwatch = Stopwatch.StartNew();
        switch (args[0])
        {
            case "migrate":
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                break;
            case "seed":
                // Under the migration lock, like seeding on start: a seed run never overlaps another one.
                var loader = services.GetRequiredService<SeedLoader>();
                SeedResult? seeded = null;
                await services.GetRequiredService<DatabaseMigrator>().PrepareAsync(migrate: true, async () => seeded = await loader.LoadAsync(onlyIfEmpty: false));
                await output.WriteLineAsync(seeded!.ToString());
                break;
            case "generate-demo":
                // Demo rows need countries and sectors; on an empty database this loads the seed first.
                var seedLoader = services.GetRequiredService<SeedLoader>();
                await services.GetRequiredService<DatabaseMigrator>().PrepareAsync(migrate: true, () => seedLoader.LoadAsync(onlyIfEmpty: true));
                var options = new DemoDataOptions(
                    Agreements: IntOption(args, "--agreements", 1_000),
                    Projects: IntOption(args, "--projects", 3_000),
                    Seed: IntOption(args, "--seed", 42));
                // As the schema owner: it resets sequences and runs ANALYZE, which the app role may not (ADR-014).
                var generator = new DemoDataGenerator(services.GetRequiredService<OwnerDataSource>().DataSource);
                var result = await generator.GenerateAsync(options);
                await output.WriteLineAsync($"{result} in {stopwatch.Elapsed.TotalSeconds:0.0} s");
                break;
            case "script-model":
                await output.WriteLineAsync(services.GetRequiredService<PortalDbContext>().Database.GenerateCreateScript());
                break;
            case "create-api-key":
            case "revoke-api-key":
            case "list-api-keys":
                return await ApiKeyCommandAsync(services, args, output);
            case "create-admin":
                return await CreateAdminAsync(services, args, output);
            case "ensure-admin":
                return await EnsureAdminAsync(services, args, output);
        }

        return 0;
    }

    private static async Task<int> ApiKeyCommandAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        // Arguments are checked before the database is touched.
        var keys = services.GetRequiredService<ApiKeyService>();
        var migrator = services.GetRequiredService<DatabaseMigrator>();
        switch (args[0])
        {
            case "create-api-key":
                var name = StringOption(args, "--name") ?? throw new ArgumentException("--name NAME is required.");
                var scopes = ApiKeyService.ParseScopes(StringOption(args, "--scopes") ?? ApiKeyScopes.Read);
                await migrator.MigrateAsync();
                var created = await keys.CreateAsync(name, scopes, $"cli:{Environment.UserName}");
                await output.WriteLineAsync(
                    $"Created API key {created.Entity.Id} \"{created.Entity.Name}\" with scopes {string.Join(",", created.Entity.Scopes)}:");
                await output.WriteLineAsync(created.Key);
                await output.WriteLineAsync("Copy it now: only its hash is stored, so it will not be shown again.");
                return 0;
            case "revoke-api-key":
                var id = LongOption(args, "--id") ?? throw new ArgumentException("--id N is required.");
                await migrator.MigrateAsync();
                switch (await keys.RevokeAsync(id))
                {
                    case RevokeResult.Revoked:
                        await output.WriteLineAsync($"Revoked API key {id}.");
                        return 0;
                    case RevokeResult.AlreadyRevoked:
                        await output.WriteLineAsync($"API key {id} was already revoked.");
                        return 0;
                    default:
                        throw new ArgumentException($"There is no API key {id}.");
                }

            default:
                await migrator.MigrateAsync();
                await WriteKeyTableAsync(await keys.ListAsync(), output);
                return 0;
        }
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var email = StringOption(args, "--email")?.Trim() ?? throw new ArgumentException("--email EMAIL is required.");
        if (!StaffAccounts.IsValidEmail(email))
        {
            throw new ArgumentException($"'{email}' is not an email address.");
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var account = await services.GetRequiredService<StaffAccounts>().CreateOrResetAsync(email, PortalRoles.Admin);

        // Printed here only, never logged: the database holds just its hash.
        await output.WriteLineAsync(account.Created ? $"Created the Admin account {email}. Its password:" : $"Reset the Admin account {email}. Its new password:");
        await output.WriteLineAsync(account.Password);
        await output.WriteLineAsync("Copy it now: it will not be shown again. Change it after signing in (/Account/ChangePassword).");
        return 0;
    }

    /// <summary>
    /// What scripts/run.sh runs on every start: a fresh database gets its first Admin and the console says how to sign
    /// in; once any Admin exists it says so in one line and prints no password.
    /// </summary>
    private static async Task<int> EnsureAdminAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var email = StringOption(args, "--email")?.Trim() ?? throw new ArgumentException("--email EMAIL is required.");
        if (!StaffAccounts.IsValidEmail(email))
        {
            throw new ArgumentException($"'{email}' is not an email address.");
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var result = await services.GetRequiredService<StaffAccounts>().EnsureAdminAsync(email);
        if (result.Created is not { } account)
        {
            await output.WriteLineAsync(
                $"An Admin account exists ({result.ExistingAdmins}); to give one a new password: scripts/run.sh create-admin --email EMAIL");
            return 0;
        }

        // Printed here only, never logged: the database holds just its hash.
        await output.WriteLineAsync("No Admin account existed, so one was created. Sign in with:");
        await output.WriteLineAsync($"  address:  {SignInUrl(StringOption(args, "--urls"))}");
        await output.WriteLineAsync($"  email:    {account.User.Email}");
        await output.WriteLineAsync($"  password: {account.Password}");
        await output.WriteLineAsync("Copy the password now: it will not be shown again. Change it after signing in (/Account/ChangePassword).");
        return 0;
    }

    /// <summary>The sign-in page on the first address the app listens on (--urls may list several, separated by ';').</summary>
    private static string SignInUrl(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null)
        {
            return "/Account/Login";
        }

        // A wildcard host is where the app listens, not an address a browser can open.
        first = first.Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        return first.TrimEnd('/') + "/Account/Login";
    }

    private static async Task WriteKeyTableAsync(IReadOnlyList<ApiKey> keys, TextWriter output)
    {
        static string When(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "-";

        string[][] rows =
        [
            ["id", "name", "prefix", "scopes", "created", "last used", "revoked"],
            .. keys.Select(k => new[]
            {
                k.Id.ToString(CultureInfo.InvariantCulture), k.Name, k.Prefix, string.Join(",", k.Scopes),
                When(k.CreatedAt), When(k.LastUsedAt), When(k.RevokedAt),
            }),
        ];
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }

        if (keys.Count == 0)
        {
            await output.WriteLineAsync("(no API keys; create one with create-api-key --name NAME)");
        }
    }

    private static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return null;
        }

        if (index + 1 >= args.Length || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} needs a value.");
        }

        return args[index + 1];
    }

    private static long? LongOption(string[] args, string name) =>
        StringOption(args, name) is not { } text ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ArgumentException($"{name} needs a whole number.");

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
