using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Sectors;

/// <summary>
/// One sector with its totals: the live agreements covering it that count toward totals (ADR-002), their US-dollar
/// value, and the live projects in it. An agreement in several sectors counts fully toward each.
/// </summary>
public sealed record SectorSummaryDto(
    string Code,
    string NameEn,
    string NameZh,
    bool IsFocusSector,
    int AgreementCount,
    decimal ValueUsd,
    int ProjectCount);

/// <summary>One sector with its statistics; the figures are counted as in the list.</summary>
public sealed record SectorDetailDto(
    string Code,
    string NameEn,
    string NameZh,
    bool IsFocusSector,
    int AgreementCount,
    decimal ValueUsd,
    int ProjectCount,
    IReadOnlyList<CountryShareDto> TopCountries,
    IReadOnlyList<YearValueDto> ValueByYear,
    IReadOnlyDictionary<string, int> AgreementsByStatus);
