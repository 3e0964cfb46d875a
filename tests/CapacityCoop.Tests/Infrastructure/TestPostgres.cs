using System.Collections.Concurrent;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use: scripts/test.sh starts a throwaway cluster and passes its admin
/// connection string in CAPACITYCOOP_TEST_ADMIN_CONNECTION. Databases are created and dropped over it.
/// </summary>
public static class TestPostgres
{
    public const string AdminConnectionVariable = "CAPACITYCOOP_TEST_ADMIN_CONNECTION";

    /// <summary>The least-privilege role the app under test connects as (ADR-014): data rights only.</summary>
    public const string AppRole = "capacitycoop_test_app";

    /// <summary>The role that owns the template's schema: no superuser, as a managed database would have it.</summary>
    public const string OwnerRole = "capacitycoop_test_owner";

    // Only for servers that ask for one (CAPACITYCOOP_TEST_ADMIN_CONNECTION elsewhere); scripts/test.sh's cluster trusts 127.0.0.1.
    private const string RolePassword = "capacitycoop-test";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();
    private static string? seededTemplate;
    private static Task? rolesOnServer;

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(AdminConnectionVariable)
        ?? throw new InvalidOperationException(
            $"{AdminConnectionVariable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL, " +
            "or point the variable at a server where the tests may create and drop databases.");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = true }.ConnectionString;

    /// <summary>The same database as <paramref name="connectionString"/>, reached as <paramref name="role"/> (default: the app role).</summary>
    public static string AsRole(string connectionString, string role = AppRole) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = RolePassword }.ConnectionString;

    /// <summary>Creates the app and owner roles when the server lacks them; roles are the server's, shared by every database.</summary>
    public static async Task EnsureRolesAsync(string? adminConnectionString = null)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString ?? AdminConnectionString);
        await admin.OpenAsync();
        foreach (var (role, rights) in new[] { (AppRole, ""), (OwnerRole, " CREATEDB") })
        {
            // Two test processes may create it at once: the loser's duplicate_object is the same outcome.
            await using var command = new NpgsqlCommand($"""
                DO $$ BEGIN
                    CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS{rights} PASSWORD '{RolePassword}';
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END $$
                """, admin);
            await command.ExecuteNonQueryAsync();
        }
    }

    public static string NewDatabaseName(string prefix) => $"cc_{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();

    /// <summary>Creates an empty database (optionally as a copy of a template) and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name, string? template = null)
    {
        // Every app under test connects as the app role (PortalAppFactory), on a copy of the template or not.
        await (rolesOnServer ??= EnsureRolesAsync());
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{(template is null ? "" : $" TEMPLATE \"{template}\"")}", admin);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    public static async Task DropDatabaseAsync(string name)
    {
        if (DataSources.TryRemove(ConnectionStringFor(name), out var dataSource))
        {
            await dataSource.DisposeAsync();
        }

        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A database migrated and seeded once per test run; test classes get fast copies of it.</summary>
    public static async Task<string> SeededTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (seededTemplate is not null)
            {
                return seededTemplate;
            }

            var name = NewDatabaseName("template");
            await (rolesOnServer ??= EnsureRolesAsync());
            await using (var admin = new NpgsqlConnection(AdminConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER {OwnerRole}", admin);
                await create.ExecuteNonQueryAsync();
            }

            // Migrated and seeded as the owner, which grants the app role its rights, as a deployment does (ADR-014).
            // No pooling: CREATE DATABASE ... TEMPLATE needs the template to have no open connections afterwards.
            var connectionString = new NpgsqlConnectionStringBuilder(AsRole(ConnectionStringFor(name), OwnerRole)) { Pooling = false }.ConnectionString;
            await using (var db = CreateContext(connectionString))
            {
                await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance, AppRole).MigrateAsync();
                await new SeedLoader(db, NullLogger<SeedLoader>.Instance).LoadAsync(onlyIfEmpty: false);
            }

            seededTemplate = name;
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public static PortalDbContext CreateContext(string connectionString)
    {
        var dataSource = DataSources.GetOrAdd(connectionString, cs => new NpgsqlDataSourceBuilder(cs).Build());
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigurePortalDb(options, dataSource);
        return new PortalDbContext(options.Options);
    }
}
