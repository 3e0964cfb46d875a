using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Web.Infrastructure;

/// <summary>Settings under "Portal".</summary>
public sealed class PublicUrlOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// The address the public reaches the portal at, e.g. "https://capacitycoop.example.org" (a path such as
    /// "https://example.org/portal" when a proxy serves it under one). Every absolute URL the portal writes starts
    /// with it. Empty: the request's own scheme and Host header, which only a host filter (AllowedHosts) makes safe.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>
/// Builds the absolute URLs the portal writes — the <c>url</c> column of exports, canonical and "cite this record"
/// links, the sign-in redirect — from <see cref="PublicUrlOptions.PublicBaseUrl"/>, so a forged Host header never
/// ends up in a spreadsheet, a citation or a Location header (ADR-011).
/// </summary>
public sealed class PublicUrls(IOptions<PublicUrlOptions> options)
{
    private readonly string? baseUrl = Normalise(options.Value.PublicBaseUrl);

    /// <summary>The absolute URL of <paramref name="path"/> ("/agreements/1", with any query string).</summary>
    public string Absolute(HttpRequest request, string path) =>
        (baseUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}") + path;

    /// <summary>
    /// The same address on the public base when the framework made it from the request (the cookie handler's
    /// sign-in and access-denied redirects are "scheme://Host/PathBase/path"); anything else unchanged.
    /// </summary>
    public string Rebase(HttpRequest request, string url)
    {
        var requestBase = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return baseUrl is not null && url.StartsWith(requestBase, StringComparison.OrdinalIgnoreCase)
            ? baseUrl + url[requestBase.Length..]
            : url;
    }

    /// <summary>The base without a trailing slash, or null when <paramref name="url"/> is not an absolute http(s) URL without query.</summary>
    internal static string? Normalise(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
               && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;
    }
}

public static class PublicUrlSetup
{
    /// <summary>The absolute public URL of <paramref name="path"/>, e.g. <c>Request.PublicUrl("/agreements/1")</c>.</summary>
    public static string PublicUrl(this HttpRequest request, string path) =>
        request.HttpContext.RequestServices.GetRequiredService<PublicUrls>().Absolute(request, path);

    public static IServiceCollection AddPortalPublicUrls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PublicUrls>();
        services.AddOptions<PublicUrlOptions>()
            .Bind(configuration.GetSection(PublicUrlOptions.Section))
            .ValidateOnStart();

        // Checked when the server starts (not for maintenance commands), with the reason in the exception.
        services.AddSingleton<IValidateOptions<PublicUrlOptions>>(provider =>
            new ProblemReporter(configuration, provider.GetRequiredService<IHostEnvironment>()));

        // The sign-in cookie's redirects are rebased by its events (Auth/PortalCookieEvents).
        return services;
    }

    /// <summary>
    /// Why the settings are unsafe, or null. Outside Development and the test environment the portal needs a public base
    /// URL or a host filter: with neither, any Host header a client sends is written into links and redirects.
    /// </summary>
    public static string? Problem(string? publicBaseUrl, string? allowedHosts, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(publicBaseUrl))
        {
            return PublicUrls.Normalise(publicBaseUrl) is null
                ? $"{PublicUrlOptions.Section}:PublicBaseUrl is \"{publicBaseUrl}\", which is not an absolute http or https URL without query string, e.g. https://capacitycoop.example.org."
                : null;
        }

        var anyHost = string.IsNullOrWhiteSpace(allowedHosts)
            || allowedHosts.Split(';', StringSplitOptions.TrimEntries).Contains("*");
        if (!anyHost || environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            return null;
        }

        return $"In the {environment.EnvironmentName} environment set {PublicUrlOptions.Section}:PublicBaseUrl (e.g. Portal__PublicBaseUrl=https://capacitycoop.example.org) "
            + "or list the host names in AllowedHosts (e.g. AllowedHosts=capacitycoop.example.org): with AllowedHosts \"*\" and no public base URL, "
            + "a forged Host header would be written into links, exports and redirects.";
    }

    private sealed class ProblemReporter(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<PublicUrlOptions>
    {
        public ValidateOptionsResult Validate(string? name, PublicUrlOptions options) =>
            Problem(options.PublicBaseUrl, configuration["AllowedHosts"], environment) is { } problem
                ? ValidateOptionsResult.Fail(problem)
                : ValidateOptionsResult.Success;
    }
}
