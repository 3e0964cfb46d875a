using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure.Auth;

/// <summary>
/// The portal always keeps an enabled Admin. Through the pages an admin cannot act on themselves, so the last-admin rule
/// guards what the self rule cannot: a stale session, and two admins acting on each other at the same moment.
/// </summary>
public sealed class LastAdminTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_last_enabled_admin_can_be_neither_demoted_nor_disabled_and_concurrent_demotions_leave_one_admin()
    {
        await StaffSession.CreateAccountAsync(api.App, "first-admin@example.org", PortalRoles.Admin);
        await StaffSession.CreateAccountAsync(api.App, "second-admin@example.org", PortalRoles.Admin);
        var first = await IdAsync("first-admin@example.org");
        var second = await IdAsync("second-admin@example.org");
        var someoneElse = new Actor("someone-else", "someone-else");

        // Two admins demote each other at once: the lock lets one through, the other then finds the last admin.
        var results = await Task.WhenAll(
            WithAccountsAsync(a => a.UpdateAsync(first, PortalRoles.Editor, null, new Actor(second, "second"))),
            WithAccountsAsync(a => a.UpdateAsync(second, PortalRoles.Editor, null, new Actor(first, "first"))));

        results.Count(r => r.Outcome == AccountOutcome.Done).ShouldBe(1);
        var refused = results.Single(r => r.Outcome == AccountOutcome.Refused);
        refused.Field.ShouldBe(StaffAccounts.RoleField);
        refused.Error.ShouldBe(StaffAccounts.LastAdminDemoteMessage);
        var admins = await WithAccountsAsync(async a => (await a.ListAsync()).Where(x => x.Role == PortalRoles.Admin).Select(x => x.Id).ToList());
        admins.Count.ShouldBe(1);
        var last = admins.Single();

        (await WithAccountsAsync(a => a.DisableAsync(last, someoneElse))).Error.ShouldBe(StaffAccounts.LastAdminDisableMessage);
        (await WithAccountsAsync(a => a.UpdateAsync(last, PortalRoles.Viewer, null, someoneElse))).Error.ShouldBe(StaffAccounts.LastAdminDemoteMessage);
        (await WithAccountsAsync(a => a.FindAsync(last)))!.DisabledAt.ShouldBeNull();

        // With a second enabled admin, the first may go.
        await StaffSession.CreateAccountAsync(api.App, "third-admin@example.org", PortalRoles.Admin);
        (await WithAccountsAsync(a => a.DisableAsync(last, someoneElse))).Outcome.ShouldBe(AccountOutcome.Done);

        // A disabled admin does not count: the remaining one is now the last.
        var third = await IdAsync("third-admin@example.org");
        (await WithAccountsAsync(a => a.DisableAsync(third, someoneElse))).Error.ShouldBe(StaffAccounts.LastAdminDisableMessage);
    }

    private Task<string> IdAsync(string email) =>
        WithAccountsAsync(async a => (await a.ListAsync()).Single(x => x.Email == email).Id);

    private async Task<T> WithAccountsAsync<T>(Func<StaffAccounts, Task<T>> action)
    {
        await using var scope = api.App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<StaffAccounts>());
    }
}
