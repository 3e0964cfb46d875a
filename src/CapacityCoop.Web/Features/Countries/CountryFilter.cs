using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Countries;

/// <summary>Every way the country list can be narrowed, sorted and paged; parsed once, used by API and pages.</summary>
public sealed record CountryFilter
{
    /// <summary>All 249 countries fit on the default page.</summary>
    public const int DefaultPageSize = 300;
    public const int MaxPageSize = 300;
    public const string DefaultSort = "name";

    public static readonly IReadOnlyList<string> SortKeys =
        ["name", "-name", "agreementCount", "-agreementCount", "valueUsd", "-valueUsd", "projectCount", "-projectCount"];

    public static readonly IReadOnlyList<string> Parameters = ["region", "bloc", "q", "hasAgreements", "sort", "page", "pageSize"];

    /// <summary>The parameters as the OpenAPI document describes them.</summary>
    public static readonly IReadOnlyList<QueryParameterDoc> Docs =
    [
        new("region", "Region, by name or slug; comma list.", Values: Vocabulary.Regions, Example: "Africa"),
        new("bloc", "Bloc code (SCO, ASEAN, AU, EU, BRICS, CELAC, EAEU, GCC); comma list.", Example: "SCO"),
        new("q", "A piece of the English or Chinese name, or the ISO code.", Example: "kaz"),
        new("hasAgreements", "true: only countries party to at least one counted agreement; false: only those with none.", Type: "boolean"),
        new("sort", $"Sort key; '-' for descending. Default {DefaultSort}.", Values: SortKeys, Example: "-valueUsd"),
        new("page", "Page number, from 1.", Type: "integer", Minimum: 1),
        new("pageSize", $"Items per page, 1–{MaxPageSize} (default {DefaultPageSize}: one page holds every country).", Type: "integer", Minimum: 1, Maximum: MaxPageSize),
    ];

    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Blocs { get; init; } = [];

    /// <summary>A case-insensitive substring of the English or Chinese name, the ISO3 or the ISO2 code.</summary>
    public string? Q { get; init; }

    public bool? HasAgreements { get; init; }

    /// <summary>Sort by the Chinese name (pinyin order) instead of the English one: the pages set it for Chinese readers.</summary>
    public bool SortByChineseName { get; init; }

    public string Sort { get; init; } = DefaultSort;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public static CountryFilter Parse(QueryParameters query, ReferenceData.Snapshot reference)
    {
        var filter = new CountryFilter
        {
            Regions = query.List("region", Vocabulary.Regions, RegionNames.FromSlug),
            Blocs = query.List("bloc", reference.Blocs.Keys.ToList()),
            Q = query.String("q", maxLength: 100),
            HasAgreements = query.Bool("hasAgreements"),
            Sort = query.List("sort", SortKeys).FirstOrDefault() ?? DefaultSort,
            Page = query.Int("page", 1, 1, 1_000_000),
            PageSize = query.Int("pageSize", DefaultPageSize, 1, MaxPageSize),
        };

        if (query.String("sort") is { } sort && sort.Contains(','))
        {
            query.AddError("sort", "'sort' takes one key.");
        }

        return filter;
    }
}
