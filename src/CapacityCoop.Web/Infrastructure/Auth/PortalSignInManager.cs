using System.Security.Claims;
using CapacityCoop.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>
/// Identity's sign-in with disabled accounts (<see cref="PortalUser.DisabledAt"/>) shut out: they cannot sign in, and
/// the cookie's periodic revalidation (the security stamp check) rejects them, which ends their open sessions.
/// Every sign-in is also a server-side session (<see cref="SignInSessions"/>) that sign-out revokes.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    SignInSessions sessions,
    SignInFailures failures)
    : SignInManager<PortalUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) =>
        user.DisabledAt is null && await base.CanSignInAsync(user);

    /// <summary>
    /// Failures lock out an address from an account (<see cref="SignInFailures"/>), not the account itself: otherwise
    /// anyone who knows an admin's email address could keep that admin out by failing five times every 15 minutes.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (lockoutOnFailure && failures.IsLockedOut(user.Id, address))
        {
            return SignInResult.LockedOut;
        }

        var result = user.DisabledAt is null
            ? await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)
            : await CheckDisabledAsync(user, password);
        if (lockoutOnFailure && result is { Succeeded: false, IsLockedOut: false, IsNotAllowed: false, RequiresTwoFactor: false } && failures.RecordFailure(user.Id, address))
        {
            return SignInResult.LockedOut;
        }

        if (result.Succeeded)
        {
            failures.Reset(user.Id, address);
        }

        return result;
    }

    /// <summary>
    /// A disabled account answers "not allowed" only to someone who knows its password; to anyone else it answers
    /// like a wrong password (and counts towards the lockout), so the sign-in form does not tell strangers which
    /// accounts exist and are disabled. Identity itself would say "not allowed" before looking at the password.
    /// </summary>
    private async Task<SignInResult> CheckDisabledAsync(PortalUser user, string password)
    {
        if (await UserManager.IsLockedOutAsync(user))
        {
            return SignInResult.LockedOut;
        }

        return await UserManager.CheckPasswordAsync(user, password) ? SignInResult.NotAllowed : SignInResult.Failed;
    }

    /// <summary>Disabling also changes the stamp; checking DisabledAt here keeps a session out even if that were missed.</summary>
    public override async Task<bool> ValidateSecurityStampAsync(PortalUser? user, string? securityStamp) =>
        user is { DisabledAt: null } && await base.ValidateSecurityStampAsync(user, securityStamp);

    /// <summary>A new sign-in starts a session; a refresh (which passes the current session's claim along) keeps its session.</summary>
    public override async Task SignInWithClaimsAsync(PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.ToList();
        if (!claims.Any(c => c.Type == SignInSessions.ClaimType))
        {
            claims.Add(await sessions.StartAsync(user.Id));
        }

        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>
    /// Identity's refresh (after a password change) would drop the session claim and so start a new session with a new
    /// absolute lifetime; this one carries the current session over.
    /// </summary>
    public override async Task RefreshSignInAsync(PortalUser user)
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (current.Principal is not { } principal || UserManager.GetUserId(principal) != user.Id || principal.FindFirst(SignInSessions.ClaimType) is not { } session)
        {
            await base.RefreshSignInAsync(user);
            return;
        }

        var carried = principal.Claims.Where(c => c.Type is "amr" or ClaimTypes.AuthenticationMethod).Append(session).ToList();
        await SignInWithClaimsAsync(user, current.Properties, carried);
    }

    /// <summary>Ends the session on the server too, so a copy of the cookie is refused on every instance from now on.</summary>
    public override async Task SignOutAsync()
    {
        if (SignInSessions.IdOf(Context.User) is { } id)
        {
            await sessions.RevokeAsync(id);
        }

        await base.SignOutAsync();
    }
}
