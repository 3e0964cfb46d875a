using System.Data.Common;
using CapacityCoop.Web.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Web.Data;

public static class PortalDataExtensions
{
    public const string ConnectionStringName = "Portal";

    /// <summary>The schema owner's connection (ADR-014); without it, migrations run over the app's own connection.</summary>
    public const string MigrationsConnectionStringName = "Migrations";

    /// <summary>The key of the scoped DbContext that connects as the schema owner.</summary>
    public const string OwnerKey = "owner";

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
        services.AddDbContextPool<PortalDbContext>((sp, options) => ConfigurePortalDb(options, sp.GetRequiredService<NpgsqlDataSource>(), database));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));

        var migrations = configuration.GetConnectionString(MigrationsConnectionStringName);
        var separateOwner = !string.IsNullOrWhiteSpace(migrations);
        services.AddSingleton(sp => separateOwner
            ? new OwnerDataSource(new NpgsqlDataSourceBuilder(migrations).Build(), owned: true)
            : new OwnerDataSource(sp.GetRequiredService<NpgsqlDataSource>(), owned: false));

        // Migrations hold a session lock on one connection and are retried as a whole at start-up, not per statement.
        services.AddKeyedScoped(OwnerKey, (sp, _) =>
        {
            var options = new DbContextOptionsBuilder<PortalDbContext>();
            ConfigurePortalDb(options, sp.GetRequiredService<OwnerDataSource>().DataSource, retryOnFailure: false);
            return new PortalDbContext(options.Options);
        });
        var appRole = separateOwner ? AppRoleToGrant(connectionString, migrations!) : null;
        services.AddScoped(sp => new DatabaseMigrator(
            sp.GetRequiredKeyedService<PortalDbContext>(OwnerKey), sp.GetRequiredService<ILogger<DatabaseMigrator>>(), appRole));
        services.AddScoped(sp => new SeedLoader(sp.GetRequiredKeyedService<PortalDbContext>(OwnerKey), sp.GetRequiredService<ILogger<SeedLoader>>()));
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

    /// <summary>
    /// The role the migrator grants the app's rights to: the app's user, when it differs from the owner's. With one
    /// connection for both (the setup before ADR-014) nothing is granted.
    /// </summary>
    public static string? AppRoleToGrant(string portal, string migrations)
    {
        var app = new NpgsqlConnectionStringBuilder(portal).Username;
        var owner = new NpgsqlConnectionStringBuilder(migrations).Username;
        return string.IsNullOrEmpty(app) || app == owner ? null : app;
    }

    /// <summary>
    /// The one place the DbContext options are built; tests and commands use it too. Queries and saves are retried on
    /// transient failures (a database restart) as <paramref name="database"/> says; explicit transactions go through
    /// <see cref="RetriedTransactions"/>, which the retrying strategy requires.
    /// </summary>
    public static DbContextOptionsBuilder ConfigurePortalDb(
        DbContextOptionsBuilder options, NpgsqlDataSource dataSource, DatabaseOptions? database = null, bool retryOnFailure = true) =>
        options.UseNpgsql(dataSource, npgsql =>
        {
            npgsql.MigrationsHistoryTable(DatabaseMigrator.HistoryTable).UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery);
            if (retryOnFailure)
            {
                var retries = database ?? new DatabaseOptions();
                npgsql.ExecutionStrategy(dependencies => new PortalExecutionStrategy(dependencies, dataSource, retries));
            }
        });

    /// <summary>
    /// Applies migrations and loads the seed records when configured (both on by default in Development). A database
    /// that is not up yet (the host started before PostgreSQL, as compose or a reboot may do) is tried again with
    /// backoff for Database:StartupRetrySeconds, each failed attempt logged.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!options.MigrateOnStartup && !options.SeedOnStartup)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalDataExtensions));
        var giveUpAt = TimeSpan.FromSeconds(Math.Max(0, options.StartupRetrySeconds));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PrepareOnceAsync(app.Services, options, app.Lifetime.ApplicationStopping);
                return;
            }
            catch (Exception exception) when (IsTransient(exception) && waited.Elapsed + delay < giveUpAt)
            {
                logger.LogWarning(
                    "The database is not reachable yet (attempt {Attempt}: {Reason}); trying again in {DelaySeconds} s",
                    attempt, exception.GetBaseException().Message, delay.TotalSeconds);
                await Task.Delay(delay, app.Lifetime.ApplicationStopping);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    /// <summary>A failure that may pass by itself: the server refusing connections, starting up or shutting down.</summary>
    public static bool IsTransient(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    private static async Task PrepareOnceAsync(IServiceProvider services, DatabaseOptions options, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<SeedLoader>();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().PrepareAsync(
            options.MigrateOnStartup,
            options.SeedOnStartup ? () => seeder.LoadAsync(onlyIfEmpty: true, cancellationToken: cancellationToken) : null,
            cancellationToken);
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

    /// <summary>
    /// How often a query, a save or a transaction is tried again after a transient failure (the server restarting, a
    /// dropped connection). EF's backoff waits about 0, 1, 3, then MaxRetryDelaySeconds between tries.
    /// </summary>
    public int RetryCount { get; set; } = 5;

    public int MaxRetryDelaySeconds { get; set; } = 5;

    /// <summary>How long start-up keeps trying to reach the database for migrations and seed before it gives up.</summary>
    public int StartupRetrySeconds { get; set; } = 60;
}

/// <summary>Where migrations, seed and maintenance commands connect: the schema owner (ADR-014).</summary>
public sealed class OwnerDataSource(NpgsqlDataSource dataSource, bool owned) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource => dataSource;

    public ValueTask DisposeAsync() => owned ? dataSource.DisposeAsync() : ValueTask.CompletedTask;
}
