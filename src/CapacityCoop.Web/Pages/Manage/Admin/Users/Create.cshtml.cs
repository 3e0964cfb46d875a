using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Admin.Users;

/// <summary>
/// Creates a staff account and shows its one-time password once, in the response to the POST: it is neither stored
/// in clear, nor logged, nor put in a redirect or TempData. An email that already has an account is reported, not reset.
/// </summary>
public sealed class CreateModel(StaffAccounts accounts, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public NewAccountInput Input { get; set; } = new();

    /// <summary>Set after a successful POST: the account and the password to hand over.</summary>
    public StaffAccount? Created { get; private set; }

    /// <summary>The account that already has the email entered, so the page can offer to reset its password.</summary>
    public string? ExistingId { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await accounts.CreateAsync(Input.Email ?? "", Input.Role ?? "", Input.DisplayName, Actor.Of(User));
        if (result.Account is null)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(FieldName(field), text[message]);
            }

            ExistingId = result.Existing?.Id;
            return Page();
        }

        Created = result.Account;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public static string FieldName(string field) => field switch
    {
        StaffAccounts.EmailField => "Input.Email",
        StaffAccounts.RoleField => "Input.Role",
        StaffAccounts.DisplayNameField => "Input.DisplayName",
        _ => "",
    };
}

/// <summary>The create-account form. Strings rather than checked types, so that any input reaches the validation.</summary>
public sealed class NewAccountInput
{
    public string? Email { get; set; }

    public string? Role { get; set; } = PortalRoles.Viewer;

    public string? DisplayName { get; set; }
}
