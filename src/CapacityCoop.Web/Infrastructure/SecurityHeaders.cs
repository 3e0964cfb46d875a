using Microsoft.Net.Http.Headers;

namespace CapacityCoop.Web.Infrastructure;

/// <summary>
/// The headers every response carries (ADR-011). The Content-Security-Policy follows what the response is: pages load
/// scripts, styles and images from this site only — they have no inline script, event-handler attribute or inline
/// style, so neither 'unsafe-inline' nor a nonce is needed; the Swagger UI gets the little more it needs; everything
/// else (JSON, problem documents, exports, static files) may load nothing at all.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Swagger UI draws its icons from data: URIs, and its bundle adds one &lt;style&gt; element, allowed by its hash
    /// rather than by 'unsafe-inline'. The hash belongs to the swagger-ui inside Swashbuckle.AspNetCore.SwaggerUI
    /// 11.0.1; after an upgrade the browser test names the new one (ContentSecurityPolicyTests).
    /// </summary>
    public const string SwaggerUiPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string NonDocumentPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IServiceCollection AddPortalSecurityHeaders(this IServiceCollection services)
    {
        // A year, as recommended once a site is HTTPS-only; subdomains are left to whoever runs the domain.
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    /// <summary>Early in the pipeline, so that every response — problem documents and static files included — gets them.</summary>
    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        // After the forwarded headers: HTTPS at a trusted proxy counts as HTTPS. HSTS is never sent over plain HTTP
        // nor to localhost (the framework's exclusions), so the portal stays usable on http://localhost.
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            // At the last moment, when the content type is known; the exception handler clears the headers but
            // not these callbacks, so error responses get them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
                // Set, not added: antiforgery puts SAMEORIGIN on pages with a form, and no page of the portal is framed.
                headers.XFrameOptions = "DENY";
                headers.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
                headers.TryAdd(HeaderNames.ContentSecurityPolicy, PolicyFor(context));
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    private static string PolicyFor(HttpContext context)
    {
        var isHtml = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        if (!isHtml)
        {
            return NonDocumentPolicy;
        }

        return context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase) ? SwaggerUiPolicy : PagePolicy;
    }
}
