using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Countries;

/// <summary>
/// One row of the country list. <c>agreementCount</c> and <c>valueUsd</c> cover the live agreements the country is a
/// party to that count toward totals (ADR-002); <c>projectCount</c> the live projects it hosts.
/// </summary>
public sealed record CountrySummaryDto(
    string Iso3,
    string Iso2,
    string NameEn,
    string NameZh,
    string Region,
    IReadOnlyList<string> Blocs,
    int AgreementCount,
    decimal ValueUsd,
    int ProjectCount);

/// <summary>One country with its statistics; the figures are counted as in the list.</summary>
public sealed record CountryDetailDto(
    string Iso3,
    string Iso2,
    string NameEn,
    string NameZh,
    string Region,
    IReadOnlyList<string> Blocs,
    int AgreementCount,
    decimal ValueUsd,
    int ProjectCount,
    IReadOnlyDictionary<string, int> AgreementsByKind,
    IReadOnlyDictionary<string, int> AgreementsByStatus,
    IReadOnlyList<SectorShareDto> TopSectors,
    string? FirstSigned,
    string? LastSigned,
    IReadOnlyList<CountryShareDto> Partners,
    CountryLinksDto Links);

/// <summary>A sector's share of a country's counted agreements.</summary>
public sealed record SectorShareDto(string Code, string Name, string NameZh, int AgreementCount, decimal ValueUsd);

/// <summary>Where to read further: the country's agreements, its projects and its value by year.</summary>
public sealed record CountryLinksDto(string Agreements, string Projects, string ValueByYear);

/// <summary>A project a country hosts, as its profile lists it.</summary>
public sealed record CountryProjectDto(long Id, string Name, string? NameZh, string Status, IReadOnlyList<SectorRefDto> Sectors);
