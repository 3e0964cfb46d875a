using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>
/// The sign-in cookie's checks on every request that carries it: first its server-side session (one indexed lookup),
/// then Identity's periodic security-stamp check (disabled accounts, new roles).
/// </summary>
public sealed class PortalCookieEvents(SignInSessions sessions, ILogger<PortalCookieEvents> logger) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var userId = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (context.Principal is null || !await sessions.IsActiveAsync(context.Principal, userId, context.HttpContext.RequestAborted))
        {
            logger.LogInformation("Refused a sign-in cookie whose session has ended for user {UserId}", userId);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
