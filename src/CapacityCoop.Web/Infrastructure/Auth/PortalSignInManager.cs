using CapacityCoop.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>
/// Identity's sign-in with disabled accounts (<see cref="PortalUser.DisabledAt"/>) shut out: they cannot sign in, and
/// the cookie's periodic revalidation (the security stamp check) rejects them, which ends their open sessions.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) =>
        user.DisabledAt is null && await base.CanSignInAsync(user);

    /// <summary>
    /// A disabled account answers "not allowed" only to someone who knows its password; to anyone else it answers
    /// like a wrong password (and counts towards the lockout), so the sign-in form does not tell strangers which
    /// accounts exist and are disabled. Identity itself would say "not allowed" before looking at the password.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        if (user.DisabledAt is null)
        {
            return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        }

        if (await UserManager.IsLockedOutAsync(user))
        {
            return SignInResult.LockedOut;
        }

        if (await UserManager.CheckPasswordAsync(user, password))
        {
            return SignInResult.NotAllowed;
        }

        if (lockoutOnFailure)
        {
            await UserManager.AccessFailedAsync(user);
            if (await UserManager.IsLockedOutAsync(user))
            {
                return SignInResult.LockedOut;
            }
        }

        return SignInResult.Failed;
    }

    /// <summary>Disabling also changes the stamp; checking DisabledAt here keeps a session out even if that were missed.</summary>
    public override async Task<bool> ValidateSecurityStampAsync(PortalUser? user, string? securityStamp) =>
        user is { DisabledAt: null } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
