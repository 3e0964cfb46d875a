using Microsoft.Extensions.Options;
using Npgsql;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Holds one connection that listens on <see cref="Channel"/>, where the triggers announce raised tag versions at
/// commit (20261204120000_ReadPath.sql), and marks this instance's versions stale on each notification. A broken
/// connection is reopened with backoff; meanwhile the versions' maximum age keeps the staleness bound (ADR-010).
/// </summary>
public sealed class TagVersionListener(
    NpgsqlDataSource dataSource, TagVersions versions, IOptions<ResultCacheOptions> options, ILogger<TagVersionListener> logger) : BackgroundService
{
    public const string Channel = "capacitycoop_versions";

    /// <summary>The listening connection's application_name in pg_stat_activity.</summary>
    public const string ApplicationName = "capacitycoop-version-listener";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>An idle connection is checked this often, so one that died silently is noticed and replaced.</summary>
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ListenForChanges)
        {
            return;
        }

        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            var listensBefore = versions.Listens;
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                versions.OnListenerLost();

                // A connection that worked for a while is retried soon; one that keeps failing ever more slowly.
                retry = versions.Listens > listensBefore ? FirstRetry : TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, retry.Ticks * 2));
                logger.LogWarning(exception, "Lost the connection listening for cache version changes; reconnecting in {RetrySeconds} s", retry.TotalSeconds);
            }

            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, _) => versions.OnNotification();
        await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        versions.OnListening();
        while (true)
        {
            if (!await connection.WaitAsync(IdleCheck, cancellationToken))
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
