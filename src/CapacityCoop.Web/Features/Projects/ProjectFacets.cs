using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using System.Globalization;
using CapacityCoop.Web.Features.Agreements;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Projects;

/// <summary>
/// Facet counts for the project search. Each facet is counted over the result filtered by every OTHER facet, so
/// choices narrow each other and a facet still shows its alternatives (as for agreements, see <see cref="AgreementFacets"/>).
/// </summary>
public sealed record ProjectFacets(
    IReadOnlyList<FacetValue> Countries,
    IReadOnlyList<FacetValue> Sectors,
    IReadOnlyList<FacetValue> Statuses,
    IReadOnlyList<FacetValue> StartYears);

public sealed partial class ProjectQuery
{
    /// <summary>How many host countries the country facet lists (the chosen ones are always listed).</summary>
    public const int CountryFacetSize = 20;

    public Task<ProjectFacets> FacetsAsync(ProjectFilter filter, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "projects-facets", filter with { Page = 1, PageSize = 0, Sort = null }, [CacheTags.Projects, CacheTags.Reference],
            ct => ComputeFacetsAsync(filter, ct), cancellationToken);

    private async Task<ProjectFacets> ComputeFacetsAsync(ProjectFilter filter, CancellationToken cancellationToken)
    {
        // Each facet is counted over the filter without its own dimension (ADR-010), as for agreements.
        var counts = await FacetCounting.FacetsAsync(
            this,
            scopes,
            filter,
            [
                new("country", filter with { Countries = [] }, filter.Countries.Count > 0),
                new("sector", filter with { Sectors = [] }, filter.Sectors.Count > 0),
                new("status", filter with { Statuses = [] }, filter.Statuses.Count > 0),
                new("year", filter with { StartedFrom = null, StartedTo = null }, filter.StartedFrom is not null || filter.StartedTo is not null),
            ],
            cancellationToken);
        List<FacetCount<string>> Counts(string dimension) =>
            counts.TryGetValue(dimension, out var values) ? values.Select(v => new FacetCount<string>(v.Value, v.Count)).ToList() : [];
        var byCountry = Counts("country");
        var sectors = Counts("sector");
        var statuses = Counts("status");
        var yearCounts = Counts("year");
        var years = yearCounts.Select(y => new FacetCount<int>(int.Parse(y.Key, CultureInfo.InvariantCulture), y.Count)).ToList();

        byCountry = byCountry.OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        years = years.OrderByDescending(y => y.Key).ToList();
        var countries = byCountry.Take(CountryFacetSize)
            .Concat(byCountry.Skip(CountryFacetSize).Where(c => filter.Countries.Contains(c.Key)))
            .Select(c => new FacetValue(c.Key, c.Count, filter.Countries.Contains(c.Key)))
            .ToList();
        WithChosen(countries, filter.Countries);

        var selectedYear = SelectedStartYear(filter);

        var startYears = years.Select(y => new FacetValue(y.Key.ToString(CultureInfo.InvariantCulture), y.Count, y.Key == selectedYear)).ToList();
        if (selectedYear is { } year && !startYears.Any(y => y.Selected))
        {
            startYears.Add(new FacetValue(year.ToString(CultureInfo.InvariantCulture), 0, true));
            startYears.Sort((a, b) => string.CompareOrdinal(b.Value, a.Value));
        }

        return new ProjectFacets(
            countries,
            WithChosen(sectors.OrderByDescending(s => s.Count).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => new FacetValue(s.Key, s.Count, filter.Sectors.Contains(s.Key))).ToList(), filter.Sectors),
            WithChosen(statuses.OrderByDescending(s => s.Count).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => new FacetValue(s.Key, s.Count, filter.Statuses.Contains(s.Key))).ToList(), filter.Statuses),
            startYears);
    }

    private sealed record FacetCount<T>(T Key, int Count);

    /// <summary>
    /// A chosen value that nothing matches any more (the other filters exclude it) stays listed with 0, so the reader
    /// can still see it is chosen and un-choose it.
    /// </summary>
    private static List<FacetValue> WithChosen(List<FacetValue> values, IReadOnlyList<string> chosen)
    {
        values.AddRange(chosen.Where(c => !values.Any(v => v.Value == c)).Select(c => new FacetValue(c, 0, true)));
        return values;
    }

    /// <summary>The year the construction-start range covers exactly (startedFrom=2015-01-01, startedTo=2015-12-31), if it does.</summary>
    public static int? SelectedStartYear(ProjectFilter filter) =>
        filter is { StartedFrom: { Month: 1, Day: 1 } from, StartedTo: { Month: 12, Day: 31 } to } && from.Year == to.Year ? from.Year : null;
}
