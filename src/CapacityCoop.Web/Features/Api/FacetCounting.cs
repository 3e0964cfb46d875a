using CapacityCoop.Web.Data;

namespace CapacityCoop.Web.Features.Api;

/// <summary>A search filter the facet table can count (ADR-010): agreements' and projects'.</summary>
public interface IFacetFilter<TFilter>
    where TFilter : class
{
    /// <summary>The filter as conditions on the facet dimensions, and the rest that only the records can answer.</summary>
    FacetFilter<TFilter> ForFacets();
}

/// <summary>A query class whose search the facet table counts.</summary>
public interface IFacetedQuery<TFilter>
    where TFilter : class, IFacetFilter<TFilter>
{
    /// <summary><see cref="Domain.RecordFacet.Agreement"/> or <see cref="Domain.RecordFacet.Project"/>.</summary>
    string RecordType { get; }

    PortalDbContext Db { get; }

    /// <summary>The ids of the live records matching <paramref name="rest"/> (full text, odd ranges).</summary>
    IQueryable<long> IdsMatching(TFilter rest);
}

/// <summary>One facet of a search: its dimension, the search's filter without it, and whether the search filters on it.</summary>
public sealed record FacetDimension<TFilter>(string Name, TFilter Reduced, bool Filtered);

/// <summary>
/// Counts a search's facets (each over the filter without its own dimension) and its results, from the facet table
/// when it can answer and from the matching records' keys when not; the agreement and project searches share it.
/// </summary>
public static class FacetCounting
{
    /// <summary>Per dimension, each value with how many records of the search have it (values no record has are left out).</summary>
    public static async Task<IReadOnlyDictionary<string, List<(string Value, int Count)>>> FacetsAsync<TQuery, TFilter>(
        TQuery query, IServiceScopeFactory? scopes, TFilter filter, IReadOnlyList<FacetDimension<TFilter>> dimensions, CancellationToken cancellationToken)
        where TQuery : class, IFacetedQuery<TFilter>
        where TFilter : class, IFacetFilter<TFilter>
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, List<(string Value, int Count)>>();
        if (filter.ForFacets().InTable)
        {
            // At most one condition: every facet is a read of the facet table, well under a millisecond each, so they
            // run one after another on one connection.
            foreach (var dimension in dimensions)
            {
                counts[dimension.Name] = await FacetAsync(query, dimension.Name, dimension.Reduced, cancellationToken);
            }

            return counts;
        }

        // The facets whose dimension is not filtered all count the plain filter: one scan of the matching records'
        // keys serves them together; each filtered dimension needs a scan of its own. They run at once, each on its own
        // connection.
        var unfiltered = dimensions.Where(d => !d.Filtered).Select(d => d.Name).ToHashSet();
        var work = dimensions.Where(d => d.Filtered)
            .Select(d => (Func<TQuery, Task>)(async q => counts[d.Name] = await FacetAsync(q, d.Name, d.Reduced, cancellationToken)))
            .Append(async q =>
            {
                foreach (var key in await ScanAsync(q, filter.ForFacets(), dimension: null, cancellationToken))
                {
                    if (unfiltered.Contains(key.Dimension))
                    {
                        counts.GetOrAdd(key.Dimension, _ => []).Add((key.Value, key.Count));
                    }
                }
            });
        await QueryParallelism.RunAsync(query, scopes, cancellationToken, [.. work]);
        return counts;
    }

    /// <summary>How many records the search finds: from the facet table, else their keys, else <paramref name="countRecords"/> (full text ...).</summary>
    public static async Task<int> CountAsync<TFilter>(
        IFacetedQuery<TFilter> query, TFilter filter, string everyRecordHasOne, Func<Task<int>> countRecords, CancellationToken cancellationToken)
        where TFilter : class, IFacetFilter<TFilter>
    {
        var split = filter.ForFacets();
        return split.Rest is not null ? await countRecords()
            : FacetTable.CanCount(split.Conditions) ? await FacetTable.CountAsync(query.Db, query.RecordType, split.Conditions, everyRecordHasOne, cancellationToken)
            : await FacetTable.ScanCountAsync(query.Db, query.RecordType, split.Conditions, cancellationToken);
    }

    private static async Task<List<(string Value, int Count)>> FacetAsync<TFilter>(
        IFacetedQuery<TFilter> query, string dimension, TFilter reduced, CancellationToken cancellationToken)
        where TFilter : class, IFacetFilter<TFilter>
    {
        var split = reduced.ForFacets();
        if (split.InTable)
        {
            return (await FacetTable.FacetAsync(query.Db, query.RecordType, split.Conditions, dimension, cancellationToken))
                .Select(t => (t.Value, t.Records)).ToList();
        }

        return (await ScanAsync(query, split, dimension, cancellationToken)).Select(k => (k.Value, k.Count)).ToList();
    }

    private static Task<List<(string Dimension, string Value, int Count)>> ScanAsync<TFilter>(
        IFacetedQuery<TFilter> query, FacetFilter<TFilter> split, string? dimension, CancellationToken cancellationToken)
        where TFilter : class, IFacetFilter<TFilter> =>
        FacetTable.ScanAsync(
            query.Db, query.RecordType, split.Conditions, split.Rest is null ? null : query.IdsMatching(split.Rest), dimension, cancellationToken);
}
