using System.Globalization;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Agreements;

/// <summary>One value of a facet: how many agreements of the current result would remain if it were chosen.</summary>
public sealed record FacetValue(string Value, int Count, bool Selected);

/// <summary>
/// Facet counts for the agreement search. Each facet is counted over the result filtered by every OTHER facet, so
/// choices narrow each other and a facet still shows its alternatives (standard faceted search).
/// </summary>
public sealed record AgreementFacets(
    IReadOnlyList<FacetValue> Countries,
    IReadOnlyList<FacetValue> Regions,
    IReadOnlyList<FacetValue> Sectors,
    IReadOnlyList<FacetValue> Kinds,
    IReadOnlyList<FacetValue> Statuses,
    IReadOnlyList<FacetValue> Years,
    IReadOnlyList<FacetValue> ValueBands);

/// <summary>US-dollar value bands for the value facet; a band maps to minValueUsd/maxValueUsd in the URL.</summary>
public sealed record ValueBand(string Key, decimal? Min, decimal? Max)
{
    public static readonly IReadOnlyList<ValueBand> All =
    [
        new("lt-100m", null, 99_999_999.99m),
        new("100m-1bn", 100_000_000m, 999_999_999.99m),
        new("1bn-10bn", 1_000_000_000m, 9_999_999_999.99m),
        new("ge-10bn", 10_000_000_000m, null),
    ];

    public bool Matches(AgreementFilter filter) => filter.MinValueUsd == Min && filter.MaxValueUsd == Max;

    /// <summary>
    /// The bands (by index, as the facet table keys them) that make up exactly the range <paramref name="min"/>–<paramref name="max"/>;
    /// null when a bound falls inside a band.
    /// </summary>
    public static IReadOnlyList<string>? Covering(decimal? min, decimal? max)
    {
        if ((min is not null && !All.Any(b => b.Min == min)) || (max is not null && !All.Any(b => b.Max == max)) || min > max)
        {
            return null;
        }

        return All.Select((band, index) => (band, index))
            .Where(x => (min is null || x.band.Min >= min) && (max is null || x.band.Max <= max))
            .Select(x => x.index.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }
}

public sealed partial class AgreementQuery
{
    /// <summary>How many partner countries the country facet lists (the chosen ones are always listed).</summary>
    public const int CountryFacetSize = 20;

    public Task<AgreementFacets> FacetsAsync(AgreementFilter filter, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "agreements-facets", filter with { Page = 1, PageSize = 0, Sort = null }, [CacheTags.Agreements, CacheTags.Reference],
            ct => ComputeFacetsAsync(filter, ct), cancellationToken);

    private async Task<AgreementFacets> ComputeFacetsAsync(AgreementFilter filter, CancellationToken cancellationToken)
    {
        // Each facet is counted over the filter without its own dimension: from the facet table when that filter has
        // at most one condition (ADR-010), else by scanning the matching agreements. The four single-valued facets
        // whose dimension is not filtered share the plain filter, so one scan grouped by all four serves them together.
        List<KeyCount<string>> byCountry = [], regions = [], sectors = [];
        List<KeyCount<string>>? kinds = null, statuses = null, years = null, bands = null;
        List<ScalarCount> scalars = [];
        var plainFromTable = FacetTable.CanFacet(filter.FacetConditions());
        await InParallelAsync(
            cancellationToken,
            async q => byCountry = await q.FacetAsync("country", filter with { Countries = [] }, cancellationToken, reduced => q.Filtered(reduced)
                .SelectMany(a => a.Parties)
                .Where(p => p.CountryIso3 != null && p.CountryIso3 != HomeCountry)
                .GroupBy(p => p.CountryIso3!)
                .Select(g => new KeyCount<string>(g.Key, g.Select(p => p.AgreementId).Distinct().Count()))),
            async q => regions = await q.FacetAsync("region", filter with { Regions = [] }, cancellationToken, reduced => q.Filtered(reduced)
                .SelectMany(a => a.Parties)
                .Where(p => p.CountryIso3 != null && p.CountryIso3 != HomeCountry)
                .GroupBy(p => p.Country!.Region)
                .Select(g => new KeyCount<string>(g.Key, g.Select(p => p.AgreementId).Distinct().Count()))),
            async q => sectors = await q.FacetAsync("sector", filter with { Sectors = [] }, cancellationToken, reduced => q.Filtered(reduced)
                .SelectMany(a => a.Sectors)
                .GroupBy(s => s.SectorCode)
                .Select(g => new KeyCount<string>(g.Key, g.Count()))),
            async q => scalars = plainFromTable ? [] : await q.Filtered(filter)
                .GroupBy(a => new
                {
                    a.Kind,
                    a.Status,
                    Year = a.SignedOn == null ? (int?)null : a.SignedOn.Value.Year,
                    Band = a.ValueUsd == null ? (int?)null : a.ValueUsd < 100_000_000m ? 0 : a.ValueUsd < 1_000_000_000m ? 1 : a.ValueUsd < 10_000_000_000m ? 2 : 3,
                })
                .Select(g => new ScalarCount(g.Key.Kind, g.Key.Status, g.Key.Year, g.Key.Band, g.Count()))
                .ToListAsync(cancellationToken),
            async q => kinds = filter.Kinds.Count == 0 && !plainFromTable ? null : await q.FacetAsync("kind", filter with { Kinds = [] }, cancellationToken, reduced =>
                q.Filtered(reduced).GroupBy(a => a.Kind).Select(g => new KeyCount<string>(g.Key, g.Count()))),
            async q => statuses = filter.Statuses.Count == 0 && !plainFromTable ? null : await q.FacetAsync("status", filter with { Statuses = [] }, cancellationToken, reduced =>
                q.Filtered(reduced).GroupBy(a => a.Status).Select(g => new KeyCount<string>(g.Key, g.Count()))),
            async q => years = filter.SignedFrom is null && filter.SignedTo is null && !plainFromTable ? null : await q.FacetAsync("year", filter with { SignedFrom = null, SignedTo = null }, cancellationToken, reduced =>
                q.Filtered(reduced)
                    .Where(a => a.SignedOn != null)
                    .GroupBy(a => a.SignedOn!.Value.Year)
                    .Select(g => new KeyCount<string>(g.Key.ToString(), g.Count()))),
            async q => bands = filter.MinValueUsd is null && filter.MaxValueUsd is null && !plainFromTable ? null : await q.FacetAsync("band", filter with { MinValueUsd = null, MaxValueUsd = null }, cancellationToken, reduced =>
                q.Filtered(reduced)
                    .Where(a => a.ValueUsd != null)
                    .GroupBy(a => a.ValueUsd < 100_000_000m ? 0 : a.ValueUsd < 1_000_000_000m ? 1 : a.ValueUsd < 10_000_000_000m ? 2 : 3)
                    .Select(g => new KeyCount<string>(g.Key.ToString(), g.Count()))));

        kinds ??= Sum(scalars, s => s.Kind);
        statuses ??= Sum(scalars, s => s.Status);
        years ??= Sum(scalars.Where(s => s.Year is not null), s => s.Year!.Value.ToString(CultureInfo.InvariantCulture));
        bands ??= Sum(scalars.Where(s => s.Band is not null), s => s.Band!.Value.ToString(CultureInfo.InvariantCulture));
        var selectedYear = SelectedYear(filter);

        byCountry = byCountry.Where(c => c.Key != HomeCountry).OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var countries = byCountry.Take(CountryFacetSize)
            .Concat(byCountry.Skip(CountryFacetSize).Where(c => filter.Countries.Contains(c.Key)))
            .Select(c => new FacetValue(c.Key, c.Count, filter.Countries.Contains(c.Key)))
            .ToList();

        return new AgreementFacets(
            countries,
            Ranked(regions, filter.Regions),
            Ranked(sectors, filter.Sectors),
            Ranked(kinds, filter.Kinds),
            Ranked(statuses, filter.Statuses),
            years.Select(y => new KeyCount<int>(int.Parse(y.Key, CultureInfo.InvariantCulture), y.Count)).OrderByDescending(y => y.Key)
                .Select(y => new FacetValue(y.Key.ToString(CultureInfo.InvariantCulture), y.Count, y.Key == selectedYear)).ToList(),
            ValueBand.All.Select((band, i) => new FacetValue(
                band.Key, bands.SingleOrDefault(b => b.Key == i.ToString(CultureInfo.InvariantCulture))?.Count ?? 0, band.Matches(filter))).ToList());
    }

    /// <summary>One facet over <paramref name="reduced"/> (the filter without the facet's own dimension): read from the facet table when it can answer, else counted by <paramref name="scan"/>.</summary>
    private async Task<List<KeyCount<string>>> FacetAsync(
        string dimension, AgreementFilter reduced, CancellationToken cancellationToken, Func<AgreementFilter, IQueryable<KeyCount<string>>> scan)
    {
        if (reduced.FacetConditions() is { } conditions && FacetTable.CanFacet(conditions))
        {
            return (await FacetTable.FacetAsync(db, RecordFacet.Agreement, conditions, dimension, cancellationToken))
                .Select(t => new KeyCount<string>(t.Value, t.Records)).ToList();
        }

        return await scan(reduced).ToListAsync(cancellationToken);
    }

    private static List<FacetValue> Ranked(IEnumerable<KeyCount<string>> counts, IReadOnlyList<string> selected) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new FacetValue(c.Key, c.Count, selected.Contains(c.Key))).ToList();

    private static List<KeyCount<T>> Sum<T>(IEnumerable<ScalarCount> rows, Func<ScalarCount, T> key)
        where T : notnull => rows.GroupBy(key).Select(g => new KeyCount<T>(g.Key, g.Sum(r => r.Count))).ToList();

    internal sealed record KeyCount<T>(T Key, int Count);

    private sealed record ScalarCount(string Kind, string Status, int? Year, int? Band, int Count);

    /// <summary>The year the signing-date range covers exactly (signedFrom=2015-01-01, signedTo=2015-12-31), if it does.</summary>
    public static int? SelectedYear(AgreementFilter filter) =>
        filter is { SignedFrom: { Month: 1, Day: 1 } from, SignedTo: { Month: 12, Day: 31 } to } && from.Year == to.Year ? from.Year : null;
}
