using System.Text.Json;
using CapacityCoop.Web.Domain;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Caches expensive read results (pages of results, facet counts, statistics) per query, keyed by the database's
/// data version: triggers raise it on every change to a record table, whoever makes the change, so a cached result
/// is never served after the data it was computed from has changed. Reading the version costs one indexed lookup;
/// several app instances share it through the database, each with its own memory.
/// </summary>
public sealed class ResultCache(NpgsqlDataSource dataSource) : IDisposable
{
    /// <summary>How many results are kept (each counts as one, whatever its size).</summary>
    public const int Capacity = 20_000;

    // Its own cache, so its size limit binds nothing else that uses IMemoryCache.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public async Task<T> GetOrCreateAsync<T>(string kind, object key, Func<Task<T>> compute, CancellationToken cancellationToken)
    {
        var version = await CurrentVersionAsync(cancellationToken);
        var cacheKey = $"{kind}:{JsonSerializer.Serialize(key, ApiResults.Json)}@{version}";
        if (cache.TryGetValue(cacheKey, out T? cached) && cached is not null)
        {
            return cached;
        }

        var value = await compute();
        cache.Set(cacheKey, value, new MemoryCacheEntryOptions
        {
            Size = 1,
            SlidingExpiration = TimeSpan.FromMinutes(10),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1),
        });
        return value;
    }

    public void Dispose() => cache.Dispose();

    /// <summary>Through the cache when there is one (the app), straight to the database when not (query tests).</summary>
    public static Task<T> Through<T>(ResultCache? cache, string kind, object key, Func<Task<T>> compute, CancellationToken cancellationToken) =>
        cache is null ? compute() : cache.GetOrCreateAsync(kind, key, compute, cancellationToken);

    private async Task<long> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM data_versions WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = DataVersion.Records });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : -1;
    }
}
