namespace CapacityCoop.Web.Pages.Manage;

/// <summary>
/// A one-line confirmation carried across a redirect (post, redirect, get) in TempData; the layout shows it on the page
/// the user lands on, which may be a public page (a published record).
/// </summary>
public static class StatusMessage
{
    public const string Key = "StatusMessage";
}
