using System.Globalization;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Sectors;

/// <summary>
/// The one place sectors are listed with their totals and read with their statistics; the API and the pages call it.
/// Totals count live, top-level agreements only (ADR-002), through <see cref="AgreementTotals"/>; an agreement in
/// several sectors counts fully toward each, so the sector totals may add up to more than the grand total.
/// </summary>
public sealed class SectorQuery(PortalDbContext db, ResultCache? cache = null)
{
    /// <summary>How many partner countries a sector profile lists.</summary>
    public const int TopCount = 10;

    /// <summary>The orders <see cref="Sorted"/> knows; without one, sectors keep their own order (the guideline's).</summary>
    public static readonly IReadOnlyList<string> SortKeys =
        ["name", "-name", "agreementCount", "-agreementCount", "valueUsd", "-valueUsd", "projectCount", "-projectCount"];

    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.IgnoreCase);
    private static readonly StringComparer ChineseNameOrder = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), CompareOptions.None);

    /// <summary>Every sector (or only the focus sectors, or only the others) with its totals, in the sectors' own order.</summary>
    public Task<IReadOnlyList<SectorSummaryDto>> ListAsync(bool? focus, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "sectors-list", new { focus }, [CacheTags.Agreements, CacheTags.Projects, CacheTags.Reference], ct => ComputeListAsync(focus, ct), cancellationToken);

    private async Task<IReadOnlyList<SectorSummaryDto>> ComputeListAsync(bool? focus, CancellationToken cancellationToken)
    {
        var sectors = db.Sectors.AsNoTracking();
        if (focus is { } isFocus)
        {
            sectors = sectors.Where(s => s.IsFocusSector == isFocus);
        }

        var rows = await sectors
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Code)
            .Select(s => new { s.Code, s.NameEn, s.NameZh, s.IsFocusSector })
            .ToListAsync(cancellationToken);

        // Totals of all sectors (about twenty) from the facet table, joined here.
        var agreements = (await AgreementTotals.BySectorAsync(db, cancellationToken)).ToDictionary(t => t.Code, StringComparer.Ordinal);
        var projects = await FacetTable.Totals(db, RecordFacet.Project, null, "sector")
            .ToDictionaryAsync(p => p.Value, p => p.Records, StringComparer.Ordinal, cancellationToken);

        return rows.Select(s =>
        {
            var totals = agreements.GetValueOrDefault(s.Code);
            return new SectorSummaryDto(
                s.Code, s.NameEn, s.NameZh, s.IsFocusSector, totals?.AgreementCount ?? 0, totals?.ValueUsd ?? 0m, projects.GetValueOrDefault(s.Code));
        }).ToList();
    }

    /// <summary>One sector with its statistics, or null when no sector has that code (any case).</summary>
    public Task<SectorDetailDto?> DetailAsync(string code, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "sector-detail", code.ToLowerInvariant(), [CacheTags.Agreements, CacheTags.Projects, CacheTags.Reference],
            ct => ComputeDetailAsync(code, ct), cancellationToken);

    private async Task<SectorDetailDto?> ComputeDetailAsync(string code, CancellationToken cancellationToken)
    {
        if (Normalised(code) is not { } key)
        {
            return null;
        }

        var head = await db.Sectors.AsNoTracking()
            .Where(s => s.Code == key)
            .Select(s => new
            {
                s.Code,
                s.NameEn,
                s.NameZh,
                s.IsFocusSector,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return null;
        }

        var scope = AgreementTotals.InSector(key);
        var summary = await AgreementTotals.SummaryAsync(db, scope, cancellationToken);
        IReadOnlyList<CountryShareDto> topCountries = [];
        IReadOnlyList<YearValueDto> valueByYear = [];
        if (summary.AgreementCount > 0)
        {
            topCountries = await AgreementTotals.TopCountriesAsync(db, scope, AgreementQuery.HomeCountry, TopCount, cancellationToken);
            valueByYear = await AgreementTotals.ValueByYearAsync(db, scope, cancellationToken);
        }

        var projectCount = await FacetTable.CountAsync(db, RecordFacet.Project, [new FacetCondition("sector", [key], SingleValued: false)], everyRecordHasOne: "status", cancellationToken);
        return new SectorDetailDto(
            head.Code, head.NameEn, head.NameZh, head.IsFocusSector, summary.AgreementCount, summary.ValueUsd, projectCount,
            topCountries, valueByYear, summary.ByStatus);
    }

    /// <summary>
    /// Rows of <see cref="ListAsync"/> in the order <paramref name="sort"/> names (one of <see cref="SortKeys"/>), ties
    /// kept in the sectors' own order; null keeps that order. Names sort by the Chinese name (pinyin) for Chinese readers.
    /// </summary>
    public static IReadOnlyList<SectorSummaryDto> Sorted(IReadOnlyList<SectorSummaryDto> rows, string? sort, bool chineseNames = false)
    {
        Func<SectorSummaryDto, string> name = chineseNames ? r => r.NameZh : r => r.NameEn;
        var names = chineseNames ? ChineseNameOrder : NameOrder;

        // LINQ's OrderBy is stable, so equal totals stay in the sectors' own order.
        return (sort switch
        {
            "name" => rows.OrderBy(name, names),
            "-name" => rows.OrderByDescending(name, names),
            "agreementCount" => rows.OrderBy(r => r.AgreementCount),
            "-agreementCount" => rows.OrderByDescending(r => r.AgreementCount),
            "valueUsd" => rows.OrderBy(r => r.ValueUsd),
            "-valueUsd" => rows.OrderByDescending(r => r.ValueUsd),
            "projectCount" => rows.OrderBy(r => r.ProjectCount),
            "-projectCount" => rows.OrderByDescending(r => r.ProjectCount),
            _ => rows.AsEnumerable(),
        }).ToList();
    }

    /// <summary>The lower-case code when it could be one (the database allows [a-z][a-z0-9-]*, at most 40); else null.</summary>
    private static string? Normalised(string code)
    {
        var key = code.ToLowerInvariant();
        return key.Length is > 0 and <= 40 && char.IsAsciiLetterLower(key[0]) && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? key
            : null;
    }
}
