using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace CapacityCoop.Web.Infrastructure;

public static class Compression
{
    /// <summary>
    /// Pages (with their inline SVG maps) and API responses are compressed on the fly at the fastest level; static
    /// assets are served precompressed, with ETags and long cache lifetimes, by MapStaticAssets.
    /// </summary>
    public static IServiceCollection AddPortalCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml", "application/problem+json", "text/csv"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }
}
