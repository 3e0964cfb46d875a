using System.Net;
using CapacityCoop.Tests.Infrastructure.Auth;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CapacityCoop.Tests.Pages.Manage.Admin;

/// <summary>Every request is logged with who made it, and every admin action with the admin's and the target's ids.</summary>
public sealed class AdminLoggingTests(AdminPagesFixture api) : IClassFixture<AdminPagesFixture>
{
    [Fact]
    public async Task The_request_log_and_the_admin_actions_carry_the_user_id_and_never_a_password_or_key()
    {
        var logs = new CapturedLogs();
        await using var app = api.App.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        string adminPassword;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            adminPassword = (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateOrResetAsync("logged-admin@example.org", PortalRoles.Admin)).Password;
        }

        var admin = new StaffSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), "logged-admin@example.org");
        (await AdminPages.SignInAsync(admin.Client, admin.Email, adminPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var adminId = await api.UserIdAsync("logged-admin@example.org");

        var created = await admin.SubmitAsync("/Manage/Admin/Users/Create", "main form[method='post']", new()
        {
            ["Input.Email"] = "logged-target@example.org",
            ["Input.Role"] = PortalRoles.Viewer,
        });
        var password = (await StaffSession.ParseAsync(created)).QuerySelector("[data-testid='one-time-password']")!.TextContent.Trim();
        var targetId = await api.UserIdAsync("logged-target@example.org");
        await admin.SubmitAsync($"/Manage/Admin/Users/Edit/{targetId}", "form[data-testid='disable-form']", new());
        var keyPage = await admin.SubmitAsync("/Manage/Admin/ApiKeys/Create", "main form[method='post']", new() { ["Input.Name"] = "Logged key" });
        var key = (await StaffSession.ParseAsync(keyPage)).QuerySelector("[data-testid='api-key']")!.GetAttribute("value")!;
        var keyId = await api.QueryAsync(db => Task.FromResult(db.ApiKeys.Single(k => k.Name == "Logged key").Id));
        var keyClient = app.CreateClient();
        keyClient.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        await keyClient.GetAsync("/api/v1/auth/whoami");
        await app.CreateClient().GetAsync("/health/live");

        var messages = logs.Messages.ToList();
        messages.ShouldContain(m => m.StartsWith("HTTP POST /Manage/Admin/Users/Create responded 200 in ") && m.EndsWith($" ms for {adminId}"));
        messages.ShouldContain(m => m.StartsWith($"HTTP POST /Manage/Admin/Users/Edit/{targetId} responded 302 in ") && m.EndsWith($" for {adminId}"));
        messages.ShouldContain(m => m.StartsWith("HTTP GET /api/v1/auth/whoami responded 200 in ") && m.EndsWith($" for api-key:{keyId}"));
        messages.ShouldContain(m => m.StartsWith("HTTP GET /health/live responded 200 in ") && m.EndsWith(" for anonymous"));
        messages.ShouldContain($"User {adminId} created account {targetId} with role Viewer");
        messages.ShouldContain($"User {adminId} disabled account {targetId}");
        messages.ShouldContain($"User {adminId} created API key {keyId} with scopes read");
        messages.ShouldAllBe(m => !m.Contains(password) && !m.Contains(adminPassword) && !m.Contains(key));
    }
}
