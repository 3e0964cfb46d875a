using System.Text.Json;
using System.Text.Json.Serialization;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Agreements;

/// <summary>One row of an agreement list.</summary>
public sealed record AgreementSummaryDto(
    long Id,
    string Slug,
    string Title,
    string? TitleZh,
    string Kind,
    string Status,
    string? SignedOn,
    string? SignedOnPrecision,
    string? SignedPlace,
    MoneyDto? Value,
    bool CountsTowardTotals,
    long? ParentAgreementId,
    IReadOnlyList<PartyDto> Parties,
    IReadOnlyList<string> Sectors);

/// <summary>One agreement with everything that hangs off it.</summary>
public sealed record AgreementDetailDto(
    long Id,
    string Slug,
    string Title,
    string? TitleZh,
    string Kind,
    string Status,
    string? SignedOn,
    string? SignedOnPrecision,
    string? SignedPlace,
    string? Signatories,
    MoneyDto? Value,
    string? ValueNote,
    bool CountsTowardTotals,
    string? Summary,
    string? Event,
    AgreementRefDto? ParentAgreement,
    IReadOnlyList<AgreementRefDto> ChildAgreements,
    IReadOnlyList<PartyDto> Parties,
    IReadOnlyList<SectorRefDto> Sectors,
    IReadOnlyList<ProjectRefDto> Projects,
    IReadOnlyList<SourceDto> Sources,
    bool Archived,
    DateTimeOffset? ArchivedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// What an agreement promised beside what the projects that implement it deliver: the signed value, the projects'
/// investment in US dollars (summed over the projects that state one), how many projects are at each status, and for
/// each project how long it took from signature to construction start and to completion.
/// </summary>
public sealed record AgreementDeliveryDto(
    long AgreementId,
    string? SignedOn,
    MoneyDto? SignedValue,
    decimal? InvestmentUsd,
    int ProjectsWithInvestmentUsd,
    IReadOnlyList<StatusCountDto> StatusMix,
    IReadOnlyList<DeliveryProjectDto> Projects);

/// <summary>How many projects are at one status.</summary>
public sealed record StatusCountDto(string Status, int Count);

/// <summary>One project implementing an agreement. The month spans are null when a date is missing (or the agreement's signing date is).</summary>
public sealed record DeliveryProjectDto(
    long Id,
    string Name,
    string? NameZh,
    string HostCountry,
    string HostCountryName,
    string HostCountryNameZh,
    string Status,
    MoneyDto? Investment,
    string? ConstructionStartOn,
    string? CompletedOn,
    MonthSpan? MonthsToConstructionStart,
    MonthSpan? MonthsToCompletion);

/// <summary>A party in a create/replace request: exactly one of country (ISO3), bloc (code) or organisationId.</summary>
public sealed record PartyInput(string? Country, string? Bloc, long? OrganisationId);

/// <summary>The body of POST and PUT /api/v1/agreements (PUT replaces the whole record).</summary>
public sealed record AgreementInput
{
    public string? Title { get; init; }
    public string? TitleZh { get; init; }
    public string? Kind { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<PartyInput>? Parties { get; init; }

    /// <summary>A date at the precision known: "2015", "2015-05" or "2015-05-19".</summary>
    public string? SignedOn { get; init; }
    public string? SignedPlace { get; init; }
    public string? Signatories { get; init; }
    public MoneyInput? Value { get; init; }
    public string? ValueNote { get; init; }
    public IReadOnlyList<string>? Sectors { get; init; }
    public string? Summary { get; init; }
    public string? Event { get; init; }
    public long? ParentAgreementId { get; init; }
    public IReadOnlyList<SourceInput>? Sources { get; init; }

    /// <summary>Optional stable key; made from the title when left out on create.</summary>
    public string? Slug { get; init; }

    /// <summary>Fields the contract does not know; reported as errors rather than silently dropped.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownFields { get; init; }
}
