using CapacityCoop.Web.Data;

namespace CapacityCoop.Web.Features.Api;

/// <summary>A search filter the facet table can count (ADR-010): agreements' and projects'.</summary>
public interface IFacetFilter<TFilter>
    where TFilter : class
{
    /// <summary>The filter as conditions on the facet dimensions, and the rest that only the records can answer.</summary>
    FacetFilter<TFilter> ForFacets();

    /// <summary>
    /// Disjoint filters whose results together are this filter's (a date range split at whole years): each is
    /// counted on its own and the counts added, so the whole years come from the facet table and only the part years
    /// at the ends are scanned.
    /// </summary>
    IReadOnlyList<TFilter> Parts();
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
        var counts = new FacetSums();

        // Each facet is counted over its reduced filter, part by part (see IFacetFilter.Parts). A part the facet table
        // answers is a read of well under a millisecond: those run one after another on one connection. A part it cannot
        // answer is a scan of the matching records' keys: the facets whose dimension is not filtered share one scan per
        // part of the plain filter; each filtered dimension needs scans of its own. The scans run at once, each on its
        // own connection.
        var tableReads = new List<(string Dimension, TFilter Part)>();
        var scans = new List<Func<TQuery, Task>>();
        var unfiltered = dimensions.Where(d => !d.Filtered).Select(d => d.Name).ToHashSet();
        foreach (var part in filter.Parts())
        {
            if (part.ForFacets().InTable)
            {
                tableReads.AddRange(unfiltered.Select(dimension => (dimension, part)));
            }
            else
            {
                scans.Add(async q =>
                {
                    foreach (var key in await ScanAsync(q, part.ForFacets(), dimension: null, cancellationToken))
                    {
                        if (unfiltered.Contains(key.Dimension))
                        {
                            counts.Add(key.Dimension, key.Value, key.Count);
                        }
                    }
                });
            }
        }

        foreach (var dimension in dimensions.Where(d => d.Filtered))
        {
            foreach (var part in dimension.Reduced.Parts())
            {
                if (part.ForFacets().InTable)
                {
                    tableReads.Add((dimension.Name, part));
                }
                else
                {
                    scans.Add(async q => counts.Add(dimension.Name, await ScanAsync(q, part.ForFacets(), dimension.Name, cancellationToken)));
                }
            }
        }

        async Task ReadTable(TQuery q)
        {
            foreach (var (dimension, part) in tableReads)
            {
                var totals = await FacetTable.FacetAsync(q.Db, q.RecordType, part.ForFacets().Conditions, dimension, cancellationToken);
                counts.Add(dimension, totals.Select(t => (dimension, t.Value, t.Records)));
            }
        }

        if (scans.Count == 0)
        {
            await ReadTable(query);
        }
        else
        {
            await QueryParallelism.RunAsync(query, scopes, cancellationToken, [.. scans, .. tableReads.Count > 0 ? [ReadTable] : Array.Empty<Func<TQuery, Task>>()]);
        }

        return counts.ToLists();
    }

    /// <summary>
    /// How many records the search finds, part by part (see <see cref="IFacetFilter{TFilter}.Parts"/>): from the facet
    /// table, else their keys (and search vectors), else <paramref name="countRecords"/> (ranges off the years ...).
    /// </summary>
    public static async Task<int> CountAsync<TFilter>(
        IFacetedQuery<TFilter> query, TFilter filter, string everyRecordHasOne, Func<TFilter, Task<int>> countRecords, CancellationToken cancellationToken)
        where TFilter : class, IFacetFilter<TFilter>
    {
        var total = 0;
        foreach (var part in filter.Parts())
        {
            var split = part.ForFacets();
            total += split.Rest is not null ? await countRecords(part)
                : split.FullText is null && FacetTable.CanCount(split.Conditions)
                    ? await FacetTable.CountAsync(query.Db, query.RecordType, split.Conditions, everyRecordHasOne, cancellationToken)
                : await FacetTable.ScanCountAsync(query.Db, query.RecordType, split.Conditions, split.FullText, cancellationToken);
        }

        return total;
    }

    private static Task<List<(string Dimension, string Value, int Count)>> ScanAsync<TFilter>(
        IFacetedQuery<TFilter> query, FacetFilter<TFilter> split, string? dimension, CancellationToken cancellationToken)
        where TFilter : class, IFacetFilter<TFilter> =>
        FacetTable.ScanAsync(
            query.Db, query.RecordType, split.Conditions, split.FullText, split.Rest is null ? null : query.IdsMatching(split.Rest), dimension, cancellationToken);

    /// <summary>Counts per dimension and value, added up over the parts of a filter by queries that may run at once.</summary>
    private sealed class FacetSums
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Dimension, string Value), int> sums = new();

        public void Add(string dimension, string value, int count) => sums.AddOrUpdate((dimension, value), count, (_, sum) => sum + count);

        public void Add(string dimension, IEnumerable<(string Dimension, string Value, int Count)> counts)
        {
            foreach (var count in counts)
            {
                Add(dimension, count.Value, count.Count);
            }
        }

        public IReadOnlyDictionary<string, List<(string Value, int Count)>> ToLists() =>
            sums.GroupBy(s => s.Key.Dimension).ToDictionary(g => g.Key, g => g.Select(s => (s.Key.Value, s.Value)).ToList());
    }
}
