using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Organisations;

/// <summary>How the organisation list (a lookup for staff picking parties and companies) can be narrowed and paged.</summary>
public sealed record OrganisationFilter
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    public static readonly IReadOnlyList<string> Parameters = ["country", "kind", "q", "page", "pageSize"];

    /// <summary>The parameters as the OpenAPI document describes them.</summary>
    public static readonly IReadOnlyList<QueryParameterDoc> Docs =
    [
        new("country", "ISO 3166-1 alpha-3 code of the organisation's country; comma list.", Example: "CHN"),
        new("kind", "Organisation kind; comma list.", Values: Vocabulary.OrganisationKinds, Example: "company"),
        new("q", "A piece of the English or Chinese name (case-insensitive).", Example: "Chery"),
        new("page", "Page number, from 1.", Type: "integer", Minimum: 1),
        new("pageSize", $"Items per page, 1–{MaxPageSize}.", Type: "integer", Minimum: 1, Maximum: MaxPageSize),
    ];

    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>A case-insensitive piece of the English or Chinese name.</summary>
    public string? Q { get; init; }

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public static OrganisationFilter Parse(QueryParameters query, ReferenceData.Snapshot reference) => new()
    {
        Countries = query.List("country", reference.Countries.Keys.ToList()),
        Kinds = query.List("kind", Vocabulary.OrganisationKinds),
        Q = query.String("q", maxLength: 200),
        Page = query.Int("page", 1, 1, 1_000_000),
        PageSize = query.Int("pageSize", DefaultPageSize, 1, MaxPageSize),
    };
}
