using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Web.Infrastructure.Auth;

public static class AuthPolicies
{
    /// <summary>Reading the API: anyone, unless <c>Api:RequireKeyForReads</c> is set; never with a bad key.</summary>
    public const string Read = "api-read";

    /// <summary>Changing data: a key with the write scope, or a signed-in Editor or Admin.</summary>
    public const string Write = "api-write";

    public static readonly IReadOnlyList<string> WriterRoles = [PortalRoles.Editor, PortalRoles.Admin];

    /// <summary>The staff area: any signed-in member of staff (Viewer, Editor or Admin). API keys never open staff pages.</summary>
    public const string Staff = "staff";

    /// <summary>Staff pages that change data: Editors and Admins.</summary>
    public const string StaffEditor = "staff-editor";

    /// <summary>Users and API keys: Admins only.</summary>
    public const string StaffAdmin = "staff-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, policy => policy.AddRequirements(new ApiReadRequirement()));
        options.AddPolicy(Write, policy => policy.AddRequirements(new ApiWriteRequirement()));
        options.AddPolicy(Staff, policy => StaffPolicy(policy, PortalRoles.All));
        options.AddPolicy(StaffEditor, policy => StaffPolicy(policy, WriterRoles));
        options.AddPolicy(StaffAdmin, policy => StaffPolicy(policy, [PortalRoles.Admin]));
    }

    private static void StaffPolicy(AuthorizationPolicyBuilder policy, IEnumerable<string> roles) =>
        policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().RequireRole(roles);
}

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>When true, reading the API needs a valid key (any scope) or a signed-in user.</summary>
    public bool RequireKeyForReads { get; set; }
}

public sealed class ApiReadRequirement : IAuthorizationRequirement;

public sealed class ApiWriteRequirement : IAuthorizationRequirement;

internal sealed class ApiReadHandler(IOptionsMonitor<ApiOptions> options) : AuthorizationHandler<ApiReadRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiReadRequirement requirement)
    {
        if (context.User.Identities.Any(i => i.IsAuthenticated))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http && ApiKeyAuthenticationHandler.PresentedInvalidKey(http))
        {
            // A key that was sent but is wrong gets a 401 even where anonymous reads are allowed: quietly
            // treating it as anonymous would hide a revoked or mistyped key from its owner.
            context.Fail(new AuthorizationFailureReason(this, "The API key is unknown or revoked."));
        }
        else if (!options.CurrentValue.RequireKeyForReads)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Writes through the API. A key needs the write scope. A signed-in Editor or Admin (the staff cookie) must also send
/// <see cref="CookieWrites.RequestHeader"/>, and is refused altogether while four-eyes publication is on: their changes
/// go through drafts on the staff pages, where a second editor publishes them. See ADR-013.
/// </summary>
internal sealed class ApiWriteHandler(IOptionsMonitor<StaffOptions> staff) : AuthorizationHandler<ApiWriteRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiWriteRequirement requirement)
    {
        var key = ApiKeyAuthenticationHandler.KeyIdentity(context.User);
        if (key is not null)
        {
            if (key.HasClaim(ApiKeyDefaults.ScopeClaim, ApiKeyScopes.Write))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }

        var userMayWrite = context.User.Identities.Any(i =>
            i.IsAuthenticated && AuthPolicies.WriterRoles.Any(r => i.HasClaim(i.RoleClaimType, r)));
        if (!userMayWrite || context.Resource is not HttpContext http)
        {
            return Task.CompletedTask;
        }

        if (staff.CurrentValue.RequireSecondEditor)
        {
            CookieWrites.Refuse(context, this, http, CookieWrites.FourEyesRefusal);
        }
        else if (!CookieWrites.SentRequestHeader(http.Request))
        {
            CookieWrites.Refuse(context, this, http, CookieWrites.MissingHeaderRefusal);
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>What the API asks of a write made with the staff sign-in cookie rather than an API key.</summary>
public static class CookieWrites
{
    /// <summary>
    /// A header a plain HTML form cannot send, and a script on another origin (even a sibling subdomain, which counts as
    /// the same site for SameSite=Lax) can send only after a CORS preflight that this app never grants. So a request
    /// carrying it was made by a script on this origin or by a tool, never by a forged form post.
    /// </summary>
    public const string RequestHeader = "X-Requested-With";

    public const string FourEyesRefusal =
        "Four-eyes publication is on (Staff:RequireSecondEditor): a signed-in member of staff cannot change records through the API, " +
        "because that would publish without a second editor. Edit the record on the staff pages (Manage), where the change becomes a draft, " +
        "or use an API key with the write scope.";

    public static readonly string MissingHeaderRefusal =
        $"A write with the staff sign-in cookie must send the header '{RequestHeader}' (any value, e.g. 'XMLHttpRequest'), which a form " +
        "on another site cannot send; this guards against cross-site request forgery. Scripts should use an API key instead.";

    private static readonly object RefusalKey = new();

    public static bool SentRequestHeader(HttpRequest request) => !string.IsNullOrWhiteSpace(request.Headers[RequestHeader]);

    /// <summary>Why the write policy refused this request's cookie, for the 403 problem document.</summary>
    public static string? RefusalOf(HttpContext context) => context.Items[RefusalKey] as string;

    internal static void Refuse(AuthorizationHandlerContext context, IAuthorizationHandler handler, HttpContext http, string reason)
    {
        http.Items[RefusalKey] = reason;
        context.Fail(new AuthorizationFailureReason(handler, reason));
    }
}
