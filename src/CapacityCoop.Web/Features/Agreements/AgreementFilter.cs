using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Agreements;

/// <summary>Every way the agreement list can be narrowed, sorted and paged; parsed once, used by API, pages and exports.</summary>
public sealed record AgreementFilter : IFacetFilter<AgreementFilter>
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    public static readonly IReadOnlyList<string> SortKeys = ["signedOn", "-signedOn", "valueUsd", "-valueUsd", "title", "-title"];

    /// <summary>The query parameters the list endpoint accepts (plus <c>format</c> for exports).</summary>
    public static readonly IReadOnlyList<string> Parameters =
        ["country", "region", "sector", "kind", "status", "signedFrom", "signedTo", "minValueUsd", "maxValueUsd", "q", "sort", "page", "pageSize", "format"];

    /// <summary>The parameters as the OpenAPI document describes them.</summary>
    public static readonly IReadOnlyList<QueryParameterDoc> Docs =
    [
        new("country", "ISO 3166-1 alpha-3 code of a party; a comma list matches any of them.", Example: "KAZ,BRA"),
        new("region", "Region of a partner (non-Chinese) party, by name or slug; comma list.", Values: Vocabulary.Regions, Example: "Asia"),
        new("sector", "Sector code (see /api/v1/sectors); comma list.", Example: "steel"),
        new("kind", "Agreement kind; comma list.", Values: Vocabulary.AgreementKinds, Example: "framework"),
        new("status", "Agreement status; comma list.", Values: Vocabulary.AgreementStatuses, Example: "signed"),
        new("signedFrom", "Signed on or after this ISO date (2015 or 2015-05 mean the start of that period).", Format: "date", Example: "2015-01-01"),
        new("signedTo", "Signed on or before this ISO date (2015 or 2015-05 mean the end of that period).", Format: "date", Example: "2015-12-31"),
        new("minValueUsd", "Smallest US-dollar value.", Type: "number", Example: "1000000000"),
        new("maxValueUsd", "Largest US-dollar value.", Type: "number"),
        new("q", "Full-text search over title and summary (web-search syntax: \"phrase\", -word, or).", Example: "railway"),
        new("sort", "Sort key; '-' for descending. Default -signedOn (undated last), or best match when q is given.", Values: SortKeys, Example: "-valueUsd"),
        new("page", "Page number, from 1.", Type: "integer", Minimum: 1, Example: "1"),
        new("pageSize", $"Items per page, 1–{MaxPageSize}.", Type: "integer", Minimum: 1, Maximum: MaxPageSize, Example: "25"),
        new("format", "csv or json: stream the whole filtered set (every page) instead of one page. Accept: text/csv also asks for CSV.", Values: Exports.Formats),
    ];

    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public IReadOnlyList<string> Kinds { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public DateOnly? SignedFrom { get; init; }
    public DateOnly? SignedTo { get; init; }
    public decimal? MinValueUsd { get; init; }
    public decimal? MaxValueUsd { get; init; }
    public string? Q { get; init; }

    /// <summary>Null means "best match first" when <see cref="Q"/> is given, else newest first.</summary>
    public string? Sort { get; init; }

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// This filter as conditions on the facet dimensions (<see cref="FacetTable"/>; names as in
    /// 20261204120000_ReadPath.sql), its full-text query, and the rest that no dimension holds — a signing-date range
    /// that is not whole years, a value range off the value bands — as a filter of its own (null when there is no rest).
    /// </summary>
    public FacetFilter<AgreementFilter> ForFacets()
    {
        var conditions = new List<FacetCondition>();
        var rest = new AgreementFilter();
        void Add(string dimension, IReadOnlyList<string> values, bool singleValued)
        {
            if (values.Count > 0)
            {
                conditions.Add(new FacetCondition(dimension, values, singleValued));
            }
        }

        Add("country", Countries, singleValued: false);
        Add("region", Regions, singleValued: false);
        Add("sector", Sectors, singleValued: false);
        Add("kind", Kinds, singleValued: true);
        Add("status", Statuses, singleValued: true);
        if (SignedFrom is not null || SignedTo is not null)
        {
            if (FacetTable.WholeYears(SignedFrom, SignedTo) is { } years)
            {
                Add("year", years, singleValued: true);
            }
            else
            {
                if (FacetTable.SingleYear(SignedFrom, SignedTo) is { } year)
                {
                    Add("year", [year], singleValued: true);
                }

                rest = rest with { SignedFrom = SignedFrom, SignedTo = SignedTo };
            }
        }

        if (MinValueUsd is not null || MaxValueUsd is not null)
        {
            if (ValueBand.Covering(MinValueUsd, MaxValueUsd) is { } bands)
            {
                Add("band", bands, singleValued: true);
            }
            else
            {
                rest = rest with { MinValueUsd = MinValueUsd, MaxValueUsd = MaxValueUsd };
            }
        }

        var hasRest = rest.SignedFrom is not null || rest.SignedTo is not null || rest.MinValueUsd is not null || rest.MaxValueUsd is not null;
        return new FacetFilter<AgreementFilter>(conditions, Q, hasRest ? rest : null);
    }

    /// <summary>This filter as disjoint filters by signing date: whole years, which the facet table counts, and part years.</summary>
    public IReadOnlyList<AgreementFilter> Parts() =>
        FacetTable.YearParts(SignedFrom, SignedTo).Select(range => this with { SignedFrom = range.From, SignedTo = range.To }).ToList();

    public static AgreementFilter Parse(QueryParameters query, ReferenceData.Snapshot reference)
    {
        var filter = new AgreementFilter
        {
            Countries = query.List("country", reference.Countries.Keys.ToList()),
            Regions = query.List("region", Vocabulary.Regions, RegionNames.FromSlug),
            Sectors = query.List("sector", reference.Sectors.Keys.ToList()),
            Kinds = query.List("kind", Vocabulary.AgreementKinds),
            Statuses = query.List("status", Vocabulary.AgreementStatuses),
            SignedFrom = query.Date("signedFrom"),
            SignedTo = query.Date("signedTo", periodEnd: true),
            MinValueUsd = query.Decimal("minValueUsd"),
            MaxValueUsd = query.Decimal("maxValueUsd"),
            Q = query.String("q", maxLength: 200),
            Sort = query.List("sort", SortKeys).FirstOrDefault(),
            Page = query.Int("page", 1, 1, 1_000_000),
            PageSize = query.Int("pageSize", DefaultPageSize, 1, MaxPageSize),
        };

        if (filter.SignedFrom > filter.SignedTo)
        {
            query.AddError("signedFrom", "'signedFrom' is after 'signedTo'.");
        }

        if (filter.MinValueUsd > filter.MaxValueUsd)
        {
            query.AddError("minValueUsd", "'minValueUsd' is larger than 'maxValueUsd'.");
        }

        if (query.String("sort") is { } sort && sort.Contains(','))
        {
            query.AddError("sort", "'sort' takes one key.");
        }

        return filter;
    }
}

/// <summary>Regions may be given by name ("Latin America & Caribbean") or as a URL-friendly slug ("latin-america-caribbean").</summary>
public static class RegionNames
{
    public static string Slug(string region) =>
        string.Join('-', region.ToLowerInvariant().Split([' ', '&'], StringSplitOptions.RemoveEmptyEntries));

    public static string FromSlug(string value) =>
        Vocabulary.Regions.FirstOrDefault(r => string.Equals(Slug(r), value, StringComparison.OrdinalIgnoreCase)) ?? value;
}
