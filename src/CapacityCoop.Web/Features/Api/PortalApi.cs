using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Countries;
using CapacityCoop.Web.Features.Import;
using CapacityCoop.Web.Features.Organisations;
using CapacityCoop.Web.Features.Projects;
using CapacityCoop.Web.Features.Sectors;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Json;

namespace CapacityCoop.Web.Features.Api;

public static class PortalApi
{
    /// <summary>Request bodies above this get 413: no record needs more.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddPortalApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalRateLimits(configuration);
        services.AddPortalOpenApi();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReferenceData>();
        services.AddResultCache(configuration);
        services.AddScoped<AgreementQuery>();
        services.AddScoped<AgreementEditor>();
        services.AddScoped<CountryQuery>();
        services.AddScoped<SectorQuery>();
        services.AddScoped<ProjectQuery>();
        services.AddScoped<ProjectEditor>();
        services.AddScoped<OrganisationQuery>();
        services.AddScoped<OrganisationEditor>();
        services.AddRecordWriter<AgreementRecords>();
        services.AddRecordWriter<ProjectRecords>();
        services.AddRecordWriter<OrganisationRecords>();
        services.AddScoped<DraftWorkflow>();
        services.AddPortalImport();
        services.Configure<StaffOptions>(configuration.GetSection(StaffOptions.Section));
        services.Configure<JsonOptions>(options => options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        // Malformed JSON and wrong types become a problem document (through the exception handler), never an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    private static void AddRecordWriter<T>(this IServiceCollection services)
        where T : class, IRecordWriter
    {
        services.AddScoped<T>();
        services.AddScoped<IRecordWriter>(provider => provider.GetRequiredService<T>());
    }

    public static WebApplication MapPortalApi(this WebApplication app)
    {
        // First, so that writes through the pages (staff forms) count as well as writes through the API.
        app.UseResultCacheWriteTracking();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.Use(LimitBodySize));
        app.MapPortalOpenApi();
        // Every query string under /api/v1 is read through QueryParameters, which names a control character per parameter.
        var v1 = app.MapGroup("/api/v1").RequireRateLimiting(RateLimits.Read).WithMetadata(new StrictQueryAttribute());
        v1.MapAgreementsApi();
        v1.MapCountriesApi();
        v1.MapSectorsApi();
        v1.MapProjectsApi();
        v1.MapOrganisationsApi();
        return app;
    }

    /// <summary>413 for a declared Content-Length over the limit; a chunked body is cut off at the limit by the server.</summary>
    private static async Task LimitBodySize(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large",
                detail: $"The body is {context.Request.ContentLength} bytes; the limit is {MaxBodyBytes} bytes.").ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        await next(context);
    }
}
