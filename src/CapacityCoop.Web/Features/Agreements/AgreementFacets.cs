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
        // Each facet is counted over the filter without its own dimension (ADR-010).
        (string Dimension, AgreementFilter Reduced, bool Filtered)[] dimensions =
        [
            ("country", filter with { Countries = [] }, filter.Countries.Count > 0),
            ("region", filter with { Regions = [] }, filter.Regions.Count > 0),
            ("sector", filter with { Sectors = [] }, filter.Sectors.Count > 0),
            ("kind", filter with { Kinds = [] }, filter.Kinds.Count > 0),
            ("status", filter with { Statuses = [] }, filter.Statuses.Count > 0),
            ("year", filter with { SignedFrom = null, SignedTo = null }, filter.SignedFrom is not null || filter.SignedTo is not null),
            ("band", filter with { MinValueUsd = null, MaxValueUsd = null }, filter.MinValueUsd is not null || filter.MaxValueUsd is not null),
        ];
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, List<KeyCount<string>>>();
        var plain = filter.ForFacets();
        if (plain.InTable)
        {
            // At most one condition: every facet is a read of the facet table, well under a millisecond each.
            foreach (var (dimension, reduced, _) in dimensions)
            {
                counts[dimension] = await FacetAsync(dimension, reduced, cancellationToken);
            }
        }
        else
        {
            // The facets whose dimension is not filtered all count the plain filter: one scan of the matching
            // agreements' keys serves them together; each filtered dimension needs a scan of its own. They run at
            // once, each on its own connection.
            var unfiltered = dimensions.Where(d => !d.Filtered).Select(d => d.Dimension).ToHashSet();
            var work = dimensions.Where(d => d.Filtered)
                .Select(d => (Func<AgreementQuery, Task>)(async q => counts[d.Dimension] = await q.FacetAsync(d.Dimension, d.Reduced, cancellationToken)))
                .Append(async q =>
                {
                    foreach (var group in await q.AllFacetsAsync(filter, cancellationToken))
                    {
                        if (unfiltered.Contains(group.Key))
                        {
                            counts[group.Key] = group.ToList();
                        }
                    }
                });
            await InParallelAsync(cancellationToken, [.. work]);
        }

        List<KeyCount<string>> Counts(string dimension) => counts.GetValueOrDefault(dimension) ?? [];
        var byCountry = Counts("country");
        var years = Counts("year");
        var bands = Counts("band");
        var selectedYear = SelectedYear(filter);

        byCountry = byCountry.Where(c => c.Key != HomeCountry).OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var countries = byCountry.Take(CountryFacetSize)
            .Concat(byCountry.Skip(CountryFacetSize).Where(c => filter.Countries.Contains(c.Key)))
            .Select(c => new FacetValue(c.Key, c.Count, filter.Countries.Contains(c.Key)))
            .ToList();

        return new AgreementFacets(
            countries,
            Ranked(Counts("region"), filter.Regions),
            Ranked(Counts("sector"), filter.Sectors),
            Ranked(Counts("kind"), filter.Kinds),
            Ranked(Counts("status"), filter.Statuses),
            years.Select(y => new KeyCount<int>(int.Parse(y.Key, CultureInfo.InvariantCulture), y.Count)).OrderByDescending(y => y.Key)
                .Select(y => new FacetValue(y.Key.ToString(CultureInfo.InvariantCulture), y.Count, y.Key == selectedYear)).ToList(),
            ValueBand.All.Select((band, i) => new FacetValue(
                band.Key, bands.SingleOrDefault(b => b.Key == i.ToString(CultureInfo.InvariantCulture))?.Count ?? 0, band.Matches(filter))).ToList());
    }

    /// <summary>One facet over <paramref name="reduced"/> (the filter without the facet's own dimension): from the facet table when it can answer, else over the matching agreements' keys.</summary>
    private async Task<List<KeyCount<string>>> FacetAsync(string dimension, AgreementFilter reduced, CancellationToken cancellationToken)
    {
        var split = reduced.ForFacets();
        if (split.InTable)
        {
            return (await FacetTable.FacetAsync(db, RecordFacet.Agreement, split.Conditions, dimension, cancellationToken))
                .Select(t => new KeyCount<string>(t.Value, t.Records)).ToList();
        }

        var restIds = split.Rest is null ? null : Filtered(split.Rest).Select(a => a.Id);
        return (await FacetTable.ScanAsync(db, RecordFacet.Agreement, split.Conditions, restIds, dimension, cancellationToken))
            .Select(t => new KeyCount<string>(t.Value, t.Count)).ToList();
    }

    /// <summary>Every facet of <paramref name="filter"/> itself, by dimension, from one scan of the matching agreements' keys.</summary>
    private async Task<IEnumerable<IGrouping<string, KeyCount<string>>>> AllFacetsAsync(AgreementFilter filter, CancellationToken cancellationToken)
    {
        var split = filter.ForFacets();
        var restIds = split.Rest is null ? null : Filtered(split.Rest).Select(a => a.Id);
        var keys = await FacetTable.ScanAsync(db, RecordFacet.Agreement, split.Conditions, restIds, dimension: null, cancellationToken);
        return keys.GroupBy(k => k.Dimension, k => new KeyCount<string>(k.Value, k.Count));
    }

    private static List<FacetValue> Ranked(IEnumerable<KeyCount<string>> counts, IReadOnlyList<string> selected) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new FacetValue(c.Key, c.Count, selected.Contains(c.Key))).ToList();

    private sealed record KeyCount<T>(T Key, int Count);

    /// <summary>The year the signing-date range covers exactly (signedFrom=2015-01-01, signedTo=2015-12-31), if it does.</summary>
    public static int? SelectedYear(AgreementFilter filter) =>
        filter is { SignedFrom: { Month: 1, Day: 1 } from, SignedTo: { Month: 12, Day: 31 } to } && from.Year == to.Year ? from.Year : null;
}
