using System.Net;
using CapacityCoop.Tests.Pages.Manage.Admin;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Infrastructure.Auth;

/// <summary>ensure-admin, which scripts/run.sh runs on every start: a first Admin on a fresh database, and only then.</summary>
public sealed class EnsureAdminCommandTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Ensure_admin_creates_an_admin_on_a_fresh_database_once_and_the_second_run_prints_no_password()
    {
        (await api.QueryAsync(db => db.Users.CountAsync())).ShouldBe(0, "the test database starts without accounts");

        var (exitCode, output, error) = await RunAsync("ensure-admin", "--email", "admin@capacitycoop.local", "--urls", "http://*:5080;https://*:5443");

        exitCode.ShouldBe(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("No Admin account existed, so one was created. Sign in with:");
        lines[1].ShouldBe("  address:  http://localhost:5080/Account/Login");
        lines[2].ShouldBe("  email:    admin@capacitycoop.local");
        lines[3].ShouldStartWith("  password: ");
        var password = lines[3]["  password: ".Length..];
        password.Length.ShouldBeGreaterThanOrEqualTo(12);
        (await AdminPages.SignInAsync(StaffSession.NewClient(api.App), "admin@capacitycoop.local", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var (again, secondOutput, _) = await RunAsync("ensure-admin", "--email", "someone-else@capacitycoop.local");

        again.ShouldBe(0);
        secondOutput.TrimEnd().ShouldBe("An Admin account exists (1); to give one a new password: scripts/run.sh create-admin --email EMAIL");
        (await api.QueryAsync(db => db.Users.CountAsync())).ShouldBe(1);
        (await AdminPages.SignInAsync(StaffSession.NewClient(api.App), "admin@capacitycoop.local", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the first password still works");
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    public async Task Ensure_admin_refuses_a_malformed_email_with_one_line(string email)
    {
        var (exitCode, output, error) = await RunAsync("ensure-admin", "--email", email);

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        error.TrimEnd().ShouldBe($"ensure-admin failed: '{email}' is not an email address.");
    }

    [Fact]
    public void The_default_email_of_scripts_run_sh_is_accepted() =>
        StaffAccounts.IsValidEmail("admin@capacitycoop.local").ShouldBeTrue();

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exitCode = await PortalCommands.RunAsync(api.App.Services, args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
