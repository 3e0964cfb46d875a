using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data;

/// <summary>
/// Applies pending migrations under a PostgreSQL advisory lock, so two instances starting at once
/// take turns instead of racing to create the same tables. With <paramref name="appRole"/> (the app connects as its
/// own role, ADR-014) it then grants that role what the app needs, on every run, so objects a migration creates and
/// databases whose objects another owner created both keep working.
/// </summary>
public sealed class DatabaseMigrator(PortalDbContext db, ILogger<DatabaseMigrator> logger, string? appRole = null)
{
    // Any fixed 64-bit number; it only has to be the same for every instance of this app.
    public const string HistoryTable = "__ef_migrations_history";

    private const long MigrationLockKey = 0x43_61_70_43_6F_6F_70; // "CapCoop"

    private static readonly TimeSpan MigrationCommandTimeout = TimeSpan.FromMinutes(15);

    public Task MigrateAsync(CancellationToken cancellationToken = default) => UnderLockAsync(() => ApplyPendingAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// Migrates and then, when <paramref name="seed"/> is given, seeds, all under the migration lock: of two instances
    /// starting on an empty database, the second waits and then finds the seed data there, instead of inserting the same
    /// countries at the same time and failing on their keys.
    /// </summary>
    public Task PrepareAsync(bool migrate, Func<Task>? seed, CancellationToken cancellationToken = default) => UnderLockAsync(async () =>
    {
        if (migrate)
        {
            await ApplyPendingAsync(cancellationToken);
        }

        if (seed is not null)
        {
            await seed();
        }
    }, cancellationToken);

    private async Task UnderLockAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        // Opening the connection ourselves keeps it (and the session-level lock) for the whole run.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                await work();
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task ApplyPendingAsync(CancellationToken cancellationToken)
    {
        // Creating the history table first spares EF's probe of a missing table (a logged, failed query).
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        var pending = await PendingMigrationsAsync(cancellationToken);
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is current");
            await GrantAppRoleAsync(cancellationToken);
            return;
        }

        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, pending);

        // A migration may rebuild data over every record (20261204120000_ReadPath fills the facet table:
        // about 25 s for 100,000 agreements and 300,000 projects on two cores), far past the 30 s default
        // on a busy machine.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(MigrationCommandTimeout);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }

        await GrantAppRoleAsync(cancellationToken);
    }

    /// <summary>
    /// Data rights only: no CREATE, no TRUNCATE, no ownership, so the app cannot change the schema or empty a table.
    /// The migration history is the owner's to write. Default privileges cover what the owner creates later outside
    /// this run (a hand-made table); the grants on ALL cover objects created before, by this owner or another.
    /// </summary>
    private async Task GrantAppRoleAsync(CancellationToken cancellationToken)
    {
        if (appRole is null)
        {
            return;
        }

        var role = QuoteIdentifier(appRole);
        var sql = $"""
            DO $grant$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {role.Replace("'", "''", StringComparison.Ordinal)}', current_database()); END $grant$;
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO {role};
            REVOKE INSERT, UPDATE, DELETE ON {HistoryTable} FROM {role};
            """;
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        logger.LogInformation("Granted the app role {AppRole} its data rights", appRole);
    }

    private static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken = default)
    {
        // EF probes for the history table by querying it, which logs a failed query on an empty database.
        var historyExists = await db.Database
            .SqlQueryRaw<bool>($"SELECT to_regclass('{HistoryTable}') IS NOT NULL AS \"Value\"")
            .SingleAsync(cancellationToken);
        if (!historyExists)
        {
            return db.Database.GetMigrations().ToList();
        }

        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }
}
