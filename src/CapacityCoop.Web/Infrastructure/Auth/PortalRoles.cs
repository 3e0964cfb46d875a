namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>The staff roles. Viewers may only sign in; Editors and Admins may change data.</summary>
public static class PortalRoles
{
    public const string Viewer = "Viewer";
    public const string Editor = "Editor";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Editor, Admin];
}
