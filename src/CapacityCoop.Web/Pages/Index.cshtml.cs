using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Maps;
using CapacityCoop.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Pages;

/// <summary>Headline figures, the value-by-year chart, the world map of partners, the latest agreements.</summary>
public sealed class IndexModel(PortalDbContext db, AgreementQuery agreements, ReferenceData referenceData, WorldMap worldMap, ResultCache cache) : PageModel
{
    public HeadlineFigures Figures { get; private set; } = new(0, 0, 0, 0);

    public IReadOnlyList<YearValueDto> ValueByYear { get; private set; } = [];

    public IReadOnlyList<AgreementTotals.CountryTotal> Partners { get; private set; } = [];

    /// <summary>"value" (default) or "count": what the map is shaded by; kept in the URL (?map=count).</summary>
    public string MapMeasure { get; private set; } = "value";

    public string MapSvg { get; private set; } = "";

    public IReadOnlyList<AgreementSummaryDto> Latest { get; private set; } = [];

    public ReferenceData.Snapshot Reference { get; private set; } = null!;

    public async Task OnGetAsync(string? map, CancellationToken cancellationToken)
    {
        MapMeasure = map == "count" ? "count" : "value";
        Reference = await referenceData.GetAsync(cancellationToken);
        var overview = await cache.GetOrCreateAsync(
            "home", "overview", [CacheTags.Agreements, CacheTags.Projects, CacheTags.Reference], OverviewAsync, cancellationToken);
        (Figures, ValueByYear, Partners) = (overview.Figures, overview.ValueByYear, overview.Partners);
        Latest = (await agreements.PageAsync(new AgreementFilter { PageSize = 10 }, cancellationToken)).Items;

        var byCountry = Partners.ToDictionary(c => c.Iso3, c => MapMeasure == "count" ? c.AgreementCount : c.ValueUsd);
        MapSvg = worldMap.RenderChoropleth(
            byCountry,
            iso3 => $"/countries/{iso3}",
            (iso3, value) => MapMeasure == "count" ? $"{Formats.Count((int)value)} {Localized("kpi-agreements")}" : Formats.Usd(value),
            MapMeasure == "count" ? Localized("Agreements per partner country") : Localized("Signed value per partner country (USD)"),
            legendFormat: MapMeasure == "count" ? v => Formats.Count((int)v) : Formats.Usd);
    }

    private async Task<Overview> OverviewAsync(CancellationToken cancellationToken)
    {
        // Every figure from the facet table (ADR-010): a few hundred rows, however many records there are.
        var partners = (await AgreementTotals.ByCountryAsync(db, AgreementQuery.HomeCountry, cancellationToken))
            .OrderByDescending(c => c.ValueUsd).ThenByDescending(c => c.AgreementCount)
            .ToList();
        var kinds = await AgreementTotals.By(db, null, "kind").ToListAsync(cancellationToken);
        var figures = new HeadlineFigures(
            Agreements: kinds.Sum(k => k.CountedRecords),
            ValueUsd: kinds.Sum(k => k.CountedValueUsd),
            Projects: await FacetTable.CountAsync(db, RecordFacet.Project, [], everyRecordHasOne: "status", cancellationToken),
            PartnerCountries: partners.Count);
        return new Overview(figures, await AgreementTotals.ValueByYearAsync(db, null, cancellationToken), partners);
    }

    private sealed record Overview(HeadlineFigures Figures, IReadOnlyList<YearValueDto> ValueByYear, IReadOnlyList<AgreementTotals.CountryTotal> Partners);

    public string CountryName(string iso3) =>
        Reference.Countries.TryGetValue(iso3, out var c) ? PortalLocalization.Pick(c.NameEn, c.NameZh) : iso3;

    private string Localized(string text) =>
        HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()[text];

    public sealed record HeadlineFigures(int Agreements, decimal ValueUsd, int Projects, int PartnerCountries);
}
