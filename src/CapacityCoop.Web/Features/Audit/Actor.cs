using System.Security.Claims;
using CapacityCoop.Web.Infrastructure.Auth;

namespace CapacityCoop.Web.Features.Audit;

/// <summary>
/// Who made a change, as the audit trail keeps it: a stable id (the staff account's id, or "api-key:{id}") and a
/// readable name (the email address, or "api-key:{name}"). <see cref="Note"/> carries context such as the draft and
/// its reviewer.
/// </summary>
public sealed record Actor(string Id, string Name, string? Note = null)
{
    public static readonly Actor Anonymous = new("anonymous", "anonymous");

    public static Actor Of(ClaimsPrincipal user)
    {
        var identity = user.Identities.FirstOrDefault(i => i.IsAuthenticated);
        if (identity is null)
        {
            return Anonymous;
        }

        var id = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? identity.Name ?? "unknown";
        if (identity.AuthenticationType == ApiKeyDefaults.Scheme)
        {
            id = "api-key:" + id;
        }

        return new Actor(id, identity.Name ?? id);
    }
}
