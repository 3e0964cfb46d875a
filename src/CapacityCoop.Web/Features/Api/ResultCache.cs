using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Caches expensive read results per query, keyed by the versions of the cache tags the result depends on
/// (<see cref="CacheTags"/>): triggers raise a tag's version whenever data under it changes, whoever changes it.
/// The versions come from memory (<see cref="TagVersions"/>), so a hit costs no query; concurrent misses of one key
/// share one computation; the cache is bounded in estimated bytes; cold computations are capped (ADR-010).
/// </summary>
public sealed class ResultCache : IDisposable
{
    private static readonly AsyncLocal<bool> InsideComputation = new();
    private static readonly AsyncLocal<bool> Bypassed = new();

    private readonly TagVersions versions;
    private readonly MemoryCache cache;
    private readonly long maxBytes;
    private readonly SemaphoreSlim slots;
    private readonly TimeSpan slotWait;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Flight> flights = new(StringComparer.Ordinal);
    private long hits;
    private long misses;
    private long computations;
    private long failures;
    private long rejections;
    private long bypasses;

    public ResultCache(TagVersions versions, IOptions<ResultCacheOptions> options)
    {
        var settings = options.Value;
        this.versions = versions;
        maxBytes = Math.Max(1, settings.MaxBytes);
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxBytes, TrackStatistics = true });
        slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrentComputations));
        slotWait = settings.ComputationWait;
    }

    /// <summary>Counters since start; the listener's and the version reads' come from <see cref="TagVersions"/>.</summary>
    public sealed record Statistics(
        long Hits,
        long Misses,
        long Computations,
        long Failures,
        long Rejections,
        long Bypasses,
        long Entries,
        long Bytes,
        long MaxBytes,
        long VersionReads,
        long Notifications,
        long Listens,
        bool Listening);

    public Statistics Current => new(
        Interlocked.Read(ref hits),
        Interlocked.Read(ref misses),
        Interlocked.Read(ref computations),
        Interlocked.Read(ref failures),
        Interlocked.Read(ref rejections),
        Interlocked.Read(ref bypasses),
        cache.Count,
        cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0,
        maxBytes,
        versions.Reads,
        versions.Notifications,
        versions.Listens,
        versions.Listening);

    public async Task<T> GetOrCreateAsync<T>(
        string kind, object key, IReadOnlyCollection<string> tags, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
    {
        if (Bypassed.Value)
        {
            Interlocked.Increment(ref bypasses);
            return await compute(cancellationToken);
        }

        // Versions first, computation after: a write that commits meanwhile leaves the result under the old versions,
        // where nobody looks for it once the versions are re-read.
        var snapshot = await versions.CurrentAsync(cancellationToken);
        var cacheKey = $"{kind}:{JsonSerializer.Serialize(key, ApiResults.Json)}@{string.Join(',', tags.Select(snapshot.VersionOf))}";
        if (cache.TryGetValue(cacheKey, out var stored) && stored is Stored<T> hit)
        {
            Interlocked.Increment(ref hits);
            return hit.Value;
        }

        Interlocked.Increment(ref misses);
        var computed = await JoinAsync(cacheKey, async ct => new Stored<T>(await compute(ct)), cancellationToken);
        return ((Stored<T>)computed).Value;
    }

    /// <summary>
    /// For the rest of a request that writes (<see cref="ResultCacheSetup.UseResultCacheWriteTracking"/>), reads go
    /// straight to the database: they must see the request's own writes, committed or not, and the latest committed
    /// state (an If-Match check), and what they read inside a transaction may yet roll back, so nobody else may get it.
    /// </summary>
    internal static void BypassForThisRequest() => Bypassed.Value = true;

    public void Dispose()
    {
        cache.Dispose();
        slots.Dispose();
    }

    /// <summary>Through the cache when there is one (the app), straight to the database when not (query tests).</summary>
    public static Task<T> Through<T>(
        ResultCache? cache, string kind, object key, IReadOnlyCollection<string> tags, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken) =>
        cache is null ? compute(cancellationToken) : cache.GetOrCreateAsync(kind, key, tags, compute, cancellationToken);

    /// <summary>
    /// Every request that misses the same key waits for the one computation under way. The first requester's closure
    /// computes, and it borrows that request's DbContext: so that requester stays until the computation ends even
    /// when it is cancelled (its scope must not be disposed under the computation), while the others leave at once.
    /// The computation is cancelled only when every waiter has gone.
    /// </summary>
    private async Task<Stored> JoinAsync(string cacheKey, Func<CancellationToken, Task<Stored>> compute, CancellationToken cancellationToken)
    {
        Flight flight;
        var owner = false;
        lock (gate)
        {
            if (!flights.TryGetValue(cacheKey, out flight!))
            {
                flight = flights[cacheKey] = new Flight();
                owner = true;
            }

            flight.Waiters++;
        }

        if (owner)
        {
            _ = RunAsync(cacheKey, flight, compute);
        }

        try
        {
            return await flight.Completion.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !flight.Completion.Task.IsCompleted)
        {
            Leave(cacheKey, flight);
            if (owner)
            {
                await ((Task)flight.Completion.Task).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            throw;
        }
    }

    private void Leave(string cacheKey, Flight flight)
    {
        bool abandon;
        lock (gate)
        {
            abandon = --flight.Waiters == 0 && !flight.Finished;
            if (abandon)
            {
                // Later requests for the key start afresh rather than join a computation being cancelled.
                flights.Remove(cacheKey);
            }
        }

        if (abandon)
        {
            flight.Cancellation.Cancel();
        }
    }

    private async Task RunAsync(string cacheKey, Flight flight, Func<CancellationToken, Task<Stored>> compute)
    {
        var token = flight.Cancellation.Token;
        try
        {
            var value = await ComputeWithinCapAsync(compute, token);
            Store(cacheKey, value);
            Finish(cacheKey, flight);
            flight.Completion.SetResult(value);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Finish(cacheKey, flight);
            flight.Completion.SetCanceled(token);
        }
        catch (Exception exception)
        {
            // Not cached: the waiters get the exception, the next request computes again.
            Interlocked.Increment(ref failures);
            Finish(cacheKey, flight);
            flight.Completion.SetException(exception);
            _ = flight.Completion.Task.Exception;
        }
    }

    /// <summary>
    /// Takes the flight off the table before its waiters are released, so that a request made once they have their
    /// answer starts afresh instead of joining a finished (possibly failed) computation.
    /// </summary>
    private void Finish(string cacheKey, Flight flight)
    {
        lock (gate)
        {
            flight.Finished = true;
            if (flights.TryGetValue(cacheKey, out var registered) && registered == flight)
            {
                flights.Remove(cacheKey);
            }
        }
    }

    private async Task<Stored> ComputeWithinCapAsync(Func<CancellationToken, Task<Stored>> compute, CancellationToken cancellationToken)
    {
        // A computation that reads another cached result already holds a slot; waiting for a second could deadlock.
        if (InsideComputation.Value)
        {
            Interlocked.Increment(ref computations);
            return await compute(cancellationToken);
        }

        if (!await slots.WaitAsync(slotWait, cancellationToken))
        {
            Interlocked.Increment(ref rejections);
            throw new ReadCapacityExceededException(slotWait);
        }

        try
        {
            InsideComputation.Value = true;
            Interlocked.Increment(ref computations);
            return await compute(cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private void Store(string cacheKey, Stored value)
    {
        var size = value.EstimatedBytes(cacheKey);
        if (size > maxBytes)
        {
            return;
        }

        // MemoryCache refuses an entry that does not fit and compacts only above 95 % of the limit, so a large result
        // could be refused again and again: make room for it first, least recently used out first.
        if (cache.GetCurrentStatistics()?.CurrentEstimatedSize is { } used && used + size > maxBytes)
        {
            cache.Compact(Math.Min(1, (used + size - (maxBytes * 0.9)) / used));
        }

        cache.Set(cacheKey, value, new MemoryCacheEntryOptions
        {
            Size = size,
            SlidingExpiration = TimeSpan.FromMinutes(10),

            // Versions decide freshness; the absolute expiry only limits the harm of a tag a query forgot to declare.
            AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1),
        });
    }

    private sealed class Flight
    {
        public CancellationTokenSource Cancellation { get; } = new();

        public TaskCompletionSource<Stored> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Waiters { get; set; }

        public bool Finished { get; set; }
    }

    /// <summary>Wraps every cached value, so a null result (no such record) is a hit too.</summary>
    private abstract class Stored
    {
        /// <summary>The cache entry, its options and the key string's header: a few hundred bytes whatever the result.</summary>
        private const long EntryOverheadBytes = 256;

        /// <summary>
        /// Two and a half times the UTF-8 length of the result's JSON, plus the key: results are records of strings and
        /// numbers whose objects (UTF-16 strings, headers, references) measured 1.7–2.4 times their JSON (lists and
        /// details of agreements and projects). Measured once per computation, which costs a hundred times more; the
        /// JSON is counted as it is written, never kept.
        /// </summary>
        public long EstimatedBytes(string cacheKey)
        {
            using var counter = new CountingStream();
            Serialize(counter);
            return (counter.Length * 5 / 2) + (2L * cacheKey.Length) + EntryOverheadBytes;
        }

        protected abstract void Serialize(Stream stream);
    }

    private sealed class Stored<T>(T value) : Stored
    {
        public T Value => value;

        protected override void Serialize(Stream stream) => JsonSerializer.Serialize(stream, value, ApiResults.Json);
    }

    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
