using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace CapacityCoop.Web.Features.Api;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Reads per client per minute (a client is an API key, or else an address).</summary>
    public int ReadPermitsPerMinute { get; set; } = 1200;

    public int WritePermitsPerMinute { get; set; } = 120;

    /// <summary>
    /// Razor page requests per client per minute. A reader opens a page every few seconds at most, so 600 (10 a second,
    /// sustained) leaves room for dozens of people behind one office or campus address while holding a scraper to a
    /// pace the two-core database can serve. Half the API's read limit: a page costs several queries and a render.
    /// </summary>
    public int PagePermitsPerMinute { get; set; } = 600;

    /// <summary>
    /// Sign-in attempts (posts of the sign-in form) per address per minute, whatever the account: enough for an office
    /// behind one address, far too few to guess passwords. Failures per account are counted separately (SignInFailures).
    /// </summary>
    public int SignInPermitsPerMinute { get; set; } = 10;
}

/// <summary>
/// Per-client limits: generous for reads, stricter for writes, and one for pages. A client is its API key when it sends
/// one (so many scripts behind one address do not starve each other), otherwise its address — the real client's when
/// a trusted proxy forwards it (see ReverseProxy). Over the limit: 429 with Retry-After, as a problem document for the
/// API and as a short HTML page for pages. Static assets and health checks have no policy, so they are never limited.
/// </summary>
public static class RateLimits
{
    public const string Read = "api-read";
    public const string Write = "api-write";
    public const string Page = "pages";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Read, context => Window(context, "read", options.ReadPermitsPerMinute));
            limiter.AddPolicy(Write, context => Window(context, "write", options.WritePermitsPerMinute));
            limiter.AddPolicy(Page, context => Window(context, "page", options.PagePermitsPerMinute));

            // Global rather than a policy: the page policy on every Razor page would take precedence over one on the sign-in page.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context)
                ? Window(context, "sign-in", options.SignInPermitsPerMinute)
                : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                if (IsSignInAttempt(context))
                {
                    await WritePageAsync(context, "Too many sign-in attempts have come from your address in the last minute. Please try again in {0} seconds.", seconds, cancellationToken);
                    return;
                }

                if (PolicyOf(context) == Page)
                {
                    await WritePageAsync(context, "Too many pages have been requested from your address in the last minute. Please try again in {0} seconds.", seconds, cancellationToken);
                    return;
                }

                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"This client has used its requests for now; try again in {seconds} s.").ExecuteAsync(context);
            };
        });
    }

    /// <summary>A post of the sign-in form: the only way to try a password.</summary>
    public static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase);

    private static string? PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    /// <summary>People, not scripts, get this one: a page in their language rather than a JSON document.</summary>
    private static Task WritePageAsync(HttpContext context, string text, int seconds, CancellationToken cancellationToken)
    {
        var texts = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

        // The site's encoder, which leaves Chinese text as UTF-8 rather than entities.
        var html = context.RequestServices.GetRequiredService<HtmlEncoder>();
        var title = html.Encode(texts["Too many requests"]);
        var message = html.Encode(texts[text, seconds]);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{html.Encode(CultureInfo.CurrentUICulture.Name)}">
            <head><meta charset="utf-8"><title>{title}</title></head>
            <body><h1>{title}</h1><p>{message}</p></body>
            </html>
            """,
            cancellationToken);
    }

    private static RateLimitPartition<string> Window(HttpContext context, string kind, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter($"{kind}:{ClientOf(context)}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static string ClientOf(HttpContext context)
    {
        var key = context.Request.Headers["X-Api-Key"].ToString();
        if (key.Length == 0 && context.Request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization["Bearer ".Length..].Trim();
        }

        // Only a hash of the key is kept as the partition name, never the key itself.
        return key.Length > 0
            ? "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
