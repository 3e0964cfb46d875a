using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CapacityCoop.Web.Infrastructure;

/// <summary>
/// How long a URL may be. Kestrel refuses a request line over its limit itself, before any middleware runs, with a
/// 414 and an empty body — nothing a client can read. So Kestrel's limit is raised well above the stated one and the
/// stated one is enforced here, first in the pipeline, with a problem document that says the limit (ADR-011). Only a
/// URL over Kestrel's own limit still gets the bare 414; headers over Kestrel's limit still get its bare 431.
/// </summary>
public static class RequestLimits
{
    /// <summary>The longest request target (path and query string, as sent) the portal answers.</summary>
    public const int MaxRequestTargetLength = 8 * 1024;

    /// <summary>
    /// Kestrel's request-line limit: 64 KiB, eight times its default. A line is buffered once per request, so this
    /// bounds memory per connection; anything longer is certainly not a URL of this portal.
    /// </summary>
    public const int KestrelMaxRequestLineSize = 64 * 1024;

    public static IServiceCollection AddPortalRequestLimits(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestLineSize = KestrelMaxRequestLineSize);
        return services;
    }

    public static WebApplication UsePortalRequestLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            var length = string.IsNullOrEmpty(target)
                ? context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length ?? 0
                : target.Length;
            if (length <= MaxRequestTargetLength)
            {
                await next(context);
                return;
            }

            var detail = string.Format(
                CultureInfo.InvariantCulture,
                "The URL (path and query string) is {0} characters long; this server accepts at most {1}. Narrow the filter, or ask for fewer values at once.",
                length,
                MaxRequestTargetLength);
            await TypedResults.Problem(detail, statusCode: StatusCodes.Status414UriTooLong, title: "URI too long").ExecuteAsync(context);
        });
        return app;
    }
}
