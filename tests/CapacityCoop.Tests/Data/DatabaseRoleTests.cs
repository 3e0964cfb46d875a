using System.Net;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityCoop.Tests.Data;

/// <summary>
/// The app connects as a least-privilege role; the owner migrates and grants it its data rights (ADR-014). Every test
/// through PortalAppFactory already runs the app as that role; these pin what the role may not do.
/// </summary>
public sealed class DatabaseRoleTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData("CREATE TABLE intruder (id int)")]
    [InlineData("ALTER TABLE agreements ADD COLUMN intruder int")]
    [InlineData("DROP TABLE cache_versions")]
    [InlineData("TRUNCATE audit_entries")]
    [InlineData("SELECT rolpassword FROM pg_authid")]
    [InlineData("DROP FUNCTION raise_cache_versions(text[])")]
    [InlineData("CREATE ROLE intruder")]
    public async Task The_app_role_may_not(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.AsRole(database.ConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var refused = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task The_app_role_is_no_superuser_and_cannot_bypass_row_security()
    {
        var attributes = await ScalarAsync<string>(
            TestPostgres.AsRole(database.ConnectionString),
            "SELECT concat_ws(',', rolsuper::text, rolbypassrls::text, rolcreaterole::text, rolcreatedb::text) FROM pg_roles WHERE rolname = current_user");

        attributes.ShouldBe("false,false,false,false");
    }

    [Fact]
    public async Task The_app_role_reads_and_writes_every_table_but_owns_none_and_only_reads_the_migration_history()
    {
        var rights = await ScalarAsync<string>(database.ConnectionString, $"""
            SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND (NOT has_table_privilege('{TestPostgres.AppRole}', c.oid, 'SELECT')
                   OR has_table_privilege('{TestPostgres.AppRole}', c.oid, 'TRUNCATE')
                   OR pg_get_userbyid(c.relowner) = '{TestPostgres.AppRole}'
                   OR (c.relname <> '{DatabaseMigrator.HistoryTable}') <> has_table_privilege('{TestPostgres.AppRole}', c.oid, 'INSERT,UPDATE,DELETE'))
            """);

        rights.ShouldBeNull();
    }

    [Fact]
    public async Task A_database_migrated_before_the_roles_split_is_granted_to_the_app_role_on_the_next_start()
    {
        // As the local development database was: migrated and seeded by postgres, with no app role in sight.
        await using var old = await EmptyDatabase.CreateAsync("oldowner");
        await using (var db = old.CreateContext())
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        }

        await using var before = new NpgsqlConnection(TestPostgres.AsRole(old.ConnectionString));
        await before.OpenAsync();
        await Should.ThrowAsync<PostgresException>(() => new NpgsqlCommand("SELECT count(*) FROM agreements", before).ExecuteScalarAsync());

        await using var app = new PortalAppFactory(old.ConnectionString, prepareDatabase: true);
        var client = app.CreateClient();

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/agreements")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Generate_demo_runs_as_the_owner_and_the_app_role_serves_what_it_wrote()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await PortalCommands.RunAsync(app.Services, ["generate-demo", "--agreements", "30", "--projects", "40"], output, error);

        error.ToString().ShouldBeEmpty();
        exitCode.ShouldBe(0);
        var appConnection = app.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString;
        (await ScalarAsync<string>(appConnection, "SELECT current_user")).ShouldBe(TestPostgres.AppRole);
        (await ScalarAsync<long>(appConnection, $"SELECT count(*) FROM agreements WHERE slug LIKE '{CapacityCoop.Web.Features.DemoData.DemoDataGenerator.SlugPrefix}%'")).ShouldBe(30);
    }

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }
}
