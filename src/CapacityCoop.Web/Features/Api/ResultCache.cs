using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Caches expensive read results per query, keyed by the versions of the cache tags the result depends on
/// (<see cref="CacheTags"/>): triggers raise a tag's version whenever data under it changes, whoever changes it.
/// </summary>
public sealed class ResultCache(NpgsqlDataSource dataSource) : IDisposable
{
    public const int Capacity = 20_000;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public async Task<T> GetOrCreateAsync<T>(
        string kind, object key, IReadOnlyCollection<string> tags, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
    {
        var versions = await VersionsAsync(tags, cancellationToken);
        var cacheKey = $"{kind}:{JsonSerializer.Serialize(key, ApiResults.Json)}@{versions}";
        if (cache.TryGetValue(cacheKey, out T? cached) && cached is not null)
        {
            return cached;
        }

        var value = await compute(cancellationToken);
        cache.Set(cacheKey, value, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return value;
    }

    public void Dispose() => cache.Dispose();

    /// <summary>Through the cache when there is one (the app), straight to the database when not (query tests).</summary>
    public static Task<T> Through<T>(
        ResultCache? cache, string kind, object key, IReadOnlyCollection<string> tags, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken) =>
        cache is null ? compute(cancellationToken) : cache.GetOrCreateAsync(kind, key, tags, compute, cancellationToken);

    private async Task<string> VersionsAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT string_agg(tag || '=' || version, ',' ORDER BY tag) FROM cache_versions WHERE tag = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = tags.ToArray() });
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? "";
    }
}
