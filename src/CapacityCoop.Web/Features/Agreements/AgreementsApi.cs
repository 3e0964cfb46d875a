using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Auth;
using CapacityCoop.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Features.Agreements;

public static class AgreementsApi
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "id", "slug", "title", "title_zh", "kind", "status", "signed_on", "signed_on_precision", "signed_place",
        "value_amount", "value_currency", "value_usd", "counts_toward_totals", "parent_agreement_id",
        "party_codes", "party_names", "sector_codes", "sector_names", "url", "kind_label", "status_label",
    ];

    /// <summary>The China–Kazakhstan framework from the seed data, as a request body.</summary>
    private static readonly AgreementInput Example = new()
    {
        Title = "China–Kazakhstan industrial capacity cooperation framework",
        Kind = "framework",
        Status = "signed",
        Parties = [new PartyInput("CHN", null, null), new PartyInput("KAZ", null, null)],
        SignedOn = "2014-12",
        SignedPlace = "Astana",
        Value = new MoneyInput(23_600_000_000m, "USD", 23_600_000_000m),
        ValueNote = "US$23.6 billion in 28 areas (Wang Yi, 28 April 2015); an initial package of about US$18 billion was reported in December 2014.",
        Sectors = ["steel", "non-ferrous-metals", "building-materials", "oil-refining", "hydropower", "automobiles"],
        Summary = "Framework for moving production capacity (steel, flat glass, cement, refining, hydropower, automobiles) to Kazakhstan.",
        Sources = [new SourceInput(null, "Promote Industrial Cooperation for Common Development", "Ministry of Foreign Affairs", "2015-04-28", null, "states US$23.6 billion in 28 areas")],
    };

    public static RouteGroupBuilder MapAgreementsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agreements").WithTags("Agreements").RequireAuthorization(AuthPolicies.Read);

        group.MapGet("/", ListAsync)
            .WithName("ListAgreements")
            .WithSummary("Search, filter, sort and page agreements; or export the whole filtered set as CSV or JSON.")
            .Produces<PagedResult<AgreementSummaryDto>>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithQueryParameters(AgreementFilter.Docs);
        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetAgreement")
            .WithSummary("One agreement with its parties, sectors, projects and sources. Sends an ETag; If-None-Match gives 304.");
        group.MapGet("/{id:long}/history", HistoryAsync)
            .WithName("GetAgreementHistory")
            .WithSummary("Every change to the agreement: who, when, which fields from what to what.");
        group.MapPost("/", CreateAsync)
            .WithName("CreateAgreement")
            .WithSummary("Create an agreement (Editor, or an API key with the write scope).")
            .WithMetadata(new RequestExample(Example))
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapPut("/{id:long}", ReplaceAsync)
            .WithName("ReplaceAgreement")
            .WithSummary("Replace an agreement. Send If-Match with the ETag you read: a stale one gives 412 and changes nothing.")
            .WithMetadata(new RequestExample(Example))
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapDelete("/{id:long}", ArchiveAsync)
            .WithName("ArchiveAgreement")
            .WithSummary("Archive an agreement: it leaves lists and totals but stays readable by id, with its history.")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        group.MapPost("/{id:long}/restore", RestoreAsync)
            .WithName("RestoreAgreement")
            .WithSummary("Bring an archived agreement back.")
            .RequireAuthorization(AuthPolicies.Write)
            .RequireRateLimiting(RateLimits.Write);
        return group;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, AgreementQuery agreements, ReferenceData referenceData, IStringLocalizer<SharedResource> labels, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(context.Request.Query, AgreementFilter.Parameters);
        var reference = await referenceData.GetAsync(cancellationToken);
        var filter = AgreementFilter.Parse(query, reference);
        var format = Exports.Requested(context.Request, query);
        if (!query.IsValid)
        {
            return ApiResults.InvalidQuery(query.Errors);
        }

        switch (format)
        {
            case ExportFormat.Csv:
                return Exports.Csv("agreements", CsvHeader, agreements.StreamAsync(filter, cancellationToken), a => ExportFields(a, reference, labels, context.Request));
            case ExportFormat.Xlsx:
                return Exports.Xlsx("agreements", CsvHeader, agreements.StreamAsync(filter, cancellationToken), a => ExportFields(a, reference, labels, context.Request));
            case ExportFormat.Json:
                return Exports.JsonArray("agreements", agreements.StreamAsync(filter, cancellationToken));
        }

        var page = await agreements.PageAsync(filter, cancellationToken);
        ApiResults.AddPagingLinks(context, page.Page, page.PageSize, page.TotalPages);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<AgreementDetailDto>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, AgreementQuery agreements, CancellationToken cancellationToken)
        => ApiResults.Detail(context, await agreements.DetailAsync(id, cancellationToken), "agreement", id);

    private static async Task<Results<Ok<IReadOnlyList<AuditEntryDto>>, ProblemHttpResult>> HistoryAsync(
        long id, PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Agreements.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return ApiResults.NotFound("agreement", id);
        }

        return TypedResults.Ok(await AuditLog.HistoryAsync(db, AgreementEditor.EntityType, id, cancellationToken));
    }

    private static Task<Results<Created<AgreementDetailDto>, ValidationProblem>> CreateAsync(
        AgreementInput input, HttpContext context, AgreementRecords records, AgreementQuery agreements, CancellationToken cancellationToken)
        => Endpoints(agreements).CreateAsync(records, input, context, cancellationToken);

    private static Task<Results<Ok<AgreementDetailDto>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        long id, AgreementInput input, HttpContext context, AgreementRecords records, AgreementQuery agreements, CancellationToken cancellationToken)
        => Endpoints(agreements).ReplaceAsync(records, id, input, context, cancellationToken);

    private static RecordEndpoints<AgreementDetailDto> Endpoints(AgreementQuery agreements) => new("agreement", "agreements", agreements.DetailAsync);

    private static Task<Results<NoContent, ProblemHttpResult>> ArchiveAsync(
        long id, HttpContext context, AgreementRecords records, AgreementQuery agreements, CancellationToken cancellationToken)
        => Endpoints(agreements).ArchiveAsync(records, id, context, cancellationToken);

    private static Task<Results<Ok<AgreementDetailDto>, ProblemHttpResult>> RestoreAsync(
        long id, HttpContext context, AgreementRecords records, AgreementQuery agreements, CancellationToken cancellationToken)
        => Endpoints(agreements).RestoreAsync(records, id, context, cancellationToken);


    /// <summary>One export row: codes and, beside them, labels in the reader's language.</summary>
    private static IEnumerable<object?> ExportFields(AgreementSummaryDto a, ReferenceData.Snapshot reference, IStringLocalizer labels, HttpRequest request) =>
    [
        a.Id, a.Slug, a.Title, a.TitleZh, a.Kind, a.Status, a.SignedOn, a.SignedOnPrecision, a.SignedPlace,
        a.Value?.Amount, a.Value?.Currency, a.Value?.Usd, a.CountsTowardTotals, a.ParentAgreementId,
        string.Join(";", a.Parties.Select(p => p.Code)),
        string.Join("; ", a.Parties.Select(p => PortalLocalization.Pick(p.Name, p.NameZh))),
        string.Join(";", a.Sectors),
        string.Join("; ", a.Sectors.Select(s => reference.Sectors.TryGetValue(s, out var sector) ? PortalLocalization.Pick(sector.NameEn, sector.NameZh) : s)),
        Exports.RecordUrl(request, "agreements", a.Id),
        labels[a.Kind].Value,
        labels[a.Status].Value,
    ];
}
