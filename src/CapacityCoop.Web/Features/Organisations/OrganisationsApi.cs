using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Organisations;

public static class OrganisationsApi
{
    /// <summary>Chery from the seed data, as a request body.</summary>
    private static readonly OrganisationInput Example = new()
    {
        Name = "Chery Automobile Co., Ltd.",
        NameZh = "奇瑞汽车股份有限公司",
        Kind = "company",
        Country = "CHN",
    };

    public static RouteGroupBuilder MapOrganisationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organisations").WithTags("Organisations").RequireAuthorization(AuthPolicies.Read);

        group.MapGet("/", ListAsync)
            .WithQueryParameters(OrganisationFilter.Docs)
            .WithName("ListOrganisations")
            .WithSummary("Companies, ministries, funds and banks, by name; filter by country, kind or a piece of the name.")
            .ProducesValidationProblem();
        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetOrganisation")
            .WithSummary("One organisation. Sends an ETag; If-None-Match gives 304.");
        group.MapGet("/{id:long}/history", HistoryAsync)
            .WithName("GetOrganisationHistory")
            .WithSummary("Every change to the organisation: who, when, which fields from what to what.");
        group.MapPost("/", CreateAsync)
            .WithName("CreateOrganisation")
            .WithMetadata(new RequestExample(Example))
            .WithSummary("Create an organisation (Editor, or an API key with the write scope).")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapPut("/{id:long}", ReplaceAsync)
            .WithName("ReplaceOrganisation")
            .WithMetadata(new RequestExample(Example))
            .WithSummary("Replace an organisation. Send If-Match with the ETag you read: a stale one gives 412 and changes nothing.")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapDelete("/{id:long}", ArchiveAsync)
            .WithName("ArchiveOrganisation")
            .WithSummary("Archive an organisation: it leaves the list (and cannot be newly chosen) but records citing it keep it.")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapPost("/{id:long}/restore", RestoreAsync)
            .WithName("RestoreOrganisation")
            .WithSummary("Bring an archived organisation back.")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        return group;
    }

    private static async Task<Results<Ok<PagedResult<OrganisationDto>>, ValidationProblem>> ListAsync(
        HttpContext context, OrganisationQuery organisations, ReferenceData referenceData, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(context.Request.Query, OrganisationFilter.Parameters);
        var filter = OrganisationFilter.Parse(query, await referenceData.GetAsync(cancellationToken));
        if (!query.IsValid)
        {
            return ApiResults.InvalidQuery(query.Errors);
        }

        var page = await organisations.PageAsync(filter, cancellationToken);
        ApiResults.AddPagingLinks(context, page.Page, page.PageSize, page.TotalPages);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<OrganisationDto>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, OrganisationQuery organisations, CancellationToken cancellationToken)
    {
        var detail = await organisations.DetailAsync(id, cancellationToken);
        if (detail is null)
        {
            return ApiResults.NotFound("organisation", id);
        }

        return ApiResults.IsNotModified(context, detail)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(detail);
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntryDto>>, ProblemHttpResult>> HistoryAsync(
        long id, PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Organisations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return ApiResults.NotFound("organisation", id);
        }

        return TypedResults.Ok(await AuditLog.HistoryAsync(db, OrganisationEditor.EntityType, id, cancellationToken));
    }

    private static Task<Results<Created<OrganisationDto>, ValidationProblem>> CreateAsync(
        OrganisationInput input, HttpContext context, OrganisationRecords records, OrganisationQuery organisations, CancellationToken cancellationToken)
        => Endpoints(organisations).CreateAsync(records, input, context, cancellationToken);

    private static Task<Results<Ok<OrganisationDto>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        long id, OrganisationInput input, HttpContext context, OrganisationRecords records, OrganisationQuery organisations, CancellationToken cancellationToken)
        => Endpoints(organisations).ReplaceAsync(records, id, input, context, cancellationToken);

    private static RecordEndpoints<OrganisationDto> Endpoints(OrganisationQuery organisations) => new("organisation", "organisations", organisations.DetailAsync);

    /// <summary>
    /// Archiving never breaks a reference: agreements and projects that name the organisation keep it (and may keep
    /// it on replace); it only leaves the list and cannot be newly chosen.
    /// </summary>
    private static Task<Results<NoContent, ProblemHttpResult>> ArchiveAsync(
        long id, HttpContext context, OrganisationRecords records, OrganisationQuery organisations, CancellationToken cancellationToken)
        => Endpoints(organisations).ArchiveAsync(records, id, context, cancellationToken);

    private static Task<Results<Ok<OrganisationDto>, ProblemHttpResult>> RestoreAsync(
        long id, HttpContext context, OrganisationRecords records, OrganisationQuery organisations, CancellationToken cancellationToken)
        => Endpoints(organisations).RestoreAsync(records, id, context, cancellationToken);
}
