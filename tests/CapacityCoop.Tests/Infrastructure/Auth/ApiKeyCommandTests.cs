using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Infrastructure.Auth;

/// <summary>create-api-key, list-api-keys and revoke-api-key, run as the app runs them.</summary>
public sealed class ApiKeyCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Create_prints_a_working_key_once_and_list_shows_only_its_prefix()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);

        var (created, output, _) = await RunAsync(app, "create-api-key", "--name", "etl job", "--scopes", "read,write");

        created.ShouldBe(0);
        var key = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cc_", StringComparison.Ordinal));
        output.ShouldContain("will not be shown again");
        var found = await database.QueryAsync(db => new ApiKeyService(db, TimeProvider.System).FindActiveAsync(key));
        found.ShouldNotBeNull();
        found.Name.ShouldBe("etl job");
        found.Scopes.ShouldBe(["read", "write"]);
        output.ShouldContain($"Created API key {found.Id} ");

        var (listed, table, _) = await RunAsync(app, "list-api-keys");
        listed.ShouldBe(0);
        table.ShouldContain(key[..12]);
        table.ShouldNotContain(key);
        table.ShouldContain("read,write");
    }

    [Fact]
    public async Task Create_gives_read_scope_by_default()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);

        (await RunAsync(app, "create-api-key", "--name", "default-scopes")).ExitCode.ShouldBe(0);

        var scopes = await database.QueryAsync(db => db.ApiKeys.Where(k => k.Name == "default-scopes").Select(k => k.Scopes).SingleAsync());
        scopes.ShouldBe(["read"]);
    }

    [Fact]
    public async Task An_unknown_scope_is_a_one_line_error_and_creates_nothing()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);

        var (exitCode, output, error) = await RunAsync(app, "create-api-key", "--name", "bad-scope", "--scopes", "read,admin");

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        error.TrimEnd().ShouldBe("create-api-key failed: Unknown scope(s): admin. Allowed: read, write.");
        (await database.QueryAsync(db => db.ApiKeys.AnyAsync(k => k.Name == "bad-scope"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Revoke_revokes_once_and_refuses_an_unknown_id()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);
        var created = await database.QueryAsync(db => new ApiKeyService(db, TimeProvider.System).CreateAsync("to-revoke", ["read"], "tests"));
        var id = created.Entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        (await RunAsync(app, "revoke-api-key", "--id", id)).Output.ShouldBe($"Revoked API key {id}.\n");
        (await RunAsync(app, "revoke-api-key", "--id", id)).Output.ShouldBe($"API key {id} was already revoked.\n");
        var unknown = await RunAsync(app, "revoke-api-key", "--id", "987654321");
        unknown.ExitCode.ShouldBe(1);
        unknown.Error.TrimEnd().ShouldBe("revoke-api-key failed: There is no API key 987654321.");
        (await RunAsync(app, "revoke-api-key", "--id", "seven")).ExitCode.ShouldBe(1);
        (await database.QueryAsync(db => new ApiKeyService(db, TimeProvider.System).FindActiveAsync(created.Key))).ShouldBeNull();
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(PortalAppFactory app, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exitCode = await PortalCommands.RunAsync(app.Services, args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
