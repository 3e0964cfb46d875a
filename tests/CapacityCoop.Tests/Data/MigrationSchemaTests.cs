using CapacityCoop.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CapacityCoop.Tests.Data;

/// <summary>
/// The migrations are written by hand (the EF Design package is not available here), so this is what keeps
/// them honest: a database built by the migrations must have exactly the schema the EF model creates.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task Migrated_schema_equals_the_schema_the_model_creates()
    {
        await using var migrated = await EmptyDatabase.CreateAsync("migrated");
        await using var created = await EmptyDatabase.CreateAsync("created");

        await using (var db = migrated.CreateContext())
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        }

        await using (var db = created.CreateContext())
        {
            (await db.Database.EnsureCreatedAsync()).ShouldBeTrue();
        }

        var expected = await SchemaSnapshot.ReadAsync(created.ConnectionString);
        var actual = await SchemaSnapshot.ReadAsync(migrated.ConnectionString);

        expected.Count.ShouldBeGreaterThan(100, "the snapshot should see every column, index and constraint");
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        missing.ShouldBeEmpty("the model has these but the migrations do not create them");
        extra.ShouldBeEmpty("the migrations create these but the model does not have them");
    }

    [Fact]
    public async Task Migrations_roll_back_to_nothing_and_apply_again()
    {
        await using var database = await EmptyDatabase.CreateAsync("rollback");
        await using var db = database.CreateContext();
        var migrator = new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync();
        var migrated = await SchemaSnapshot.ReadAsync(database.ConnectionString);

        await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);
        (await SchemaSnapshot.ReadAsync(database.ConnectionString)).ShouldBeEmpty();

        await migrator.MigrateAsync();
        (await SchemaSnapshot.ReadAsync(database.ConnectionString)).ShouldBe(migrated);
        (await migrator.PendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_instances_migrating_at_once_both_succeed()
    {
        await using var database = await EmptyDatabase.CreateAsync("race");
        await using var first = database.CreateContext();
        await using var second = database.CreateContext();

        await Task.WhenAll(
            new DatabaseMigrator(first, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(),
            new DatabaseMigrator(second, NullLogger<DatabaseMigrator>.Instance).MigrateAsync());

        (await new DatabaseMigrator(first, NullLogger<DatabaseMigrator>.Instance).PendingMigrationsAsync()).ShouldBeEmpty();
        var applied = await first.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM __ef_migrations_history").SingleAsync();
        applied.ShouldBe(first.Database.GetMigrations().Count());
    }
}

/// <summary>Every column, index and constraint of the public schema, as comparable lines of text.</summary>
internal static class SchemaSnapshot
{
    private const string HistoryTable = "__ef_migrations_history";

    public static async Task<List<string>> ReadAsync(string connectionString)
    {
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        await ReadLinesAsync(connection, lines, $"""
            SELECT format('column %s.%s %s len=%s num=%s,%s nullable=%s default=%s generated=%s expr=%s identity=%s',
                   table_name, column_name, udt_name, character_maximum_length, numeric_precision, numeric_scale,
                   is_nullable, column_default, is_generated, generation_expression, identity_generation)
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> '{HistoryTable}'
            """);
        await ReadLinesAsync(connection, lines, $"""
            SELECT format('index %s', indexdef) FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '{HistoryTable}'
            """);
        await ReadLinesAsync(connection, lines, $"""
            SELECT format('constraint %s.%s %s %s', rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid))
            FROM pg_constraint con
            JOIN pg_class rel ON rel.oid = con.conrelid
            JOIN pg_namespace ns ON ns.oid = rel.relnamespace
            WHERE ns.nspname = 'public' AND rel.relname <> '{HistoryTable}'
              -- Constraint triggers (the read path's commit-time trigger) are triggers, which the EF model does not
              -- describe; like every other trigger they are the migrations' alone.
              AND con.contype <> 't'
            """);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task ReadLinesAsync(NpgsqlConnection connection, List<string> lines, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
    }
}
