using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Manage.Admin.ApiKeys;

/// <summary>Every API key with its prefix, scopes and use, newest first; never the key itself (only its hash is stored).</summary>
public sealed class IndexModel(ApiKeyService keys) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Keys = (await keys.ListAsync(cancellationToken)).OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.Id).ToList();
}
