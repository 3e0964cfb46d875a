using System.Data.Common;
using CapacityCoop.Web.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Web.Data;

public static class PortalDataExtensions
{
    public const string ConnectionStringName = "Portal";

    public static IServiceCollection AddPortalData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No connection string 'ConnectionStrings:{ConnectionStringName}' is configured. " +
                "Start the portal with scripts/run.sh (it starts a local PostgreSQL), or set ConnectionStrings__Portal.");
        }

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var budgeted = WithConnectionBudget(connectionString, database);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(budgeted).Build());
        services.AddDbContextPool<PortalDbContext>((sp, options) => ConfigurePortalDb(options, sp.GetRequiredService<NpgsqlDataSource>()));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<SeedLoader>();
        return services;
    }

    /// <summary>
    /// The pool size and connection timeout from <see cref="DatabaseOptions"/>, unless the connection string sets them
    /// itself (an operator who wrote a value meant it). See DatabaseOptions.MaxPoolSize for the budget rule.
    /// </summary>
    public static string WithConnectionBudget(string connectionString, DatabaseOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // Npgsql's builder answers every property, set or not; its canonical string holds only the keys that were given
        // (under their canonical names, whichever synonym was written).
        var given = new DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };
        if (!given.ContainsKey("Maximum Pool Size"))
        {
            // Npgsql refuses a maximum under the minimum; a minimum someone wrote down is the stronger wish.
            builder.MaxPoolSize = Math.Max(options.MaxPoolSize, builder.MinPoolSize);
        }

        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = options.ConnectionTimeoutSeconds;
        }

        return builder.ConnectionString;
    }

    /// <summary>The one place the DbContext options are built; tests and commands use it too.</summary>
    public static DbContextOptionsBuilder ConfigurePortalDb(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql
            .MigrationsHistoryTable(DatabaseMigrator.HistoryTable)
            .UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));

    /// <summary>Applies migrations and loads the seed records when configured (both on by default in Development).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!options.MigrateOnStartup && !options.SeedOnStartup)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<SeedLoader>();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().PrepareAsync(
            options.MigrateOnStartup,
            options.SeedOnStartup ? () => seeder.LoadAsync(onlyIfEmpty: true) : null);
    }
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public bool MigrateOnStartup { get; set; }

    /// <summary>Loads the seed records on start-up when the database holds no agreements yet.</summary>
    public bool SeedOnStartup { get; set; }

    /// <summary>
    /// Connections one instance may hold (when the connection string has no Maximum Pool Size). The budget rule:
    /// instances × MaxPoolSize + a margin for migrations, psql and maintenance ≤ the server's max_connections. With
    /// scripts/lib/postgresql.portal.conf's max_connections = 200, four instances at 40 leave 40 spare. Npgsql's own
    /// default (100) would let two instances exhaust the server.
    /// </summary>
    public int MaxPoolSize { get; set; } = 40;

    /// <summary>
    /// Seconds opening a connection may wait, for a free slot in an exhausted pool or for the server (when the
    /// connection string has no Timeout). Npgsql waits 15 s by default; a request that cannot get a connection within
    /// 5 s is better answered with an error the client can retry than held while the queue behind it grows.
    /// </summary>
    public int ConnectionTimeoutSeconds { get; set; } = 5;
}
