using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Which agreements count toward a figure (ADR-002: live, top-level agreements) and the aggregates built on that set.
/// Country and sector statistics both go through here, so a country's totals and a sector's totals can never be
/// counted by different rules. Every aggregate runs in the database (GROUP BY); callers narrow <see cref="Counted"/>
/// first (one country, one sector) and get a handful of rows back.
/// </summary>
public static class AgreementTotals
{
    public static IQueryable<Agreement> Counted(PortalDbContext db) =>
        db.Agreements.AsNoTracking().Where(a => a.ArchivedAt == null && a.CountsTowardTotals);

    /// <summary>Agreements and their USD value per country that is a party (leaving out <paramref name="excluded"/>).</summary>
    public static IQueryable<CountryTotal> ByCountry(IQueryable<Agreement> counted, string? excluded = null)
    {
        var parties = counted
            .SelectMany(a => a.Parties, (a, p) => new { p.CountryIso3, AgreementId = a.Id, a.ValueUsd })
            .Where(x => x.CountryIso3 != null);
        if (excluded is not null)
        {
            parties = parties.Where(x => x.CountryIso3 != excluded);
        }

        // Nothing in the schema stops a country being listed twice on one agreement; DISTINCT keeps such a row from
        // counting (and summing) twice.
        return parties
            .Distinct()
            .GroupBy(x => x.CountryIso3!)
            .Select(g => new CountryTotal { Iso3 = g.Key, AgreementCount = g.Count(), ValueUsd = g.Sum(x => x.ValueUsd ?? 0) });
    }

    /// <summary>Agreements and their USD value per sector; an agreement counts fully toward each of its sectors.</summary>
    public static IQueryable<SectorTotal> BySector(IQueryable<Agreement> counted) => counted
        .SelectMany(a => a.Sectors, (a, s) => new { s.SectorCode, a.ValueUsd })
        .GroupBy(x => x.SectorCode)
        .Select(g => new SectorTotal { Code = g.Key, AgreementCount = g.Count(), ValueUsd = g.Sum(x => x.ValueUsd ?? 0) });

    /// <summary>The countries with most agreements in <paramref name="counted"/> (then highest value), leaving out <paramref name="excluded"/>.</summary>
    public static async Task<IReadOnlyList<CountryShareDto>> TopCountriesAsync(
        PortalDbContext db, IQueryable<Agreement> counted, string excluded, int take, CancellationToken cancellationToken)
    {
        return await (
                from t in ByCountry(counted, excluded)
                join c in db.Countries on t.Iso3 equals c.Iso3
                orderby t.AgreementCount descending, t.ValueUsd descending, c.NameEn
                select new CountryShareDto(c.Iso3, c.NameEn, c.NameZh, t.AgreementCount, t.ValueUsd))
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Count, value, breakdowns by kind and status, and the first and last signing dates, in one grouped query.</summary>
    public static async Task<Summary> SummaryAsync(IQueryable<Agreement> counted, CancellationToken cancellationToken)
    {
        // Grouping by precision as well keeps each group's min/max date tied to a precision, so the first and last
        // signing dates come out as the partial dates they are ("2014-12") without another query.
        var groups = await counted
            .GroupBy(a => new { a.Kind, a.Status, a.SignedOnPrecision })
            .Select(g => new SummaryGroup(
                g.Key.Kind, g.Key.Status, g.Key.SignedOnPrecision, g.Count(), g.Sum(a => a.ValueUsd ?? 0), g.Min(a => a.SignedOn), g.Max(a => a.SignedOn)))
            .ToListAsync(cancellationToken);
        return Summary.From(groups);
    }

    /// <summary>
    /// Agreements and value per signing year, one entry for every year from the first to the last (zeros included, so
    /// a chart has no gaps). Agreements without a signing date have no year and are left out.
    /// </summary>
    public static async Task<IReadOnlyList<YearValueDto>> ValueByYearAsync(IQueryable<Agreement> counted, CancellationToken cancellationToken)
    {
        var years = await counted
            .Where(a => a.SignedOn != null)
            .GroupBy(a => a.SignedOn!.Value.Year)
            .Select(g => new YearValueDto(g.Key, g.Count(), g.Sum(a => a.ValueUsd ?? 0)))
            .ToListAsync(cancellationToken);
        return WithoutGaps(years);
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

    internal sealed record SummaryGroup(
        string Kind, string Status, DatePrecision? Precision, int Count, decimal ValueUsd, DateOnly? FirstSignedOn, DateOnly? LastSignedOn);

    public sealed record Summary(
        int AgreementCount,
        decimal ValueUsd,
        IReadOnlyDictionary<string, int> ByKind,
        IReadOnlyDictionary<string, int> ByStatus,
        string? FirstSigned,
        string? LastSigned)
    {
        internal static Summary From(IReadOnlyList<SummaryGroup> groups)
        {
            var signed = groups.Where(g => g.FirstSignedOn is not null).ToList();
            return new Summary(
                groups.Sum(g => g.Count),
                groups.Sum(g => g.ValueUsd),
                CountsOver(Vocabulary.AgreementKinds, groups.Select(g => (g.Kind, g.Count))),
                CountsOver(Vocabulary.AgreementStatuses, groups.Select(g => (g.Status, g.Count))),
                signed.Count == 0 ? null : AtCoarsestPrecision(signed.Min(g => g.FirstSignedOn!.Value), signed.Select(g => (g.FirstSignedOn!.Value, g.Precision))),
                signed.Count == 0 ? null : AtCoarsestPrecision(signed.Max(g => g.LastSignedOn!.Value), signed.Select(g => (g.LastSignedOn!.Value, g.Precision))));
        }

        // Two agreements may share a stored date at different precisions ("2015-05" and "2015-05-01"); the coarser
        // one is true of both.
        private static string AtCoarsestPrecision(DateOnly date, IEnumerable<(DateOnly Date, DatePrecision? Precision)> candidates) =>
            new PartialDate(date, candidates.Where(c => c.Date == date && c.Precision is not null).Min(c => c.Precision!.Value)).ToString();
    }
}
