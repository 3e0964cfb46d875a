using System.Text.Json;
using CapacityCoop.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Web.Infrastructure;

public static class HealthChecks
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReachableHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<SchemaCurrentHealthCheck>("schema", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapPortalHealthChecks(this WebApplication app)
    {
        // Liveness runs no checks: the process answers, so it is alive.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson });
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

/// <summary>
/// The database answers. Straight over the data source, not through EF: requests retry through a restart
/// (ADR-014), but readiness must say "not ready" at once, so a load balancer sends traffic elsewhere meanwhile.
/// </summary>
internal sealed class DatabaseReachableHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("reachable");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("cannot reach the database", exception);
        }
    }
}

/// <summary>Ready only when every migration in this build has been applied; read once over the app's connection, not retried.</summary>
internal sealed class SchemaCurrentHealthCheck(NpgsqlDataSource dataSource, PortalDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{DatabaseMigrator.HistoryTable}') IS NOT NULL", connection))
            {
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                {
                    await using var read = new NpgsqlCommand($"SELECT \"MigrationId\" FROM {DatabaseMigrator.HistoryTable}", connection);
                    await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        applied.Add(reader.GetString(0));
                    }
                }
            }

            var pending = db.Database.GetMigrations().Count(m => !applied.Contains(m));
            return pending == 0
                ? HealthCheckResult.Healthy("schema current")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) pending");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("cannot read the migration history", exception);
        }
    }
}
