using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Manage.Admin;

/// <summary>
/// The app with sessions checked against their account on every request (interval zero), so a test can see a
/// disabled account or a changed role take effect on the very next request.
/// </summary>
public sealed class AdminPagesFixture : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [AuthExtensions.SessionValidationIntervalSetting] = "00:00:00",
    };

    public Task<string> UserIdAsync(string email) =>
        QueryAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync());

    public Task<List<string>> RolesAsync(string email) => QueryAsync(db =>
        db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant())
            .SelectMany(u => db.UserRoles.Where(ur => ur.UserId == u.Id))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!)
            .ToListAsync());

    public Task<DateTimeOffset?> DisabledAtAsync(string email) => QueryAsync(db =>
        db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.DisabledAt).SingleAsync());
}

/// <summary>Helpers shared by the admin page tests.</summary>
public static class AdminPages
{
    /// <summary>Signs in through the login form and returns the response (a redirect when it worked).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var session = new StaffSession(client, email);
        return await session.SubmitAsync("/Account/Login", "main form[method='post']", new() { ["Input.Email"] = email, ["Input.Password"] = password });
    }

    public static string[] ErrorsOf(AngleSharp.Html.Dom.IHtmlDocument document) =>
        document.QuerySelectorAll(".errors li").Select(li => li.TextContent.Trim()).ToArray();

    public static string FieldError(AngleSharp.Html.Dom.IHtmlDocument document, string field) =>
        document.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? "";
}
