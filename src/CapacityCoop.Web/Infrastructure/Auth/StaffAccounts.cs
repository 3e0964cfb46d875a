using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>The account and the one-time password from <see cref="StaffAccounts.CreateOrResetAsync"/>.</summary>
public sealed record StaffAccount(PortalUser User, string Password, bool Created);

/// <summary>One line of the admin's list of accounts. <see cref="Role"/> is empty for an account without a role.</summary>
public sealed record StaffAccountSummary(
    string Id, string Email, string? DisplayName, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LockedOutUntil, DateTimeOffset? DisabledAt);

public enum AccountOutcome
{
    Done,
    Unchanged,
    NotFound,
    Refused,
}

/// <summary>
/// What an admin's change did. A refusal names the form field it belongs to ("email", "role", "displayName", or
/// null for the account as a whole) and an English message the pages translate.
/// </summary>
public sealed record AccountResult(AccountOutcome Outcome, string? Field = null, string? Error = null, string? Password = null)
{
    public static readonly AccountResult Done = new(AccountOutcome.Done);
    public static readonly AccountResult Unchanged = new(AccountOutcome.Unchanged);
    public static readonly AccountResult NotFound = new(AccountOutcome.NotFound);

    public static AccountResult Refused(string? field, string error) => new(AccountOutcome.Refused, field, error);
}

/// <summary>A new account (with its one-time password), or the account that already has the email, or field errors.</summary>
public sealed record NewAccountResult(StaffAccount? Account, PortalUser? Existing, IReadOnlyDictionary<string, string> Errors);

/// <summary>What <see cref="StaffAccounts.EnsureAdminAsync"/> found: a new first Admin, or how many Admins exist.</summary>
public sealed record EnsureAdminResult(StaffAccount? Created, int ExistingAdmins);

/// <summary>
/// Staff accounts: created (or reset) with a random password that only the caller ever sees, and the admin's
/// changes — role, display name, disable/enable, unlock, password reset. Every change is logged with the id of the
/// user who made it (never a password). Changes that could leave the portal without an enabled Admin run one at a
/// time under an advisory lock, so two admins demoting each other at once cannot both succeed.
/// </summary>
public sealed class StaffAccounts(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    PortalDbContext db,
    TimeProvider time,
    SignInSessions sessions,
    SignInFailures failures,
    ILogger<StaffAccounts> logger)
{
    public const string EmailField = "email";
    public const string RoleField = "role";
    public const string DisplayNameField = "displayName";

    public const string InvalidEmailMessage = "Enter an email address such as name@example.org.";
    public const string UnknownRoleMessage = "Choose a role: Viewer, Editor or Admin.";
    public const string DisplayNameTooLongMessage = "A display name has at most 200 characters.";
    public const string DisplayNameControlMessage = "A display name is one line, without tabs, line breaks or other control characters.";
    public const string EmailExistsMessage = "An account with this email address already exists.";
    public const string DemoteSelfMessage = "You cannot take the Admin role from your own account: another admin has to do it.";
    public const string DisableSelfMessage = "You cannot disable your own account: another admin has to do it.";
    public const string ResetSelfMessage = "Change your own password on the Change password page.";
    public const string LastAdminDemoteMessage = "This is the last enabled admin: make another account an admin before changing this one's role.";
    public const string LastAdminDisableMessage = "This is the last enabled admin: make another account an admin before disabling this one.";

    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-_.!@#%+=";
    private const int PasswordLength = 24;

    // Any fixed 64-bit number, distinct from the migration lock; the same in every instance of the app.
    private const long AccountChangeLockKey = 0x43_63_53_74_61_66_66; // "CcStaff"

    public static bool IsValidEmail(string email) =>
        email.Length <= 256 && !email.Any(char.IsWhiteSpace) && ControlCharacters.IndexOf(email, multiLine: false) < 0 && new EmailAddressAttribute().IsValid(email)
        && email.IndexOf('@', StringComparison.Ordinal) is var at && at > 0 && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.');

    /// <summary>
    /// Makes <paramref name="email"/> an account in exactly <paramref name="role"/> with a new random password; an
    /// existing account gets the new password, loses any lockout and keeps its id.
    /// </summary>
    public async Task<StaffAccount> CreateOrResetAsync(string email, string role)
    {
        email = email.Trim();
        if (!IsValidEmail(email))
        {
            throw new ArgumentException($"'{email}' is not an email address.");
        }

        if (!PortalRoles.All.Contains(role))
        {
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", PortalRoles.All)}.");
        }

        await EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            return await CreateNewAsync(email, role, displayName: null);
        }

        var password = await SetNewPasswordAsync(user);
        await SetRoleAsync(user, role);
        return new StaffAccount(user, password, Created: false);
    }

    /// <summary>The checks a new account's fields must pass, keyed by field; empty when they pass.</summary>
    public static Dictionary<string, string> ValidateNew(string? email, string? role, string? displayName)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!IsValidEmail(email?.Trim() ?? ""))
        {
            errors[EmailField] = InvalidEmailMessage;
        }

        AddRoleAndNameErrors(errors, role, displayName);
        return errors;
    }

    /// <summary>
    /// Creates a new account; an email that already has an account is reported (with that account), never reset:
    /// resetting someone's password is a separate, explicit action.
    /// </summary>
    public async Task<NewAccountResult> CreateAsync(string email, string role, string? displayName, Actor by)
    {
        var errors = ValidateNew(email, role, displayName);
        if (errors.Count > 0)
        {
            return new NewAccountResult(null, null, errors);
        }

        email = email.Trim();
        await EnsureRolesAsync();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            return new NewAccountResult(null, existing, new Dictionary<string, string> { [EmailField] = EmailExistsMessage });
        }

        StaffAccount account;
        try
        {
            account = await CreateNewAsync(email, role, NormaliseDisplayName(displayName));
        }
        catch (DuplicateAccountException)
        {
            // Someone else created it between the check and the insert.
            var raced = await users.FindByEmailAsync(email);
            return new NewAccountResult(null, raced, new Dictionary<string, string> { [EmailField] = EmailExistsMessage });
        }

        logger.LogInformation("User {UserId} created account {TargetUserId} with role {Role}", by.Id, account.User.Id, role);
        return new NewAccountResult(account, null, new Dictionary<string, string>());
    }

    /// <summary>Creates an Admin with a one-time password only when there is no Admin account at all (a fresh install).</summary>
    public async Task<EnsureAdminResult> EnsureAdminAsync(string email)
    {
        email = email.Trim();
        if (!IsValidEmail(email))
        {
            throw new ArgumentException($"'{email}' is not an email address.");
        }

        await EnsureRolesAsync();

        // Two instances starting at once must not both create an admin.
        return await InAccountChangeAsync(async () =>
        {
            var admins = (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Count;
            if (admins > 0)
            {
                return new EnsureAdminResult(null, admins);
            }

            var account = await CreateOrResetAsync(email, PortalRoles.Admin);
            logger.LogInformation("Created the first Admin account {TargetUserId}", account.User.Id);
            return new EnsureAdminResult(account, 0);
        });
    }

    /// <summary>Every account, sorted by <paramref name="sort"/> ("email", "name", "role", "created"; "-" before it for descending).</summary>
    public async Task<IReadOnlyList<StaffAccountSummary>> ListAsync(string? sort = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var rows = await db.Users.AsNoTracking()
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.CreatedAt,
                u.LockoutEnd,
                u.DisabledAt,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!)
                    .ToList(),
            })
            .ToListAsync(cancellationToken);
        var accounts = rows.Select(r => new StaffAccountSummary(
            r.Id, r.Email ?? "", r.DisplayName, HighestRole(r.Roles), r.CreatedAt, LockedOutUntil(r.Id, r.LockoutEnd, now), r.DisabledAt));
        return Sort(accounts, sort).ToList();
    }

    public async Task<StaffAccountSummary?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken: cancellationToken)).FirstOrDefault(a => a.Id == id);

    /// <summary>The sort keys <see cref="ListAsync"/> understands.</summary>
    public static readonly IReadOnlyList<string> SortKeys = ["email", "name", "role", "created"];

    /// <summary>Changes an account's role and display name. An admin may not demote themselves, nor the last enabled admin.</summary>
    public async Task<AccountResult> UpdateAsync(string id, string role, string? displayName, Actor by)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        AddRoleAndNameErrors(errors, role, displayName);
        if (errors.Count > 0)
        {
            var (field, error) = errors.First();
            return AccountResult.Refused(field, error);
        }

        await EnsureRolesAsync();
        return await InAccountChangeAsync(async () =>
        {
            var user = await users.FindByIdAsync(id);
            if (user is null)
            {
                return AccountResult.NotFound;
            }

            var changed = false;
            var currentRole = HighestRole(await users.GetRolesAsync(user));
            if (currentRole != role)
            {
                if (currentRole == PortalRoles.Admin)
                {
                    if (user.Id == by.Id)
                    {
                        return AccountResult.Refused(RoleField, DemoteSelfMessage);
                    }

                    if (user.DisabledAt is null && await EnabledAdminCountAsync() <= 1)
                    {
                        return AccountResult.Refused(RoleField, LastAdminDemoteMessage);
                    }
                }

                // A promotion keeps the user signed in: their session picks up the new role when it is next checked
                // against the account (AuthExtensions.SessionValidationIntervalSetting). A demotion ends their sessions at
                // once, so rights taken away are not kept for up to that interval.
                await SetRoleAsync(user, role);
                if (Rank(role) < Rank(currentRole))
                {
                    await sessions.RevokeAllAsync(user.Id);
                }

                logger.LogInformation(
                    "User {UserId} changed the role of account {TargetUserId} from {OldRole} to {NewRole}", by.Id, user.Id, currentRole, role);
                changed = true;
            }

            var name = NormaliseDisplayName(displayName);
            if (name != user.DisplayName)
            {
                user.DisplayName = name;
                Check(await users.UpdateAsync(user));
                logger.LogInformation("User {UserId} changed the display name of account {TargetUserId}", by.Id, user.Id);
                changed = true;
            }

            return changed ? AccountResult.Done : AccountResult.Unchanged;
        });
    }

    /// <summary>Disables an account: it cannot sign in, and its open sessions end at their next check.</summary>
    public async Task<AccountResult> DisableAsync(string id, Actor by)
    {
        return await InAccountChangeAsync(async () =>
        {
            var user = await users.FindByIdAsync(id);
            if (user is null)
            {
                return AccountResult.NotFound;
            }

            if (user.Id == by.Id)
            {
                return AccountResult.Refused(null, DisableSelfMessage);
            }

            if (user.DisabledAt is not null)
            {
                return AccountResult.Unchanged;
            }

            if (await users.IsInRoleAsync(user, PortalRoles.Admin) && await EnabledAdminCountAsync() <= 1)
            {
                return AccountResult.Refused(null, LastAdminDisableMessage);
            }

            user.DisabledAt = time.GetUtcNow();

            // Saves DisabledAt along with the new stamp, which invalidates every cookie issued to the account.
            Check(await users.UpdateSecurityStampAsync(user));
            await sessions.RevokeAllAsync(user.Id);
            logger.LogInformation("User {UserId} disabled account {TargetUserId}", by.Id, user.Id);
            return AccountResult.Done;
        });
    }

    public async Task<AccountResult> EnableAsync(string id, Actor by)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return AccountResult.NotFound;
        }

        if (user.DisabledAt is null)
        {
            return AccountResult.Unchanged;
        }

        user.DisabledAt = null;
        Check(await users.UpdateAsync(user));
        logger.LogInformation("User {UserId} enabled account {TargetUserId}", by.Id, user.Id);
        return AccountResult.Done;
    }

    /// <summary>Ends a lockout after too many failed sign-ins.</summary>
    public async Task<AccountResult> UnlockAsync(string id, Actor by)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return AccountResult.NotFound;
        }

        // Lockouts are counted per address on each instance (SignInFailures); this ends those this instance holds.
        var hadLockouts = failures.ResetAccount(user.Id);
        if (!hadLockouts && user.LockoutEnd is null && user.AccessFailedCount == 0)
        {
            return AccountResult.Unchanged;
        }

        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        logger.LogInformation("User {UserId} unlocked account {TargetUserId}", by.Id, user.Id);
        return AccountResult.Done;
    }

    /// <summary>
    /// Gives another account a new one-time password (in <see cref="AccountResult.Password"/>), ends its lockout and,
    /// through the new security stamp, its open sessions. A disabled account stays disabled.
    /// </summary>
    public async Task<AccountResult> ResetPasswordAsync(string id, Actor by)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return AccountResult.NotFound;
        }

        if (user.Id == by.Id)
        {
            return AccountResult.Refused(null, ResetSelfMessage);
        }

        var password = await SetNewPasswordAsync(user);
        logger.LogInformation("User {UserId} reset the password of account {TargetUserId}", by.Id, user.Id);
        return AccountResult.Done with { Password = password };
    }

    /// <summary>24 characters from all four classes Identity asks for, about 140 bits of randomness.</summary>
    public static string GeneratePassword()
    {
        const string all = Lower + Upper + Digits + Symbols;
        var chars = new char[PasswordLength];
        chars[0] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[1] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private async Task<StaffAccount> CreateNewAsync(string email, string role, string? displayName)
    {
        var password = GeneratePassword();
        var user = new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = time.GetUtcNow(),
        };

        // The account and its role are one change: an account left without a role could sign in to nothing.
        await db.InTransactionAsync(
            async _ =>
            {
                var result = await users.CreateAsync(user, password);
                if (!result.Succeeded && result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
                {
                    throw new DuplicateAccountException();
                }

                Check(result);
                Check(await users.AddToRoleAsync(user, role));
                return true;
            },
            CancellationToken.None);
        return new StaffAccount(user, password, Created: true);
    }

    private async Task<string> SetNewPasswordAsync(PortalUser user)
    {
        var password = GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password));
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        await sessions.RevokeAllAsync(user.Id);
        return password;
    }

    private async Task SetRoleAsync(PortalUser user, string role)
    {
        var others = (await users.GetRolesAsync(user)).Where(r => r != role).ToList();
        if (others.Count > 0)
        {
            Check(await users.RemoveFromRolesAsync(user, others));
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role));
        }
    }

    private Task<int> EnabledAdminCountAsync() =>
        db.Users.CountAsync(u => u.DisabledAt == null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PortalRoles.Admin)));

    /// <summary>
    /// One transaction holding the lock that serialises changes to who is an enabled Admin, retried as a whole
    /// (RetriedTransactions). Every branch that returns early has written nothing, so the unit always commits.
    /// </summary>
    private Task<T> InAccountChangeAsync<T>(Func<Task<T>> unit) =>
        db.InTransactionAsync(
            async _ =>
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AccountChangeLockKey})");
                return await unit();
            },
            CancellationToken.None);

    /// <summary>
    /// The later of a lockout set in the database (by hand, or before ADR-013) and the last lockout of the account from
    /// any address that this instance counted.
    /// </summary>
    private DateTimeOffset? LockedOutUntil(string id, DateTimeOffset? lockoutEnd, DateTimeOffset now) =>
        new[] { lockoutEnd > now ? lockoutEnd : null, failures.LockedUntil(id) }.Max();

    private static int Rank(string role) => PortalRoles.All.ToList().IndexOf(role);

    /// <summary>The account's role; if it somehow holds several, the strongest, as the policies would see it.</summary>
    private static string HighestRole(IEnumerable<string> held)
    {
        var set = held.ToHashSet(StringComparer.Ordinal);
        return PortalRoles.All.LastOrDefault(set.Contains) ?? "";
    }

    private static IEnumerable<StaffAccountSummary> Sort(IEnumerable<StaffAccountSummary> accounts, string? sort)
    {
        var descending = sort?.StartsWith('-') == true;
        var key = sort?.TrimStart('-') ?? "email";
        var byEmail = StringComparer.OrdinalIgnoreCase;
        var ordered = key switch
        {
            "name" => descending
                ? accounts.OrderByDescending(a => a.DisplayName ?? "", byEmail)
                : accounts.OrderBy(a => a.DisplayName is null).ThenBy(a => a.DisplayName ?? "", byEmail),
            "role" => descending
                ? accounts.OrderByDescending(a => RoleRank(a.Role))
                : accounts.OrderBy(a => RoleRank(a.Role)),
            "created" => descending ? accounts.OrderByDescending(a => a.CreatedAt) : accounts.OrderBy(a => a.CreatedAt),
            _ => descending ? accounts.OrderByDescending(a => a.Email, byEmail) : accounts.OrderBy(a => a.Email, byEmail),
        };
        return ordered.ThenBy(a => a.Email, byEmail);
    }

    private static int RoleRank(string role) => PortalRoles.All.ToList().IndexOf(role);

    private static void AddRoleAndNameErrors(Dictionary<string, string> errors, string? role, string? displayName)
    {
        if (role is null || !PortalRoles.All.Contains(role))
        {
            errors[RoleField] = UnknownRoleMessage;
        }

        if (NormaliseDisplayName(displayName)?.Length > PortalUser.DisplayNameMaxLength)
        {
            errors[DisplayNameField] = DisplayNameTooLongMessage;
        }
        else if (displayName is not null && ControlCharacters.IndexOf(displayName.Trim(), multiLine: false) >= 0)
        {
            errors[DisplayNameField] = DisplayNameControlMessage;
        }
    }

    private static string? NormaliseDisplayName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();

    private sealed class DuplicateAccountException : Exception;

    private async Task EnsureRolesAsync()
    {
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
