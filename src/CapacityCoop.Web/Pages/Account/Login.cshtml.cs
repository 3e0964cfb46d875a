using System.ComponentModel.DataAnnotations;
using CapacityCoop.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Account;

/// <summary>Staff sign-in with email and password; five failures lock the account for a while.</summary>
public sealed class LoginModel(SignInManager<PortalUser> signIn, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("A user signed in");
            return LocalRedirect(SafeReturnUrl());
        }

        ModelState.AddModelError(
            string.Empty,
            result.IsLockedOut
                ? "This account is locked after too many failed sign-ins. Try again in 15 minutes."
                : result.IsNotAllowed

                    // Only said to someone who gave the right password (PortalSignInManager): it reveals nothing to strangers.
                    ? "This account has been disabled. Ask an admin to enable it."
                    : "The email or password is not right.");
        return Page();
    }

    /// <summary>Only a path on this site: an absolute URL would make the sign-in page an open redirect.</summary>
    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}

public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.org.")]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";
}
