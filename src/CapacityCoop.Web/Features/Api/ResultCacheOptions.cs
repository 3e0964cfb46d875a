namespace CapacityCoop.Web.Features.Api;

/// <summary>Settings of <see cref="ResultCache"/> and <see cref="TagVersions"/> (section "Cache"; ADR-010).</summary>
public sealed class ResultCacheOptions
{
    public const string Section = "Cache";

    /// <summary>
    /// The stated staleness bound: a request that starts this long after a write committed sees it, even when every
    /// notification was lost. One small read per instance per interval at most while the listener is down.
    /// </summary>
    public int VersionMaxAgeMilliseconds { get; set; } = 1000;

    /// <summary>
    /// Off where LISTEN is unavailable, e.g. behind a pooler in transaction mode (PgBouncer): the maximum age alone
    /// then bounds staleness, at one small read per interval.
    /// </summary>
    public bool ListenForChanges { get; set; } = true;

    /// <summary>Estimated bytes of cached results per instance; the least recently used are compacted beyond it.</summary>
    public long MaxBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>
    /// Cold computations running at once. Each holds one or more pooled connections and keeps PostgreSQL's cores busy;
    /// more than two per core only queue inside the database, holding connections and memory while they wait.
    /// </summary>
    public int MaxConcurrentComputations { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>How long a cold computation waits for a free slot before the request gets 503 with Retry-After.</summary>
    public int ComputationWaitMilliseconds { get; set; } = 2000;

    public TimeSpan VersionMaxAge => TimeSpan.FromMilliseconds(Math.Max(0, VersionMaxAgeMilliseconds));

    public TimeSpan ComputationWait => TimeSpan.FromMilliseconds(Math.Max(0, ComputationWaitMilliseconds));
}
