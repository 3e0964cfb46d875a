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
}

public sealed partial class AgreementQuery
{
    /// <summary>How many partner countries the country facet lists (the chosen ones are always listed).</summary>
    public const int CountryFacetSize = 20;

    public Task<AgreementFacets> FacetsAsync(AgreementFilter filter, CancellationToken cancellationToken = default) =>
        ResultCache.Through(cache, "agreements-facets", filter with { Page = 1, PageSize = 0, Sort = null }, () => ComputeFacetsAsync(filter, cancellationToken), cancellationToken);

    private async Task<AgreementFacets> ComputeFacetsAsync(AgreementFilter filter, CancellationToken cancellationToken)
    {
        // Each facet is counted over the filter without its own dimension. The four single-valued facets whose
        // dimension is not filtered share the plain filter, so one scan grouped by all four serves them together.
        List<KeyCount<string>> byCountry = [], regions = [], sectors = [];
        List<KeyCount<string>>? kinds = null, statuses = null;
        List<KeyCount<int>>? years = null, bands = null;
        List<ScalarCount> scalars = [];
        await InParallelAsync(
            cancellationToken,
            async q => byCountry = await q.Filtered(filter with { Countries = [] })
                .SelectMany(a => a.Parties)
                .Where(p => p.CountryIso3 != null && p.CountryIso3 != HomeCountry)
                .GroupBy(p => p.CountryIso3!)
                .Select(g => new KeyCount<string>(g.Key, g.Select(p => p.AgreementId).Distinct().Count()))
                .ToListAsync(cancellationToken),
            async q => regions = await q.Filtered(filter with { Regions = [] })
                .SelectMany(a => a.Parties)
                .Where(p => p.CountryIso3 != null && p.CountryIso3 != HomeCountry)
                .GroupBy(p => p.Country!.Region)
                .Select(g => new KeyCount<string>(g.Key, g.Select(p => p.AgreementId).Distinct().Count()))
                .ToListAsync(cancellationToken),
            async q => sectors = await q.Filtered(filter with { Sectors = [] })
                .SelectMany(a => a.Sectors)
                .GroupBy(s => s.SectorCode)
                .Select(g => new KeyCount<string>(g.Key, g.Count()))
                .ToListAsync(cancellationToken),
            async q => scalars = await q.Filtered(filter)
                .GroupBy(a => new
                {
                    a.Kind,
                    a.Status,
                    Year = a.SignedOn == null ? (int?)null : a.SignedOn.Value.Year,
                    Band = a.ValueUsd == null ? (int?)null : a.ValueUsd < 100_000_000m ? 0 : a.ValueUsd < 1_000_000_000m ? 1 : a.ValueUsd < 10_000_000_000m ? 2 : 3,
                })
                .Select(g => new ScalarCount(g.Key.Kind, g.Key.Status, g.Key.Year, g.Key.Band, g.Count()))
                .ToListAsync(cancellationToken),
            async q => kinds = filter.Kinds.Count == 0 ? null : await q.Filtered(filter with { Kinds = [] })
                .GroupBy(a => a.Kind).Select(g => new KeyCount<string>(g.Key, g.Count())).ToListAsync(cancellationToken),
            async q => statuses = filter.Statuses.Count == 0 ? null : await q.Filtered(filter with { Statuses = [] })
                .GroupBy(a => a.Status).Select(g => new KeyCount<string>(g.Key, g.Count())).ToListAsync(cancellationToken),
            async q => years = filter.SignedFrom is null && filter.SignedTo is null ? null : await q.Filtered(filter with { SignedFrom = null, SignedTo = null })
                .Where(a => a.SignedOn != null)
                .GroupBy(a => a.SignedOn!.Value.Year)
                .Select(g => new KeyCount<int>(g.Key, g.Count()))
                .ToListAsync(cancellationToken),
            async q => bands = filter.MinValueUsd is null && filter.MaxValueUsd is null ? null : await q.Filtered(filter with { MinValueUsd = null, MaxValueUsd = null })
                .Where(a => a.ValueUsd != null)
                .GroupBy(a => a.ValueUsd < 100_000_000m ? 0 : a.ValueUsd < 1_000_000_000m ? 1 : a.ValueUsd < 10_000_000_000m ? 2 : 3)
                .Select(g => new KeyCount<int>(g.Key, g.Count()))
                .ToListAsync(cancellationToken));

        kinds ??= Sum(scalars, s => s.Kind);
        statuses ??= Sum(scalars, s => s.Status);
        years ??= Sum(scalars.Where(s => s.Year is not null), s => s.Year!.Value);
        bands ??= Sum(scalars.Where(s => s.Band is not null), s => s.Band!.Value);
        var selectedYear = SelectedYear(filter);

        byCountry = byCountry.OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
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
            years.OrderByDescending(y => y.Key)
                .Select(y => new FacetValue(y.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), y.Count, y.Key == selectedYear)).ToList(),
            ValueBand.All.Select((band, i) => new FacetValue(band.Key, bands.SingleOrDefault(b => b.Key == i)?.Count ?? 0, band.Matches(filter))).ToList());
    }

    private static List<FacetValue> Ranked(IEnumerable<KeyCount<string>> counts, IReadOnlyList<string> selected) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new FacetValue(c.Key, c.Count, selected.Contains(c.Key))).ToList();

    private static List<KeyCount<T>> Sum<T>(IEnumerable<ScalarCount> rows, Func<ScalarCount, T> key)
        where T : notnull => rows.GroupBy(key).Select(g => new KeyCount<T>(g.Key, g.Sum(r => r.Count))).ToList();

    private sealed record KeyCount<T>(T Key, int Count);

    private sealed record ScalarCount(string Kind, string Status, int? Year, int? Band, int Count);

    /// <summary>The year the signing-date range covers exactly (signedFrom=2015-01-01, signedTo=2015-12-31), if it does.</summary>
    public static int? SelectedYear(AgreementFilter filter) =>
        filter is { SignedFrom: { Month: 1, Day: 1 } from, SignedTo: { Month: 12, Day: 31 } to } && from.Year == to.Year ? from.Year : null;
}
