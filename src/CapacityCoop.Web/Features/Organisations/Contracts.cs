using System.Text.Json;
using System.Text.Json.Serialization;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Organisations;

/// <summary>A company, ministry, fund or bank, as lists and the detail show it.</summary>
public sealed record OrganisationDto(
    long Id,
    string Slug,
    string Name,
    string? NameZh,
    string Kind,
    CountryRefDto? Country,
    bool Archived,
    DateTimeOffset? ArchivedAt);

/// <summary>The body of POST and PUT /api/v1/organisations (PUT replaces the whole record).</summary>
public sealed record OrganisationInput
{
    public string? Name { get; init; }
    public string? NameZh { get; init; }

    /// <summary>company, ministry, government, fund, bank or other.</summary>
    public string? Kind { get; init; }

    /// <summary>ISO 3166-1 alpha-3 code of the country the organisation belongs to, if any.</summary>
    public string? Country { get; init; }

    /// <summary>Optional stable key; made from the name when left out on create.</summary>
    public string? Slug { get; init; }

    /// <summary>Fields the contract does not know; reported as errors rather than silently dropped.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownFields { get; init; }
}
