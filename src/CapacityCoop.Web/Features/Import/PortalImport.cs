namespace CapacityCoop.Web.Features.Import;

public static class PortalImport
{
    public static IServiceCollection AddPortalImport(this IServiceCollection services)
    {
        services.AddScoped<ImportFormat, AgreementImportFormat>();
        services.AddScoped<ImportFormat, ProjectImportFormat>();
        services.AddScoped<CsvImporter>();
        services.AddScoped<ImportBatchQuery>();
        return services;
    }
}
