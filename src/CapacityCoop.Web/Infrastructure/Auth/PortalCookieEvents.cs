using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>
/// The sign-in cookie's checks on every request that carries it: first its server-side session (one indexed lookup),
/// then Identity's periodic security-stamp check (disabled accounts, new roles). Its redirects to the sign-in and
/// access-denied pages start with the public base URL, never a Host header a client made up (ADR-011).
/// </summary>
public sealed class PortalCookieEvents(SignInSessions sessions, PublicUrls publicUrls, ILogger<PortalCookieEvents> logger) : CookieAuthenticationEvents
{
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) => base.RedirectToLogin(Rebased(context));

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) => base.RedirectToAccessDenied(Rebased(context));

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

    private RedirectContext<CookieAuthenticationOptions> Rebased(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.RedirectUri = publicUrls.Rebase(context.Request, context.RedirectUri);
        return context;
    }
}
