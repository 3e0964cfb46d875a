using System.Text.Json;
using System.Text.Json.Serialization;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Projects;

/// <summary>A production capacity: a value and its unit ("3.5" "Mt/yr", "1100" "MW").</summary>
public sealed record CapacityDto(decimal Value, string Unit);

/// <summary>One row of a project list. Dates are strings at the precision known, with that precision beside them.</summary>
public sealed record ProjectSummaryDto(
    long Id,
    string Slug,
    string Name,
    string? NameZh,
    CountryRefDto HostCountry,
    string Status,
    IReadOnlyList<string> Sectors,
    MoneyDto? Investment,
    CapacityDto? Capacity,
    int? JobsCreated,
    string? AnnouncedOn,
    string? AnnouncedOnPrecision,
    string? ConstructionStartOn,
    string? ConstructionStartOnPrecision,
    string? CompletedOn,
    string? CompletedOnPrecision,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<long> AgreementIds);

/// <summary>The properties of a project's feature in the GeoJSON export: flat, so GIS tools show them as columns.</summary>
public sealed record ProjectFeatureProperties(
    long Id, string Name, string Status, string HostCountry, IReadOnlyList<string> Sectors, decimal? InvestmentUsd, string Url);

/// <summary>A company (or other organisation) involved in a project, in the role it plays there.</summary>
public sealed record ProjectCompanyDto(long OrganisationId, string Name, string? Country, string Role);

/// <summary>One project with everything that hangs off it.</summary>
public sealed record ProjectDetailDto(
    long Id,
    string Slug,
    string Name,
    string? NameZh,
    CountryRefDto HostCountry,
    string Status,
    IReadOnlyList<string> Sectors,
    MoneyDto? Investment,
    CapacityDto? Capacity,
    int? JobsCreated,
    string? AnnouncedOn,
    string? AnnouncedOnPrecision,
    string? ConstructionStartOn,
    string? ConstructionStartOnPrecision,
    string? CompletedOn,
    string? CompletedOnPrecision,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<long> AgreementIds,
    string? Summary,
    string? InvestmentNote,
    IReadOnlyList<AgreementRefDto> Agreements,
    IReadOnlyList<ProjectCompanyDto> Companies,
    IReadOnlyList<SourceDto> Sources,
    bool Archived,
    DateTimeOffset? ArchivedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A company in a create/replace request: an existing organisation and its role in the project.</summary>
public sealed record CompanyInput(long? OrganisationId, string? Role);

/// <summary>A capacity in a create/replace request: both value and unit, or neither.</summary>
public sealed record CapacityInput(decimal? Value, string? Unit);

/// <summary>The body of POST and PUT /api/v1/projects (PUT replaces the whole record).</summary>
public sealed record ProjectInput
{
    public string? Name { get; init; }
    public string? NameZh { get; init; }

    /// <summary>ISO 3166-1 alpha-3 code of the country the project is in.</summary>
    public string? HostCountry { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<string>? Sectors { get; init; }

    /// <summary>The agreements the project implements.</summary>
    public IReadOnlyList<long>? AgreementIds { get; init; }
    public IReadOnlyList<CompanyInput>? Companies { get; init; }
    public MoneyInput? Investment { get; init; }
    public string? InvestmentNote { get; init; }
    public CapacityInput? Capacity { get; init; }

    /// <summary>A long so that an absurd figure is a named field error rather than an unreadable body.</summary>
    public long? JobsCreated { get; init; }

    /// <summary>Dates at the precision known: "2015", "2015-05" or "2015-05-19".</summary>
    public string? AnnouncedOn { get; init; }
    public string? ConstructionStartOn { get; init; }
    public string? CompletedOn { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<SourceInput>? Sources { get; init; }

    /// <summary>Optional stable key; made from the name when left out on create.</summary>
    public string? Slug { get; init; }

    /// <summary>Fields the contract does not know; reported as errors rather than silently dropped.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownFields { get; init; }
}
