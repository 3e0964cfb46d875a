using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// One condition of a filter on a dimension of the facet table (<see cref="RecordFacet"/>): the record has one of
/// <see cref="Values"/> there. <see cref="SingleValued"/> dimensions (kind, status, year, a project's host country)
/// hold one value per record, so counts over several values add up; a record can have several countries or sectors,
/// so there only one value is exact.
/// </summary>
public sealed record FacetCondition(string Dimension, IReadOnlyList<string> Values, bool SingleValued)
{
    public bool IsExact => SingleValued || Values.Count == 1;
}

/// <summary>
/// A search filter split for the facet table: <see cref="Conditions"/> on its dimensions, the <see cref="FullText"/>
/// query that record_facet_keys answers beside them, and the <see cref="Rest"/> (ranges off the years or value bands,
/// ...) that only the records themselves can answer; null when none.
/// </summary>
public sealed record FacetFilter<TFilter>(IReadOnlyList<FacetCondition> Conditions, string? FullText, TFilter? Rest)
    where TFilter : class
{
    /// <summary>Whether record_facets itself holds the counts of every facet of this filter.</summary>
    public bool InTable => Rest is null && FullText is null && FacetTable.CanFacet(Conditions);
}

/// <summary>A value of a dimension with how many live records have it, and the count and USD value of those counted toward totals.</summary>
/// <remarks>Init-only properties rather than a positional record, so a query can go on filtering and sorting by them in SQL.</remarks>
public sealed record FacetTotal
{
    public required string Value { get; init; }
    public int Records { get; init; }
    public int CountedRecords { get; init; }
    public decimal CountedValueUsd { get; init; }
}

/// <summary>
/// Reads the facet table, which the database keeps current on every write (ADR-010): per pair of (dimension, value)
/// how many live records have both. So a facet under at most one condition, a count under at most two, and every
/// country, sector and home total are one indexed read of a few hundred rows, however many records there are.
/// Filters the table cannot answer (full text, ranges off the year or value bands, several countries at once with
/// another condition) are for the caller to count by scanning, as before.
/// </summary>
public static class FacetTable
{
    /// <summary>Whether a facet can be read for a filter with these conditions.</summary>
    public static bool CanFacet(IReadOnlyList<FacetCondition> conditions) => conditions.Count <= 1 && conditions.All(c => c.IsExact);

    /// <summary>Whether the number of records matching these conditions can be read.</summary>
    public static bool CanCount(IReadOnlyList<FacetCondition> conditions) => conditions.Count <= 2 && conditions.All(c => c.IsExact);

    /// <summary>
    /// Per value of <paramref name="dimension"/>: the records matching <paramref name="conditions"/> (at most one, see
    /// <see cref="CanFacet"/>) that have it. Values no live record has are left out.
    /// </summary>
    public static async Task<List<FacetTotal>> FacetAsync(
        PortalDbContext db, string recordType, IReadOnlyList<FacetCondition> conditions, string dimension, CancellationToken cancellationToken)
    {
        if (!CanFacet(conditions))
        {
            throw new ArgumentException("The facet table answers facets under one exact condition at most.", nameof(conditions));
        }

        return await Totals(db, recordType, conditions.SingleOrDefault(), dimension).Where(t => t.Records > 0).ToListAsync(cancellationToken);
    }

    /// <summary>Per value of <paramref name="dimension"/>: the records that also have <paramref name="condition"/> (null: all records).</summary>
    public static IQueryable<FacetTotal> Totals(PortalDbContext db, string recordType, FacetCondition? condition, string dimension)
    {
        if (condition is { IsExact: false })
        {
            throw new ArgumentException("Totals under several values of a many-valued dimension would count records twice.", nameof(condition));
        }

        return Rows(db, recordType, condition, dimension)
            .GroupBy(f => f.Value)
            .Select(g => new FacetTotal
            {
                Value = g.Key,
                Records = g.Sum(f => f.Records),
                CountedRecords = g.Sum(f => f.CountedRecords),
                CountedValueUsd = g.Sum(f => f.CountedValueUsd),
            });
    }

    /// <summary>How many live records match <paramref name="conditions"/> (at most two, see <see cref="CanCount"/>).</summary>
    public static async Task<int> CountAsync(
        PortalDbContext db, string recordType, IReadOnlyList<FacetCondition> conditions, string everyRecordHasOne, CancellationToken cancellationToken)
    {
        if (!CanCount(conditions))
        {
            throw new ArgumentException("The facet table counts under two exact conditions at most.", nameof(conditions));
        }

        // With no condition, a dimension every record has exactly one value of counts each record once.
        var (filter, counted) = conditions.Count switch
        {
            0 => (null, new FacetCondition(everyRecordHasOne, [], SingleValued: true)),
            1 => (null, conditions[0]),
            _ => (conditions[0], conditions[1]),
        };
        var rows = Rows(db, recordType, filter, counted.Dimension);
        if (counted.Values.Count > 0)
        {
            var values = counted.Values;
            rows = rows.Where(f => values.Contains(f.Value));
        }

        return await rows.SumAsync(f => f.Records, cancellationToken);
    }

    /// <summary>
    /// Per value of <paramref name="dimension"/> (null: of every dimension at once): how many live
    /// records match all <paramref name="conditions"/>, counted over each record's keys (record_facet_keys, one narrow
    /// row per live record with a GIN index on its keys). For filters with more conditions than the facet table holds:
    /// it reads only the matching records' keys, not the records and their parties and sectors.
    /// </summary>
    /// <param name="fullText">A web-search query the records' titles and summaries must match, or null.</param>
    /// <param name="restIds">The ids of the live records that match the rest of the filter (odd ranges ...), or null.</param>
    public static async Task<List<(string Dimension, string Value, int Count)>> ScanAsync(
        PortalDbContext db, string recordType, IReadOnlyList<FacetCondition> conditions, string? fullText, IQueryable<long>? restIds, string? dimension,
        CancellationToken cancellationToken)
    {
        var matching = Matching(db, recordType, conditions, fullText);
        if (restIds is not null)
        {
            matching = matching.Where(k => restIds.Contains(k.RecordId));
        }

        var keys = matching.SelectMany(k => k.Keys);
        if (dimension is not null)
        {
            var prefix = dimension + ":";
            keys = keys.Where(k => k.StartsWith(prefix));
        }

        var counts = await keys.GroupBy(k => k).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.Select(c =>
        {
            var colon = c.Key.IndexOf(':', StringComparison.Ordinal);
            return (c.Key[..colon], c.Key[(colon + 1)..], c.Count);
        }).ToList();
    }

    /// <summary>How many live records match all <paramref name="conditions"/>, from their keys (see <see cref="ScanAsync"/>).</summary>
    public static Task<int> ScanCountAsync(
        PortalDbContext db, string recordType, IReadOnlyList<FacetCondition> conditions, string? fullText, CancellationToken cancellationToken) =>
        Matching(db, recordType, conditions, fullText).CountAsync(cancellationToken);

    private static IQueryable<RecordFacetKeys> Matching(PortalDbContext db, string recordType, IReadOnlyList<FacetCondition> conditions, string? fullText)
    {
        // The record type as a constant, not a parameter: the GIN indexes are partial, one per type.
        var rows = db.RecordFacetKeys.AsNoTracking().Where(k => k.RecordType == EF.Constant(recordType));
        if (fullText is not null)
        {
            rows = rows.Where(k => EF.Property<NpgsqlTsVector>(k, FullText.SearchVector).Matches(EF.Functions.WebSearchToTsQuery(FullText.Configuration, fullText)));
        }

        foreach (var condition in conditions)
        {
            // keys && ARRAY['country:KAZ', 'country:BRA']: has any of the values; one such test per condition.
            var wanted = condition.Values.Select(v => $"{condition.Dimension}:{v}").ToArray();
            rows = rows.Where(k => k.Keys.Any(key => wanted.Contains(key)));
        }

        return rows;
    }

    private static IQueryable<RecordFacet> Rows(PortalDbContext db, string recordType, FacetCondition? filter, string dimension)
    {
        var rows = db.RecordFacets.AsNoTracking().Where(f => f.RecordType == recordType && f.Dimension == dimension);
        if (filter is null)
        {
            return rows.Where(f => f.FilterDimension == "" && f.FilterValue == "");
        }

        var filterDimension = filter.Dimension;
        var filterValues = filter.Values;
        return rows.Where(f => f.FilterDimension == filterDimension && filterValues.Contains(f.FilterValue));
    }

    /// <summary>
    /// The range <paramref name="from"/>–<paramref name="to"/> as disjoint ranges that together cover it: the whole years
    /// inside it (which the facet table counts), and the part years at either end (each within one year, so a scan reads
    /// the records of one year at most). A range within one year, or of whole years only, is its own single part.
    /// </summary>
    public static IReadOnlyList<(DateOnly? From, DateOnly? To)> YearParts(DateOnly? from, DateOnly? to)
    {
        if (WholeYears(from, to) is not null || SingleYear(from, to) is not null || from?.Year == DateOnly.MaxValue.Year || to?.Year == DateOnly.MinValue.Year)
        {
            return [(from, to)];
        }

        var parts = new List<(DateOnly? From, DateOnly? To)>();
        DateOnly? wholeFrom = from, wholeTo = to;
        if (from is { } start && (start.Month, start.Day) != (1, 1))
        {
            parts.Add((start, new DateOnly(start.Year, 12, 31)));
            wholeFrom = new DateOnly(start.Year + 1, 1, 1);
        }

        if (to is { } end && (end.Month, end.Day) != (12, 31))
        {
            parts.Add((new DateOnly(end.Year, 1, 1), end));
            wholeTo = new DateOnly(end.Year - 1, 12, 31);
        }

        if (wholeFrom is null || wholeTo is null || wholeFrom <= wholeTo)
        {
            parts.Add((wholeFrom, wholeTo));
        }

        return parts;
    }

    /// <summary>The one year a range lies in (null: it is open or spans years): a condition that narrows a scan of it.</summary>
    public static string? SingleYear(DateOnly? from, DateOnly? to) =>
        from is { } f && to is { } t && f.Year == t.Year ? f.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The years <paramref name="from"/>–<paramref name="to"/> cover whole (null: not whole years, or no bound at all).</summary>
    public static IReadOnlyList<string>? WholeYears(DateOnly? from, DateOnly? to)
    {
        if (from is null && to is null)
        {
            return null;
        }

        if (from is { Month: not 1 } or { Day: not 1 } || to is { Month: not 12 } or { Day: not 31 })
        {
            return null;
        }

        // Signing and construction dates of this domain lie well inside these bounds; a wider range is scanned.
        const int Earliest = 1900, Latest = 2100;
        var first = from?.Year ?? Earliest;
        var last = to?.Year ?? Latest;
        if (first < Earliest || last > Latest || first > last)
        {
            return null;
        }

        return Enumerable.Range(first, last - first + 1).Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }
}
