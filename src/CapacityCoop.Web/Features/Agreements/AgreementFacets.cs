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
        var byCountry = await Filtered(filter with { Countries = [] })
            .SelectMany(a => a.Parties)
            .Where(p => p.CountryIso3 != null && p.CountryIso3 != HomeCountry)
            .GroupBy(p => p.CountryIso3!)
            .Select(g => new { g.Key, Count = g.Select(p => p.AgreementId).Distinct().Count() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key)
            .ToListAsync(cancellationToken);
        var countries = byCountry.Take(CountryFacetSize)
            .Concat(byCountry.Skip(CountryFacetSize).Where(c => filter.Countries.Contains(c.Key)))
            .Select(c => new FacetValue(c.Key, c.Count, filter.Countries.Contains(c.Key)))
            .ToList();

        var regions = await Filtered(filter with { Regions = [] })
            .SelectMany(a => a.Parties)
            .Where(p => p.CountryIso3 != null && p.CountryIso3 != HomeCountry)
            .GroupBy(p => p.Country!.Region)
            .Select(g => new { g.Key, Count = g.Select(p => p.AgreementId).Distinct().Count() })
            .ToListAsync(cancellationToken);

        var sectors = await Filtered(filter with { Sectors = [] })
            .SelectMany(a => a.Sectors)
            .GroupBy(s => s.SectorCode)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var kinds = await Filtered(filter with { Kinds = [] })
            .GroupBy(a => a.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var statuses = await Filtered(filter with { Statuses = [] })
            .GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        var years = await Filtered(filter with { SignedFrom = null, SignedTo = null })
            .Where(a => a.SignedOn != null)
            .GroupBy(a => a.SignedOn!.Value.Year)
            .Select(g => new { g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Key)
            .ToListAsync(cancellationToken);
        var selectedYear = SelectedYear(filter);

        var bands = await Filtered(filter with { MinValueUsd = null, MaxValueUsd = null })
            .Where(a => a.ValueUsd != null)
            .GroupBy(a => a.ValueUsd < 100_000_000m ? 0 : a.ValueUsd < 1_000_000_000m ? 1 : a.ValueUsd < 10_000_000_000m ? 2 : 3)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        return new AgreementFacets(
            countries,
            regions.OrderByDescending(r => r.Count).ThenBy(r => r.Key).Select(r => new FacetValue(r.Key, r.Count, filter.Regions.Contains(r.Key))).ToList(),
            sectors.OrderByDescending(s => s.Count).ThenBy(s => s.Key).Select(s => new FacetValue(s.Key, s.Count, filter.Sectors.Contains(s.Key))).ToList(),
            kinds.OrderByDescending(k => k.Count).ThenBy(k => k.Key).Select(k => new FacetValue(k.Key, k.Count, filter.Kinds.Contains(k.Key))).ToList(),
            statuses.OrderByDescending(s => s.Count).ThenBy(s => s.Key).Select(s => new FacetValue(s.Key, s.Count, filter.Statuses.Contains(s.Key))).ToList(),
            years.Select(y => new FacetValue(y.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), y.Count, y.Key == selectedYear)).ToList(),
            ValueBand.All.Select((band, i) => new FacetValue(band.Key, bands.SingleOrDefault(b => b.Key == i)?.Count ?? 0, band.Matches(filter))).ToList());
    }

    /// <summary>The year the signing-date range covers exactly (signedFrom=2015-01-01, signedTo=2015-12-31), if it does.</summary>
    public static int? SelectedYear(AgreementFilter filter) =>
        filter is { SignedFrom: { Month: 1, Day: 1 } from, SignedTo: { Month: 12, Day: 31 } to } && from.Year == to.Year ? from.Year : null;
}
