using System.Globalization;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Countries;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Which agreements count toward a figure (ADR-002: live, top-level agreements) and the aggregates over that set.
/// Country, sector and home statistics all go through here, so they can never be counted by different rules. The
/// aggregates come from the facet table the database keeps current on write (ADR-010): a few hundred rows at most,
/// whatever the number of agreements; only the first and last signing dates are read from the agreements (by index).
/// </summary>
public static class AgreementTotals
{
    public static IQueryable<Agreement> Counted(PortalDbContext db) =>
        db.Agreements.AsNoTracking().Where(a => a.ArchivedAt == null && a.CountsTowardTotals);

    /// <summary>The agreements where the country is a party.</summary>
    public static FacetCondition OfCountry(string iso3) => new("country", [iso3], SingleValued: false);

    /// <summary>The agreements in the sector.</summary>
    public static FacetCondition InSector(string code) => new("sector", [code], SingleValued: false);

    /// <summary>Counted agreements and their USD value per value of <paramref name="dimension"/>, within <paramref name="scope"/> (null: all).</summary>
    public static IQueryable<FacetTotal> By(PortalDbContext db, FacetCondition? scope, string dimension) =>
        FacetTable.Totals(db, RecordFacet.Agreement, scope, dimension).Where(t => t.CountedRecords > 0);

    /// <summary>Agreements and their USD value per country that is a party (leaving out <paramref name="excluded"/>).</summary>
    public static async Task<List<CountryTotal>> ByCountryAsync(PortalDbContext db, string? excluded, CancellationToken cancellationToken) =>
        (await By(db, null, "country").ToListAsync(cancellationToken))
            .Where(t => t.Value != excluded)
            .Select(t => new CountryTotal { Iso3 = t.Value, AgreementCount = t.CountedRecords, ValueUsd = t.CountedValueUsd })
            .ToList();

    /// <summary>Agreements and their USD value per sector; an agreement counts fully toward each of its sectors.</summary>
    public static async Task<List<SectorTotal>> BySectorAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        (await By(db, null, "sector").ToListAsync(cancellationToken))
            .Select(t => new SectorTotal { Code = t.Value, AgreementCount = t.CountedRecords, ValueUsd = t.CountedValueUsd })
            .ToList();

    /// <summary>The countries with most agreements within <paramref name="scope"/> (then highest value, then name), leaving out <paramref name="excluded"/>.</summary>
    public static async Task<IReadOnlyList<CountryShareDto>> TopCountriesAsync(
        PortalDbContext db, FacetCondition scope, string excluded, int take, CancellationToken cancellationToken)
    {
        var totals = await By(db, scope, "country").Where(t => t.Value != excluded).ToListAsync(cancellationToken);
        var codes = totals.Select(t => t.Value).ToList();
        var names = await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Iso3))
            .ToDictionaryAsync(c => c.Iso3, c => (c.NameEn, c.NameZh), StringComparer.Ordinal, cancellationToken);
        return totals
            .Where(t => names.ContainsKey(t.Value))
            .OrderByDescending(t => t.CountedRecords).ThenByDescending(t => t.CountedValueUsd).ThenBy(t => names[t.Value].NameEn, StringComparer.Ordinal)
            .Take(take)
            .Select(t => new CountryShareDto(t.Value, names[t.Value].NameEn, names[t.Value].NameZh, t.CountedRecords, t.CountedValueUsd))
            .ToList();
    }

    /// <summary>The sectors with most agreements within <paramref name="scope"/> (then highest value, then the sectors' own order).</summary>
    public static async Task<IReadOnlyList<SectorShareDto>> TopSectorsAsync(
        PortalDbContext db, FacetCondition scope, int take, CancellationToken cancellationToken)
    {
        var totals = await By(db, scope, "sector").ToListAsync(cancellationToken);
        var codes = totals.Select(t => t.Value).ToList();
        var sectors = await db.Sectors.AsNoTracking().Where(s => codes.Contains(s.Code))
            .ToDictionaryAsync(s => s.Code, s => (s.NameEn, s.NameZh, s.SortOrder), StringComparer.Ordinal, cancellationToken);
        return totals
            .Where(t => sectors.ContainsKey(t.Value))
            .OrderByDescending(t => t.CountedRecords).ThenByDescending(t => t.CountedValueUsd).ThenBy(t => sectors[t.Value].SortOrder)
            .Take(take)
            .Select(t => new SectorShareDto(t.Value, sectors[t.Value].NameEn, sectors[t.Value].NameZh, t.CountedRecords, t.CountedValueUsd))
            .ToList();
    }

    /// <summary>Count, value, breakdowns by kind and status, and the first and last signing dates of the counted agreements within <paramref name="scope"/>.</summary>
    public static async Task<Summary> SummaryAsync(PortalDbContext db, FacetCondition? scope, CancellationToken cancellationToken)
    {
        var kinds = await By(db, scope, "kind").ToListAsync(cancellationToken);
        var statuses = await By(db, scope, "status").ToListAsync(cancellationToken);
        var counted = Counted(db);
        if (scope is { Dimension: "country", Values: [var iso3] })
        {
            counted = counted.Where(a => a.Parties.Any(p => p.CountryIso3 == iso3));
        }
        else if (scope is { Dimension: "sector", Values: [var code] })
        {
            counted = counted.Where(a => a.Sectors.Any(s => s.SectorCode == code));
        }
        else if (scope is not null)
        {
            throw new ArgumentException("A summary is scoped by one country or one sector.", nameof(scope));
        }

        return new Summary(
            kinds.Sum(k => k.CountedRecords),
            kinds.Sum(k => k.CountedValueUsd),
            CountsOver(Vocabulary.AgreementKinds, kinds.Select(k => (k.Value, k.CountedRecords))),
            CountsOver(Vocabulary.AgreementStatuses, statuses.Select(s => (s.Value, s.CountedRecords))),
            await SignedAtEndAsync(counted, first: true, cancellationToken),
            await SignedAtEndAsync(counted, first: false, cancellationToken));
    }

    /// <summary>
    /// The first (or last) signing date as the partial date it is ("2014-12"). Two agreements may share a stored date at
    /// different precisions ("2015-05" and "2015-05-01"); the coarser one is true of both. Both reads walk the
    /// signing-date index and stop at once.
    /// </summary>
    private static async Task<string?> SignedAtEndAsync(IQueryable<Agreement> counted, bool first, CancellationToken cancellationToken)
    {
        var dated = counted.Where(a => a.SignedOn != null);
        var date = await (first ? dated.OrderBy(a => a.SignedOn) : dated.OrderByDescending(a => a.SignedOn))
            .Select(a => a.SignedOn).FirstOrDefaultAsync(cancellationToken);
        if (date is not { } end)
        {
            return null;
        }

        var precisions = await dated.Where(a => a.SignedOn == end && a.SignedOnPrecision != null)
            .Select(a => a.SignedOnPrecision!.Value).Distinct().ToListAsync(cancellationToken);
        return precisions.Count == 0 ? null : new PartialDate(end, precisions.Min()).ToString();
    }

    /// <summary>
    /// Counted agreements and value per signing year within <paramref name="scope"/>, one entry for every year from the
    /// first to the last (zeros included, so a chart has no gaps). Agreements without a signing date have no year.
    /// </summary>
    public static async Task<IReadOnlyList<YearValueDto>> ValueByYearAsync(PortalDbContext db, FacetCondition? scope, CancellationToken cancellationToken)
    {
        var years = await By(db, scope, "year").ToListAsync(cancellationToken);
        return WithoutGaps(years.Select(y => new YearValueDto(int.Parse(y.Value, CultureInfo.InvariantCulture), y.CountedRecords, y.CountedValueUsd)).ToList());
    }

    private static IReadOnlyList<YearValueDto> WithoutGaps(IReadOnlyCollection<YearValueDto> years)
    {
        if (years.Count == 0)
        {
            return [];
        }

        var byYear = years.ToDictionary(y => y.Year);
        var first = byYear.Keys.Min();
        return Enumerable.Range(first, byYear.Keys.Max() - first + 1)
            .Select(year => byYear.TryGetValue(year, out var entry) ? entry : new YearValueDto(year, 0, 0m))
            .ToList();
    }

    /// <summary>Per-key counts over a fixed vocabulary, every key present (zeros included) and in vocabulary order.</summary>
    private static IReadOnlyDictionary<string, int> CountsOver(IReadOnlyList<string> vocabulary, IEnumerable<(string Key, int Count)> counts)
    {
        var result = vocabulary.ToDictionary(v => v, _ => 0, StringComparer.Ordinal);
        foreach (var (key, count) in counts)
        {
            result[key] = result.GetValueOrDefault(key) + count;
        }

        return result;
    }

    public sealed class CountryTotal
    {
        public required string Iso3 { get; init; }
        public int AgreementCount { get; init; }
        public decimal ValueUsd { get; init; }
    }

    public sealed class SectorTotal
    {
        public required string Code { get; init; }
        public int AgreementCount { get; init; }
        public decimal ValueUsd { get; init; }
    }

    public sealed record Summary(
        int AgreementCount,
        decimal ValueUsd,
        IReadOnlyDictionary<string, int> ByKind,
        IReadOnlyDictionary<string, int> ByStatus,
        string? FirstSigned,
        string? LastSigned);
}
