using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Admin.Users;

/// <summary>
/// One staff account and what an admin may do with it: change its role and display name, disable or enable it,
/// unlock it, give it a new one-time password. Each action is its own POST form; a refused action comes back with its
/// message, a successful one redirects here with a status line (except a reset, whose password is shown once).
/// </summary>
public sealed class EditModel(StaffAccounts accounts, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public AccountInput Input { get; set; } = new();

    public StaffAccountSummary Account { get; private set; } = null!;

    /// <summary>Set after a password reset: shown once, in this response only.</summary>
    public string? NewPassword { get; private set; }

    public bool IsSelf => Account.Id == Actor.Of(User).Id;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Input = new AccountInput { Role = Account.Role, DisplayName = Account.DisplayName };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!ModelState.IsValid)
        {
            return await LoadAsync() ? Page() : NotFound();
        }

        return await ActAsync(() => accounts.UpdateAsync(Id, Input.Role ?? "", Input.DisplayName, Actor.Of(User)), "The account has been saved.");
    }

    public Task<IActionResult> OnPostDisableAsync() =>
        ActAsync(() => accounts.DisableAsync(Id, Actor.Of(User)), "The account has been disabled: it cannot sign in, and its open sessions have ended.");

    public Task<IActionResult> OnPostEnableAsync() =>
        ActAsync(() => accounts.EnableAsync(Id, Actor.Of(User)), "The account has been enabled: it can sign in again.");

    public Task<IActionResult> OnPostUnlockAsync() =>
        ActAsync(() => accounts.UnlockAsync(Id, Actor.Of(User)), "The account has been unlocked.");

    public async Task<IActionResult> OnPostResetPasswordAsync()
    {
        var result = await accounts.ResetPasswordAsync(Id, Actor.Of(User));
        if (result.Outcome == AccountOutcome.NotFound || !await LoadAsync())
        {
            return NotFound();
        }

        if (result.Outcome == AccountOutcome.Refused)
        {
            return Refused(result);
        }

        NewPassword = result.Password;
        Input = new AccountInput { Role = Account.Role, DisplayName = Account.DisplayName };
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private async Task<IActionResult> ActAsync(Func<Task<AccountResult>> action, string doneMessage)
    {
        var result = await action();
        switch (result.Outcome)
        {
            case AccountOutcome.NotFound:
                return NotFound();
            case AccountOutcome.Refused:
                return await LoadAsync() ? Refused(result) : NotFound();
            default:
                TempData["Status"] = result.Outcome == AccountOutcome.Done ? text[doneMessage].Value : text["Nothing needed changing."].Value;
                return RedirectToPage(new { id = Id });
        }
    }

    /// <summary>The page again with the refusal beside its field (or in the summary) and the form's input kept.</summary>
    private PageResult Refused(AccountResult result)
    {
        ModelState.AddModelError(result.Field is { } field ? CreateModel.FieldName(field) : "", text[result.Error ?? ""]);

        // Only the role form posts Input; after the other actions the form shows the account as stored.
        if (!Request.HasFormContentType || !Request.Form.ContainsKey("Input.Role"))
        {
            Input = new AccountInput { Role = Account.Role, DisplayName = Account.DisplayName };
        }

        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var account = await accounts.FindAsync(Id, HttpContext.RequestAborted);
        if (account is null)
        {
            return false;
        }

        Account = account;
        return true;
    }
}

/// <summary>The role-and-name form of an account.</summary>
public sealed class AccountInput
{
    public string? Role { get; set; }

    public string? DisplayName { get; set; }
}
