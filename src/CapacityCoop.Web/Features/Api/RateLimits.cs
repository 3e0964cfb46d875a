using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace CapacityCoop.Web.Features.Api;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Reads per client per minute (a client is an API key, or else an address).</summary>
    public int ReadPermitsPerMinute { get; set; } = 1200;

    public int WritePermitsPerMinute { get; set; } = 120;
}

/// <summary>
/// Per-client limits: generous for reads, stricter for writes. A client is its API key when it sends one (so many
/// scripts behind one address do not starve each other), otherwise its address. Over the limit: 429 with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Read = "api-read";
    public const string Write = "api-write";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Read, context => Window(context, "read", options.ReadPermitsPerMinute));
            limiter.AddPolicy(Write, context => Window(context, "write", options.WritePermitsPerMinute));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"This client has used its requests for now; try again in {seconds} s.").ExecuteAsync(rejected.HttpContext);
            };
        });
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
