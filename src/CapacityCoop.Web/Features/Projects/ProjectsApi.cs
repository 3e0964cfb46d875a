using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Projects;

public static class ProjectsApi
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "id", "slug", "name", "name_zh", "host_country", "host_country_name", "status", "sector_codes",
        "investment_amount", "investment_currency", "investment_usd", "capacity_value", "capacity_unit", "jobs_created",
        "announced_on", "construction_start_on", "completed_on", "latitude", "longitude", "agreement_ids", "url",
    ];

    /// <summary>The Kuantan steel plant from the seed data, as a request body.</summary>
    private static readonly ProjectInput Example = new()
    {
        Name = "Steel plant, Malaysia-China Kuantan Industrial Park",
        NameZh = "马中关丹产业园钢铁厂",
        HostCountry = "MYS",
        Status = "under-construction",
        Sectors = ["steel", "industrial-parks"],
        Investment = new MoneyInput(1_400_000_000m, "USD", 1_400_000_000m),
        InvestmentNote = "around US$1.4 billion",
        Capacity = new CapacityInput(3.5m, "Mt/yr"),
        JobsCreated = 4000,
        ConstructionStartOn = "2014-12-23",
        Latitude = 3.9747,
        Longitude = 103.3776,
        Summary = "Steel mill producing H-shape steel, 3.5 million tonnes a year; construction started on 23 December 2014.",
        Sources = [new SourceInput(null, "International Cooperation Eases China’s Integration into Global Economy", null, "2016", null, "Investment around US$1.4 billion, 3.5 million tons a year, 4,000 jobs.")],
    };

    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects").WithTags("Projects").RequireAuthorization(AuthPolicies.Read);

        group.MapGet("/", ListAsync)
            .WithQueryParameters(ProjectFilter.Docs)
            .WithName("ListProjects")
            .WithSummary("Search, filter, sort and page projects; or export the whole filtered set as CSV, JSON, Excel or GeoJSON.")
            .Produces<PagedResult<ProjectSummaryDto>>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/geo+json");
        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetProject")
            .WithSummary("One project with its agreements, companies and sources. Sends an ETag; If-None-Match gives 304.");
        group.MapGet("/{id:long}/history", HistoryAsync)
            .WithName("GetProjectHistory")
            .WithSummary("Every change to the project: who, when, which fields from what to what.");
        group.MapPost("/", CreateAsync)
            .WithName("CreateProject")
            .WithMetadata(new RequestExample(Example))
            .WithSummary("Create a project (Editor, or an API key with the write scope).")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapPut("/{id:long}", ReplaceAsync)
            .WithName("ReplaceProject")
            .WithMetadata(new RequestExample(Example))
            .WithSummary("Replace a project. Send If-Match with the ETag you read: a stale one gives 412 and changes nothing.")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapDelete("/{id:long}", ArchiveAsync)
            .WithName("ArchiveProject")
            .WithSummary("Archive a project: it leaves lists but stays readable by id, with its history.")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapPost("/{id:long}/restore", RestoreAsync)
            .WithName("RestoreProject")
            .WithSummary("Bring an archived project back.")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        return group;
    }

    private static async Task<IResult> ListAsync(HttpContext context, ProjectQuery projects, ReferenceData referenceData, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(context.Request.Query, ProjectFilter.Parameters);
        var reference = await referenceData.GetAsync(cancellationToken);
        var filter = ProjectFilter.Parse(query, reference);
        var format = Exports.Requested(context.Request, query, ProjectFilter.ExportFormats);
        await projects.CheckAgreementIdsAsync(filter, query, cancellationToken);
        if (!query.IsValid)
        {
            return ApiResults.InvalidQuery(query.Errors);
        }

        switch (format)
        {
            case ExportFormat.Csv:
                return Exports.Csv("projects", CsvHeader, projects.StreamAsync(filter, cancellationToken), p => CsvFields(p, context.Request));
            case ExportFormat.Json:
                return Exports.JsonArray("projects", projects.StreamAsync(filter, cancellationToken));
            case ExportFormat.Xlsx:
                return Exports.Xlsx("projects", CsvHeader, projects.StreamAsync(filter, cancellationToken), p => CsvFields(p, context.Request));
            case ExportFormat.GeoJson:
                return Exports.GeoJson("projects", projects.StreamLocatedAsync(filter, cancellationToken), p => GeoJsonFeature(p, context.Request));
        }

        var page = await projects.PageAsync(filter, cancellationToken);
        ApiResults.AddPagingLinks(context, page.Page, page.PageSize, page.TotalPages);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<ProjectDetailDto>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, ProjectQuery projects, CancellationToken cancellationToken)
        => ApiResults.Detail(context, await projects.DetailAsync(id, cancellationToken), "project", id);

    private static async Task<Results<Ok<IReadOnlyList<AuditEntryDto>>, ProblemHttpResult>> HistoryAsync(
        long id, PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return ApiResults.NotFound("project", id);
        }

        return TypedResults.Ok(await AuditLog.HistoryAsync(db, ProjectEditor.EntityType, id, cancellationToken));
    }

    private static Task<Results<Created<ProjectDetailDto>, ValidationProblem>> CreateAsync(
        ProjectInput input, HttpContext context, ProjectRecords records, ProjectQuery projects, CancellationToken cancellationToken)
        => Endpoints(projects).CreateAsync(records, input, context, cancellationToken);

    private static Task<Results<Ok<ProjectDetailDto>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        long id, ProjectInput input, HttpContext context, ProjectRecords records, ProjectQuery projects, CancellationToken cancellationToken)
        => Endpoints(projects).ReplaceAsync(records, id, input, context, cancellationToken);

    private static RecordEndpoints<ProjectDetailDto> Endpoints(ProjectQuery projects) => new("project", "projects", projects.DetailAsync);

    private static Task<Results<NoContent, ProblemHttpResult>> ArchiveAsync(
        long id, HttpContext context, ProjectRecords records, ProjectQuery projects, CancellationToken cancellationToken)
        => Endpoints(projects).ArchiveAsync(records, id, context, cancellationToken);

    private static Task<Results<Ok<ProjectDetailDto>, ProblemHttpResult>> RestoreAsync(
        long id, HttpContext context, ProjectRecords records, ProjectQuery projects, CancellationToken cancellationToken)
        => Endpoints(projects).RestoreAsync(records, id, context, cancellationToken);


    private static GeoJsonPoint? GeoJsonFeature(ProjectSummaryDto p, HttpRequest request) =>
        p is { Latitude: { } latitude, Longitude: { } longitude }
            ? new GeoJsonPoint(longitude, latitude, new ProjectFeatureProperties(
                p.Id, p.Name, p.Status, p.HostCountry.Iso3, p.Sectors, p.Investment?.Usd, Exports.RecordUrl(request, "projects", p.Id)))
            : null;

    private static IEnumerable<object?> CsvFields(ProjectSummaryDto p, HttpRequest request) =>
    [
        p.Id, p.Slug, p.Name, p.NameZh, p.HostCountry.Iso3, p.HostCountry.NameEn, p.Status,
        string.Join(";", p.Sectors),
        p.Investment?.Amount, p.Investment?.Currency, p.Investment?.Usd,
        p.Capacity?.Value, p.Capacity?.Unit, p.JobsCreated,
        p.AnnouncedOn, p.ConstructionStartOn, p.CompletedOn, p.Latitude, p.Longitude,
        string.Join(";", p.AgreementIds),
        Exports.RecordUrl(request, "projects", p.Id),
    ];
}
