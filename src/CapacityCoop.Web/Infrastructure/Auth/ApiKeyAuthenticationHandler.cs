using CapacityCoop.Web.Features.Api;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CapacityCoop.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Web.Infrastructure.Auth;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string Realm = "CapacityCoop";
    public const string NamePrefix = "api-key:";
}

/// <summary>
/// Authenticates a request by the API key in <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>.
/// No key: no result (the request is anonymous). An unknown or revoked key: failure. The key itself is never logged.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";
    private static readonly object InvalidKeyPresented = new();

    public static ClaimsPrincipal CreatePrincipal(ApiKey key)
    {
        var identity = new ClaimsIdentity(ApiKeyDefaults.Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, key.Id.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Name, ApiKeyDefaults.NamePrefix + key.Name));
        foreach (var scope in key.Scopes)
        {
            identity.AddClaim(new Claim(ApiKeyDefaults.ScopeClaim, scope));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>True when this request sent a key that is malformed, unknown or revoked.</summary>
    public static bool PresentedInvalidKey(HttpContext context) => context.Items.ContainsKey(InvalidKeyPresented);

    /// <summary>The API-key identity of <paramref name="user"/>, when it authenticated with a key.</summary>
    public static ClaimsIdentity? KeyIdentity(ClaimsPrincipal user) =>
        user.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == ApiKeyDefaults.Scheme);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadPresentedKey(out var presented))
        {
            return AuthenticateResult.NoResult();
        }

        // Failure messages end up in logs: they say what went wrong, never what was sent.
        var key = string.IsNullOrWhiteSpace(presented) ? null : await keys.FindActiveAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            Context.Items[InvalidKeyPresented] = true;
            return AuthenticateResult.Fail("The API key is empty, malformed, unknown or revoked.");
        }

        await keys.RecordUseAsync(key, Context.RequestAborted);
        Logger.LogDebug("Authenticated with API key {ApiKeyId}", key.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(key), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await HandleAuthenticateOnceSafeAsync();
        var presentedButInvalid = PresentedInvalidKey(Context);

        Response.Headers.WWWAuthenticate = presentedButInvalid
            ? $"Bearer realm=\"{ApiKeyDefaults.Realm}\", error=\"invalid_token\""
            : $"Bearer realm=\"{ApiKeyDefaults.Realm}\"";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "https://tools.ietf.org/html/rfc9110#section-15.5.2",
            "Unauthorized",
            presentedButInvalid
                ? "The API key is not valid: it is unknown or has been revoked."
                : $"This request needs an API key, sent as 'Authorization: Bearer <key>' or '{ApiKeyDefaults.HeaderName}: <key>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // Reading needs any valid key, so a key is refused only for lacking the write scope.
        var key = KeyIdentity(Context.User);
        var detail = key is not null && !key.HasClaim(ApiKeyDefaults.ScopeClaim, ApiKeyScopes.Write)
            ? "This API key lacks the write scope."
            : CookieWrites.RefusalOf(Context) ?? "You are not allowed to do this.";
        await WriteProblemAsync(
            StatusCodes.Status403Forbidden, "https://tools.ietf.org/html/rfc9110#section-15.5.4", "Forbidden", detail);
    }

    private bool TryReadPresentedKey(out string key)
    {
        // "Bearer" with nothing after it still counts as a (bad) key; other schemes are not ours.
        var authorization = Request.Headers.Authorization.ToString().Trim();
        if ((authorization + " ").StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            key = authorization.Length > BearerPrefix.Length ? authorization[BearerPrefix.Length..].Trim() : "";
            return true;
        }

        if (Request.Headers.TryGetValue(ApiKeyDefaults.HeaderName, out var header))
        {
            key = header.ToString().Trim();
            return true;
        }

        key = "";
        return false;
    }

    private Task WriteProblemAsync(int status, string type, string title, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            type: type,
            extensions: new Dictionary<string, object?> { ["traceId"] = ApiResults.TraceId(Context) })
        .ExecuteAsync(Context);
}
