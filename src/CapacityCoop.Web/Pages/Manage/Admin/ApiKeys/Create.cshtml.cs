using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Admin.ApiKeys;

/// <summary>
/// Creates an API key and shows it once, in the response to the POST (only its hash is stored). The admin's email is
/// kept as "created by"; the log line names the admin's id and the key's id, never the key.
/// </summary>
public sealed class CreateModel(ApiKeyService keys, IStringLocalizer<SharedResource> text, ILogger<CreateModel> logger) : PageModel
{
    public const string ReadAccess = "read";
    public const string ReadWriteAccess = "read-write";

    [BindProperty]
    public NewApiKeyInput Input { get; set; } = new();

    public CreatedApiKey? Created { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = Input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            ModelState.AddModelError("Input.Name", text["Give the key a name that says who or what uses it."]);
        }
        else if (name.Length > ApiKeyService.NameMaxLength)
        {
            ModelState.AddModelError("Input.Name", text["A key's name has at most {0} characters.", ApiKeyService.NameMaxLength]);
        }
        else if (ControlCharacters.IndexOf(name, multiLine: false) >= 0 && ModelState["Input.Name"]?.Errors.Count is null or 0)
        {
            ModelState.AddModelError("Input.Name", text["A key's name is one line, without tabs, line breaks or other control characters."]);
        }

        string[]? scopes = Input.Access switch
        {
            ReadAccess => [ApiKeyScopes.Read],
            ReadWriteAccess => [ApiKeyScopes.Read, ApiKeyScopes.Write],
            _ => null,
        };
        if (scopes is null)
        {
            ModelState.AddModelError("Input.Access", text["Choose what the key may do: read, or read and write."]);
        }

        if (ModelState.ErrorCount > 0 || scopes is null)
        {
            return Page();
        }

        var actor = Actor.Of(User);
        Created = await keys.CreateAsync(name, scopes, createdBy: actor.Name, HttpContext.RequestAborted);
        logger.LogInformation(
            "User {UserId} created API key {ApiKeyId} with scopes {Scopes}", actor.Id, Created.Entity.Id, string.Join(",", Created.Entity.Scopes));
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}

public sealed class NewApiKeyInput
{
    public string? Name { get; set; }

    public string? Access { get; set; } = CreateModel.ReadAccess;
}
