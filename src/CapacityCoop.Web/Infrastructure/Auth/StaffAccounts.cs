using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using CapacityCoop.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>The account and the one-time password from <see cref="StaffAccounts.CreateOrResetAsync"/>.</summary>
public sealed record StaffAccount(PortalUser User, string Password, bool Created);

/// <summary>Creates staff accounts (or resets them) with a random password that only the caller ever sees.</summary>
public sealed class StaffAccounts(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, TimeProvider time)
{
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-_.!@#%+=";
    private const int PasswordLength = 24;

    public static bool IsValidEmail(string email) =>
        email.Length <= 256 && !email.Any(char.IsWhiteSpace) && new EmailAddressAttribute().IsValid(email)
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
        var password = GeneratePassword();
        var user = await users.FindByEmailAsync(email);
        var created = user is null;
        if (user is null)
        {
            user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
            Check(await users.CreateAsync(user, password));
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Check(await users.ResetPasswordAsync(user, token, password));
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            var others = (await users.GetRolesAsync(user)).Where(r => r != role).ToList();
            if (others.Count > 0)
            {
                Check(await users.RemoveFromRolesAsync(user, others));
            }
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role));
        }

        return new StaffAccount(user, password, created);
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
