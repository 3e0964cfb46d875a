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
        var counts = await FacetCounting.FacetsAsync(
            this,
            scopes,
            filter,
            [
                new("country", filter with { Countries = [] }, filter.Countries.Count > 0),
                new("region", filter with { Regions = [] }, filter.Regions.Count > 0),
                new("sector", filter with { Sectors = [] }, filter.Sectors.Count > 0),
                new("kind", filter with { Kinds = [] }, filter.Kinds.Count > 0),
                new("status", filter with { Statuses = [] }, filter.Statuses.Count > 0),
                new("year", filter with { SignedFrom = null, SignedTo = null }, filter.SignedFrom is not null || filter.SignedTo is not null),
                new("band", filter with { MinValueUsd = null, MaxValueUsd = null }, filter.MinValueUsd is not null || filter.MaxValueUsd is not null),
            ],
            cancellationToken);
        List<KeyCount<string>> Counts(string dimension) =>
            counts.TryGetValue(dimension, out var values) ? values.Select(v => new KeyCount<string>(v.Value, v.Count)).ToList() : [];
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

    private static List<FacetValue> Ranked(IEnumerable<KeyCount<string>> counts, IReadOnlyList<string> selected) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new FacetValue(c.Key, c.Count, selected.Contains(c.Key))).ToList();

    private sealed record KeyCount<T>(T Key, int Count);

    /// <summary>The year the signing-date range covers exactly (signedFrom=2015-01-01, signedTo=2015-12-31), if it does.</summary>
    public static int? SelectedYear(AgreementFilter filter) =>
        filter is { SignedFrom: { Month: 1, Day: 1 } from, SignedTo: { Month: 12, Day: 31 } to } && from.Year == to.Year ? from.Year : null;
}
