using CapacityCoop.Web.Domain;
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

internal sealed class ApiWriteHandler : AuthorizationHandler<ApiWriteRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiWriteRequirement requirement)
    {
        var key = ApiKeyAuthenticationHandler.KeyIdentity(context.User);
        var keyMayWrite = key is not null && key.HasClaim(ApiKeyDefaults.ScopeClaim, ApiKeyScopes.Write);
        var userMayWrite = context.User.Identities.Any(i =>
            i.IsAuthenticated && i.AuthenticationType != ApiKeyDefaults.Scheme && AuthPolicies.WriterRoles.Any(r => i.HasClaim(i.RoleClaimType, r)));

        if (keyMayWrite || userMayWrite)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
