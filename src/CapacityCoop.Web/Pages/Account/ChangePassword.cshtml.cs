using System.ComponentModel.DataAnnotations;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Account;

[Authorize]
public sealed class ChangePasswordModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, SignInSessions sessions) : PageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    public bool Changed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                    ? $"{nameof(Input)}.{nameof(Input.CurrentPassword)}"
                    : $"{nameof(Input)}.{nameof(Input.NewPassword)}";
                ModelState.AddModelError(field, error.Description);
            }

            return Page();
        }

        // Someone who learnt the old password may be signed in elsewhere: every other session of the account ends now.
        // The security stamp changed too, so this session gets a new cookie (RefreshSignInAsync keeps its session id).
        await sessions.RevokeAllAsync(user.Id, keep: SignInSessions.IdOf(User));
        await signIn.RefreshSignInAsync(user);
        Changed = true;
        Input = new ChangePasswordInput();
        return Page();
    }
}

public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Enter a new password.")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "The new password needs at least 12 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Repeat the new password.")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
    [DataType(DataType.Password)]
    [Display(Name = "Repeat the new password")]
    public string ConfirmPassword { get; set; } = "";
}
