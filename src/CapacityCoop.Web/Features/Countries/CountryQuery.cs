using System.Globalization;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Countries;

/// <summary>
/// The one place countries are listed with their totals and read with their statistics; the API and the pages call it.
/// Totals count live, top-level agreements only (ADR-002), through <see cref="AgreementTotals"/>.
/// </summary>
public sealed class CountryQuery(PortalDbContext db, ResultCache? cache = null)
{
    /// <summary>How many sectors and partners a country profile lists.</summary>
    public const int TopCount = 10;

    /// <summary>How many projects a country profile page lists (the rest are a link away).</summary>
    public const int ProjectListCount = 20;

    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.IgnoreCase);
    private static readonly StringComparer ChineseNameOrder = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), CompareOptions.None);

    public Task<PagedResult<CountrySummaryDto>> PageAsync(CountryFilter filter, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "countries-page", filter, [CacheTags.Agreements, CacheTags.Projects, CacheTags.Reference], ct => ComputePageAsync(filter, ct), cancellationToken);

    private async Task<PagedResult<CountrySummaryDto>> ComputePageAsync(CountryFilter filter, CancellationToken cancellationToken)
    {
        var countries = await Filtered(filter)
            .Select(c => new
            {
                c.Iso3,
                c.Iso2,
                c.NameEn,
                c.NameZh,
                c.Region,
                Blocs = c.Blocs.OrderBy(b => b.BlocCode).Select(b => b.BlocCode).ToList(),
            })
            .ToListAsync(cancellationToken);

        // Totals per country from the facet table, joined here: the list is reference-sized (249 rows), so sorting
        // and paging by a total in memory is cheap.
        var agreements = (await AgreementTotals.ByCountryAsync(db, excluded: null, cancellationToken)).ToDictionary(t => t.Iso3, StringComparer.Ordinal);
        var projects = await FacetTable.Totals(db, RecordFacet.Project, null, "country")
            .ToDictionaryAsync(p => p.Value, p => p.Records, StringComparer.Ordinal, cancellationToken);

        var rows = countries.Select(c =>
        {
            var totals = agreements.GetValueOrDefault(c.Iso3);
            return new CountrySummaryDto(
                c.Iso3, c.Iso2, c.NameEn, c.NameZh, c.Region, c.Blocs,
                totals?.AgreementCount ?? 0, totals?.ValueUsd ?? 0m, projects.GetValueOrDefault(c.Iso3));
        });

        if (filter.HasAgreements is { } has)
        {
            rows = rows.Where(r => (r.AgreementCount > 0) == has);
        }

        var sorted = Sorted(rows, filter.Sort, filter.SortByChineseName).ToList();
        return new PagedResult<CountrySummaryDto>(
            sorted.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).ToList(),
            filter.Page,
            filter.PageSize,
            sorted.Count,
            (int)Math.Ceiling(sorted.Count / (double)filter.PageSize));
    }

    /// <summary>One country with its statistics, or null when no country has that ISO3 code (any case).</summary>
    public Task<CountryDetailDto?> DetailAsync(string iso3, CancellationToken cancellationToken = default) =>
        ResultCache.Through(cache, "country-detail", iso3.ToUpperInvariant(), CountryTags(iso3), ct => ComputeDetailAsync(iso3, ct), cancellationToken);

    /// <summary>A country's figures change only with its own agreements and projects (and the reference names they show).</summary>
    private static string[] CountryTags(string iso3) =>
        [CacheTags.AgreementsOf(iso3.ToUpperInvariant()), CacheTags.ProjectsOf(iso3.ToUpperInvariant()), CacheTags.Reference];

    private async Task<CountryDetailDto?> ComputeDetailAsync(string iso3, CancellationToken cancellationToken)
    {
        if (Normalised(iso3) is not { } code)
        {
            return null;
        }

        // Every figure is an indexed read of the facet table or of one index (ADR-010): one connection, one after another.
        var head = await HeadAsync(code, cancellationToken);
        if (head is null)
        {
            return null;
        }

        var scope = AgreementTotals.OfCountry(code);
        var summary = await AgreementTotals.SummaryAsync(db, scope, cancellationToken);
        var topSectors = await AgreementTotals.TopSectorsAsync(db, scope, TopCount, cancellationToken);

        // For China (the home country) these are its partner countries; for any other country, the countries on the
        // other side of its agreements (China, mostly).
        var partners = await AgreementTotals.TopCountriesAsync(db, scope, code, TopCount, cancellationToken);

        var projectCount = await FacetTable.CountAsync(db, RecordFacet.Project, [new FacetCondition("country", [code], SingleValued: true)], everyRecordHasOne: "status", cancellationToken);
        return new CountryDetailDto(
            head.Iso3, head.Iso2, head.NameEn, head.NameZh, head.Region, head.Blocs,
            summary.AgreementCount, summary.ValueUsd, projectCount,
            summary.ByKind, summary.ByStatus, topSectors, summary.FirstSigned, summary.LastSigned, partners,
            new CountryLinksDto(
                $"/api/v1/agreements?country={head.Iso3}",
                $"/api/v1/projects?country={head.Iso3}",
                $"/api/v1/countries/{head.Iso3}/stats/value-by-year"));
    }

    /// <summary>The country's counted agreements and value per signing year without gaps; null for an unknown country.</summary>
    public Task<IReadOnlyList<YearValueDto>?> ValueByYearAsync(string iso3, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "country-years", iso3.ToUpperInvariant(), [CacheTags.AgreementsOf(iso3.ToUpperInvariant()), CacheTags.Reference],
            ct => ComputeValueByYearAsync(iso3, ct), cancellationToken);

    private async Task<IReadOnlyList<YearValueDto>?> ComputeValueByYearAsync(string iso3, CancellationToken cancellationToken)
    {
        if (Normalised(iso3) is not { } code || !await db.Countries.AnyAsync(c => c.Iso3 == code, cancellationToken))
        {
            return null;
        }

        return await AgreementTotals.ValueByYearAsync(db, AgreementTotals.OfCountry(code), cancellationToken);
    }

    /// <summary>
    /// The first <paramref name="take"/> live projects the country hosts, by name, with their sectors; empty for an
    /// unknown country. The profile page shows these beside the count in <see cref="CountryDetailDto.ProjectCount"/>.
    /// </summary>
    public Task<IReadOnlyList<CountryProjectDto>> ProjectsAsync(string iso3, int take = ProjectListCount, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "country-projects", new { Iso3 = iso3.ToUpperInvariant(), take }, [CacheTags.ProjectsOf(iso3.ToUpperInvariant()), CacheTags.Reference],
            ct => ComputeProjectsAsync(iso3, take, ct), cancellationToken);

    private async Task<IReadOnlyList<CountryProjectDto>> ComputeProjectsAsync(string iso3, int take, CancellationToken cancellationToken)
    {
        if (Normalised(iso3) is not { } code)
        {
            return [];
        }

        return await db.Projects.AsNoTracking()
            .Where(p => p.HostCountryIso3 == code && p.ArchivedAt == null)
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Take(take)
            .Select(p => new CountryProjectDto(
                p.Id,
                p.Name,
                p.NameZh,
                p.Status,
                p.Sectors.OrderBy(s => s.Sector!.SortOrder).Select(s => new SectorRefDto(s.SectorCode, s.Sector!.NameEn, s.Sector.NameZh)).ToList()))
            .ToListAsync(cancellationToken);
    }

    private IQueryable<Country> Filtered(CountryFilter filter)
    {
        var query = db.Countries.AsNoTracking();
        if (filter.Regions.Count > 0)
        {
            var regions = filter.Regions;
            query = query.Where(c => regions.Contains(c.Region));
        }

        if (filter.Blocs.Count > 0)
        {
            var blocs = filter.Blocs;
            query = query.Where(c => c.Blocs.Any(b => blocs.Contains(b.BlocCode)));
        }

        if (filter.Q is { } q)
        {
            var pattern = $"%{EscapeLike(q)}%";
            query = query.Where(c => EF.Functions.ILike(c.NameEn, pattern) || EF.Functions.ILike(c.NameZh, pattern)
                || EF.Functions.ILike(c.Iso3, pattern) || EF.Functions.ILike(c.Iso2, pattern));
        }

        return query;
    }

    private static IEnumerable<CountrySummaryDto> Sorted(IEnumerable<CountrySummaryDto> rows, string sort, bool chineseNames)
    {
        // Chinese readers expect names in pinyin order, which the zh-CN collation gives.
        Func<CountrySummaryDto, string> name = chineseNames ? r => r.NameZh : r => r.NameEn;
        var names = chineseNames ? ChineseNameOrder : NameOrder;
        var ordered = sort switch
        {
            "-name" => rows.OrderByDescending(name, names),
            "agreementCount" => rows.OrderBy(r => r.AgreementCount).ThenBy(name, names),
            "-agreementCount" => rows.OrderByDescending(r => r.AgreementCount).ThenBy(name, names),
            "valueUsd" => rows.OrderBy(r => r.ValueUsd).ThenBy(name, names),
            "-valueUsd" => rows.OrderByDescending(r => r.ValueUsd).ThenBy(name, names),
            "projectCount" => rows.OrderBy(r => r.ProjectCount).ThenBy(name, names),
            "-projectCount" => rows.OrderByDescending(r => r.ProjectCount).ThenBy(name, names),
            _ => rows.OrderBy(name, names),
        };
        return ordered.ThenBy(r => r.Iso3, StringComparer.Ordinal);
    }

    /// <summary>The upper-case code for three ASCII letters; anything else cannot be a country (and never reaches SQL).</summary>
    private static string? Normalised(string iso3) =>
        iso3.Length == 3 && iso3.All(char.IsAsciiLetter) ? iso3.ToUpperInvariant() : null;

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private Task<CountryHead?> HeadAsync(string code, CancellationToken cancellationToken) => db.Countries.AsNoTracking()
        .Where(c => c.Iso3 == code)
        .Select(c => new CountryHead(
            c.Iso3,
            c.Iso2,
            c.NameEn,
            c.NameZh,
            c.Region,
            c.Blocs.OrderBy(b => b.BlocCode).Select(b => b.BlocCode).ToList()))
        .SingleOrDefaultAsync(cancellationToken);

    private sealed record CountryHead(string Iso3, string Iso2, string NameEn, string NameZh, string Region, List<string> Blocs);
}
