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

        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddDbContextPool<PortalDbContext>((sp, options) => ConfigurePortalDb(options, sp.GetRequiredService<NpgsqlDataSource>()));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<SeedLoader>();
        return services;
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
        if (options.MigrateOnStartup)
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        }

        if (options.SeedOnStartup)
        {
            await scope.ServiceProvider.GetRequiredService<SeedLoader>().LoadAsync(onlyIfEmpty: true);
        }
    }
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public bool MigrateOnStartup { get; set; }

    /// <summary>Loads the seed records on start-up when the database holds no agreements yet.</summary>
    public bool SeedOnStartup { get; set; }
}
