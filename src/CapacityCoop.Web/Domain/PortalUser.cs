using Microsoft.AspNetCore.Identity;

namespace CapacityCoop.Web.Domain;

/// <summary>A member of staff who signs in to the portal (Viewer, Editor or Admin).</summary>
public sealed class PortalUser : IdentityUser
{
    public const int DisplayNameMaxLength = 200;

    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set by an admin: the account cannot sign in and its open sessions end.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}
