using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// This instance's copy of every cache tag's version (cache_versions: a few hundred rows), so a cached hit costs no
/// database round trip. The copy is re-read, by one query however many requests wait for it, when it is stale: after
/// a notification (<see cref="TagVersionListener"/>), after a write this instance handled, and once it is older than
/// <see cref="ResultCacheOptions.VersionMaxAge"/>, the bound that holds even when notifications are lost (ADR-010).
/// </summary>
public sealed class TagVersions(NpgsqlDataSource dataSource, IOptions<ResultCacheOptions> options, TimeProvider time)
{
    private readonly TimeSpan maxAge = options.Value.VersionMaxAge;
    private readonly Lock gate = new();
    private long invalidations;
    private Snapshot? current;
    private Refresh? refreshing;
    private long reads;
    private long notifications;
    private long listens;
    private int listening;

    /// <summary>The versions as one read saw them; a tag without a row has version 0.</summary>
    public sealed class Snapshot(FrozenDictionary<string, long> versions, long readStartedAt, long invalidations)
    {
        public IReadOnlyDictionary<string, long> Versions => versions;

        /// <summary>When the read began (<see cref="TimeProvider.GetTimestamp"/>): it saw every write committed before.</summary>
        internal long ReadStartedAt => readStartedAt;

        internal long Invalidations => invalidations;

        public long VersionOf(string tag) => versions.GetValueOrDefault(tag);
    }

    /// <summary>Reads of cache_versions so far: one per refresh, not one per request.</summary>
    public long Reads => Interlocked.Read(ref reads);

    public long Notifications => Interlocked.Read(ref notifications);

    /// <summary>How often the listener has (re)started listening.</summary>
    public long Listens => Interlocked.Read(ref listens);

    public bool Listening => Volatile.Read(ref listening) == 1;

    /// <summary>The next request re-reads the versions. Called once data may have changed.</summary>
    public void MarkStale() => Interlocked.Increment(ref invalidations);

    /// <summary>Versions that include every write committed before the last <see cref="MarkStale"/> and before <see cref="ResultCacheOptions.VersionMaxAge"/> ago.</summary>
    public Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        var stale = Interlocked.Read(ref invalidations);
        if (Volatile.Read(ref current) is { } snapshot && Covers(snapshot.ReadStartedAt, snapshot.Invalidations, now, stale))
        {
            return Task.FromResult(snapshot);
        }

        Refresh refresh;
        var mine = false;
        lock (gate)
        {
            // A read already under way serves this request only if it began late enough to see what it must.
            if (refreshing is { } running && Covers(running.StartedAt, running.Invalidations, now, stale))
            {
                refresh = running;
            }
            else
            {
                refresh = refreshing = new Refresh(Interlocked.Read(ref invalidations), time.GetTimestamp());
                mine = true;
            }
        }

        if (mine)
        {
            _ = ReadAsync(refresh);
        }

        return refresh.Completion.Task.WaitAsync(cancellationToken);
    }

    internal void OnListening()
    {
        Interlocked.Increment(ref listens);
        Volatile.Write(ref listening, 1);

        // Notifications sent while nobody listened are lost: whatever changed meanwhile is read afresh.
        MarkStale();
    }

    internal void OnListenerLost() => Volatile.Write(ref listening, 0);

    internal void OnNotification()
    {
        Interlocked.Increment(ref notifications);
        MarkStale();
    }

    private bool Covers(long startedAt, long invalidationsSeen, long now, long invalidationsNeeded) =>
        invalidationsSeen >= invalidationsNeeded && time.GetElapsedTime(startedAt, now) < maxAge;

    /// <summary>
    /// Shared by every request that waits for it, so it runs without any one request's token; a failure reaches
    /// them all (the database is down: requests fail as they would without a cache) and the next request reads again.
    /// </summary>
    private async Task ReadAsync(Refresh refresh)
    {
        try
        {
            Interlocked.Increment(ref reads);
            Dictionary<string, long> versions;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    versions = await ReadVersionsAsync();
                    break;
                }
                catch (NpgsqlException exception) when (attempt < 3 && Data.ConnectionFailures.ServerWentAway(exception))
                {
                    // After a server restart the pooled connections are dead: dropped here, the next try opens a live one.
                    dataSource.Clear();
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
                }
            }

            var snapshot = new Snapshot(versions.ToFrozenDictionary(StringComparer.Ordinal), refresh.StartedAt, refresh.Invalidations);
            lock (gate)
            {
                // Reads may overlap; a read that began earlier never replaces a later one.
                if (current is null || current.ReadStartedAt < snapshot.ReadStartedAt)
                {
                    Volatile.Write(ref current, snapshot);
                }
            }

            refresh.Completion.SetResult(snapshot);
        }
        catch (Exception exception)
        {
            refresh.Completion.SetException(exception);

            // Observed here, so a failed read whose waiters have all gone raises no UnobservedTaskException.
            _ = refresh.Completion.Task.Exception;
        }
        finally
        {
            lock (gate)
            {
                if (refreshing == refresh)
                {
                    refreshing = null;
                }
            }
        }
    }

    private async Task<Dictionary<string, long>> ReadVersionsAsync()
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT tag, version FROM cache_versions");
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    private sealed class Refresh(long invalidations, long startedAt)
    {
        public long Invalidations => invalidations;

        public long StartedAt => startedAt;

        public TaskCompletionSource<Snapshot> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
