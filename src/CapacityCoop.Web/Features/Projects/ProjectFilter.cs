using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Projects;

/// <summary>Every way the project list can be narrowed, sorted and paged; parsed once, used by API, pages and exports.</summary>
public sealed record ProjectFilter : IFacetFilter<ProjectFilter>
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    public static readonly IReadOnlyList<string> SortKeys = ["startedOn", "-startedOn", "investmentUsd", "-investmentUsd", "name", "-name"];

    /// <summary>The query parameters the list endpoint accepts (plus <c>format</c> for exports).</summary>
    public static readonly IReadOnlyList<string> Parameters =
        ["country", "sector", "status", "agreementId", "startedFrom", "startedTo", "q", "sort", "page", "pageSize", "format"];

    /// <summary>The export formats of the list endpoint: projects have a location, so GeoJSON besides CSV and JSON.</summary>
    public static IReadOnlyList<string> ExportFormats => Exports.FormatsWithGeoJson;

    /// <summary>The parameters as the OpenAPI document describes them.</summary>
    public static readonly IReadOnlyList<QueryParameterDoc> Docs =
    [
        new("country", "ISO 3166-1 alpha-3 code of the host country; a comma list matches any of them.", Example: "MYS,LAO"),
        new("sector", "Sector code (see /api/v1/sectors); comma list.", Example: "railways"),
        new("status", "Project status; comma list.", Values: Vocabulary.ProjectStatuses, Example: "under-construction"),
        new("agreementId", "Id of an agreement the project implements; comma list.", Example: "3"),
        new("startedFrom", "Construction started on or after this ISO date (2015 or 2015-05 mean the start of that period).", Format: "date", Example: "2015-01-01"),
        new("startedTo", "Construction started on or before this ISO date (2015 or 2015-05 mean the end of that period).", Format: "date", Example: "2015-12-31"),
        new("q", "Full-text search over name and summary (web-search syntax: \"phrase\", -word, or).", Example: "railway"),
        new("sort", "Sort key; '-' for descending. Default -startedOn (undated last), or best match when q is given.", Values: SortKeys, Example: "-investmentUsd"),
        new("page", "Page number, from 1.", Type: "integer", Minimum: 1, Example: "1"),
        new("pageSize", $"Items per page, 1–{MaxPageSize}.", Type: "integer", Minimum: 1, Maximum: MaxPageSize, Example: "25"),
        new("format",
            "csv, json, xlsx or geojson: stream the whole filtered set (every page) instead of one page. geojson is a FeatureCollection " +
            "of the projects that have a location, each a Point [longitude, latitude]. Accept: text/csv also asks for CSV.",
            Values: ExportFormats),
    ];

    /// <summary>Host countries (ISO3).</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Projects implementing any of these agreements.</summary>
    public IReadOnlyList<long> AgreementIds { get; init; } = [];

    /// <summary>Bounds on the construction start.</summary>
    public DateOnly? StartedFrom { get; init; }
    public DateOnly? StartedTo { get; init; }
    public string? Q { get; init; }

    /// <summary>Null means "best match first" when <see cref="Q"/> is given, else latest construction start first.</summary>
    public string? Sort { get; init; }

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// This filter as conditions on the facet dimensions (<see cref="FacetTable"/>), its full-text query, and the rest
    /// that no dimension holds — agreement ids, a construction-start range that is not whole years — as a filter of its
    /// own (null when there is no rest).
    /// </summary>
    public FacetFilter<ProjectFilter> ForFacets()
    {
        var conditions = new List<FacetCondition>();
        var rest = new ProjectFilter { AgreementIds = AgreementIds };
        if (Countries.Count > 0)
        {
            // A project has one host country.
            conditions.Add(new FacetCondition("country", Countries, SingleValued: true));
        }

        if (Sectors.Count > 0)
        {
            conditions.Add(new FacetCondition("sector", Sectors, SingleValued: false));
        }

        if (Statuses.Count > 0)
        {
            conditions.Add(new FacetCondition("status", Statuses, SingleValued: true));
        }

        if (StartedFrom is not null || StartedTo is not null)
        {
            if (FacetTable.WholeYears(StartedFrom, StartedTo) is { } years)
            {
                conditions.Add(new FacetCondition("year", years, SingleValued: true));
            }
            else
            {
                if (FacetTable.SingleYear(StartedFrom, StartedTo) is { } year)
                {
                    conditions.Add(new FacetCondition("year", [year], SingleValued: true));
                }

                rest = rest with { StartedFrom = StartedFrom, StartedTo = StartedTo };
            }
        }

        return new FacetFilter<ProjectFilter>(conditions, Q, rest.AgreementIds.Count == 0 && rest.StartedFrom is null && rest.StartedTo is null ? null : rest);
    }

    /// <summary>This filter as disjoint filters by construction start: whole years, which the facet table counts, and part years.</summary>
    public IReadOnlyList<ProjectFilter> Parts() =>
        FacetTable.YearParts(StartedFrom, StartedTo).Select(range => this with { StartedFrom = range.From, StartedTo = range.To }).ToList();

    /// <summary>
    /// Reads the filter from the query string. Whether each <c>agreementId</c> exists is a database question, so
    /// <see cref="ProjectQuery.CheckAgreementIdsAsync"/> completes the check.
    /// </summary>
    public static ProjectFilter Parse(QueryParameters query, ReferenceData.Snapshot reference)
    {
        var filter = new ProjectFilter
        {
            Countries = query.List("country", reference.Countries.Keys.ToList()),
            Sectors = query.List("sector", reference.Sectors.Keys.ToList()),
            Statuses = query.List("status", Vocabulary.ProjectStatuses),
            AgreementIds = query.Ids("agreementId"),
            StartedFrom = query.Date("startedFrom"),
            StartedTo = query.Date("startedTo", periodEnd: true),
            Q = query.String("q", maxLength: 200),
            Sort = query.List("sort", SortKeys).FirstOrDefault(),
            Page = query.Int("page", 1, 1, 1_000_000),
            PageSize = query.Int("pageSize", DefaultPageSize, 1, MaxPageSize),
        };

        if (filter.StartedFrom > filter.StartedTo)
        {
            query.AddError("startedFrom", "'startedFrom' is after 'startedTo'.");
        }

        if (query.String("sort") is { } sort && sort.Contains(','))
        {
            query.AddError("sort", "'sort' takes one key.");
        }

        return filter;
    }
}
