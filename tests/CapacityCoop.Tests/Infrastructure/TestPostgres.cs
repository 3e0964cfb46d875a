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

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();
    private static string? seededTemplate;

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(AdminConnectionVariable)
        ?? throw new InvalidOperationException(
            $"{AdminConnectionVariable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL, " +
            "or point the variable at a server where the tests may create and drop databases.");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = true }.ConnectionString;

    public static string NewDatabaseName(string prefix) => $"cc_{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();

    /// <summary>Creates an empty database (optionally as a copy of a template) and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name, string? template = null)
    {
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
            await CreateDatabaseAsync(name);

            // No pooling: CREATE DATABASE ... TEMPLATE needs the template to have no open connections afterwards.
            var connectionString = new NpgsqlConnectionStringBuilder(ConnectionStringFor(name)) { Pooling = false }.ConnectionString;
            await using (var db = CreateContext(connectionString))
            {
                await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
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
