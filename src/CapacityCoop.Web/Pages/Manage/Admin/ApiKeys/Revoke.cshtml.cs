using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Admin.ApiKeys;

/// <summary>Asks before revoking a key (scripts using it stop working at once), then revokes it.</summary>
public sealed class RevokeModel(ApiKeyService keys, IStringLocalizer<SharedResource> text, ILogger<RevokeModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public ApiKey Key { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await keys.FindAsync(Id, HttpContext.RequestAborted) is not { } key)
        {
            return NotFound();
        }

        Key = key;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        switch (await keys.RevokeAsync(Id, HttpContext.RequestAborted))
        {
            case RevokeResult.Revoked:
                logger.LogInformation("User {UserId} revoked API key {ApiKeyId}", Actor.Of(User).Id, Id);
                TempData["Status"] = text["The API key {0} has been revoked: requests with it now get 401.", Id].Value;
                break;
            case RevokeResult.AlreadyRevoked:
                TempData["Status"] = text["The API key {0} was already revoked.", Id].Value;
                break;
            default:
                return NotFound();
        }

        return RedirectToPage("Index");
    }
}
