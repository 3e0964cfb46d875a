using CapacityCoop.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace CapacityCoop.Web.Features.Import;

/// <summary>
/// Writes the entities added to a DbContext with one binary COPY per table, reading tables and columns from the EF
/// model. SaveChanges sends one INSERT per row, and every statement on a record table fires the trigger that bumps the
/// data version (20261123140000_DataVersions.sql): tens of thousands of those updates of one row in one transaction
/// grow quadratically. A COPY is one statement, so one bump per table.
/// </summary>
public static class TableCopy
{
    /// <summary>
    /// Gives every added entity with a database-generated key its real key now, drawn from the table's sequence, so
    /// dependants (and audit entries) can refer to it before anything is written. EF propagates it to foreign keys.
    /// </summary>
    public static async Task AssignKeysAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && GeneratedKey(e.Metadata) is { } key && e.Property(key.Name).IsTemporary)
            .GroupBy(e => e.Metadata)
            .ToList();
        foreach (var group in pending)
        {
            var key = GeneratedKey(group.Key)!;
            var table = group.Key.GetTableName()!;
            var column = key.GetColumnName(StoreObjectIdentifier.Table(table, group.Key.GetSchema()))!;
            var entries = group.ToList();
            var ids = await db.Database
                .SqlQuery<long>($"SELECT nextval(pg_get_serial_sequence({table}, {column})) AS \"Value\" FROM generate_series(1, {entries.Count})")
                .ToListAsync(cancellationToken);
            for (var i = 0; i < entries.Count; i++)
            {
                var property = entries[i].Property(key.Name);
                property.CurrentValue = ids[i];
                property.IsTemporary = false;
            }
        }
    }

    /// <summary>COPYs every added entity into its table (principals before dependants) and marks them unchanged.</summary>
    public static async Task InsertAddedAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var groups = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added)
            .GroupBy(e => e.Metadata)
            .ToDictionary(g => g.Key, g => g.ToList());
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var type in InDependencyOrder(groups.Keys))
            {
                await CopyAsync(connection, type, groups[type], cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        foreach (var entry in groups.Values.SelectMany(e => e))
        {
            entry.State = EntityState.Unchanged;
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IEntityType type, List<EntityEntry> entries, CancellationToken cancellationToken)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties()
            .Where(p => p.ValueGenerated != ValueGenerated.OnAddOrUpdate && p.GetComputedColumnSql(table) is null && p.GetColumnName(table) is not null)
            .Select(p => new Column(p, p.GetColumnName(table)!, p.GetValueConverter() ?? p.GetTypeMapping().Converter, JsonType(p.GetColumnType(table))))
            .ToList();
        var tableName = table.Schema is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        var command = $"COPY {tableName} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(command, cancellationToken);
        foreach (var entry in entries)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = ProviderValue(entry, column);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else if (column.Json is { } json)
                {
                    await importer.WriteAsync(value, json, cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static object? ProviderValue(EntityEntry entry, Column column)
    {
        var property = column.Property;
        var value = entry.Property(property.Name).CurrentValue;

        // What SaveChanges does: a property left at its CLR default gets the column's default.
        if (property.ValueGenerated == ValueGenerated.OnAdd && !property.IsPrimaryKey() && Equals(value, property.Sentinel))
        {
            if (property.GetDefaultValue() is { } defaultValue)
            {
                value = defaultValue;
            }
            else if (string.Equals(property.GetDefaultValueSql(), "now()", StringComparison.OrdinalIgnoreCase))
            {
                value = DateTimeOffset.UtcNow;
            }
            else if (property.GetDefaultValueSql() is { } sql)
            {
                throw new NotSupportedException($"{entry.Metadata.DisplayName()}.{property.Name} defaults to '{sql}', which a COPY cannot evaluate.");
            }
        }

        if (value is not null && column.Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        // Npgsql writes timestamptz only from UTC values.
        return value is DateTimeOffset time ? time.ToUniversalTime() : value;
    }

    /// <summary>Principals first, so a dependant's foreign keys find their rows (self-references are left to the caller).</summary>
    private static List<IEntityType> InDependencyOrder(IEnumerable<IEntityType> types)
    {
        var remaining = types.ToList();
        var ordered = new List<IEntityType>();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(t => !t.GetForeignKeys().Any(fk => fk.PrincipalEntityType != t && remaining.Contains(fk.PrincipalEntityType)))
                ?? throw new InvalidOperationException("The added entities' foreign keys form a cycle.");
            ordered.Add(next);
            remaining.Remove(next);
        }

        return ordered;
    }

    private static IProperty? GeneratedKey(IEntityType type) =>
        type.FindPrimaryKey() is { Properties: [{ ValueGenerated: ValueGenerated.OnAdd } key] } && key.ClrType == typeof(long) ? key : null;

    private static NpgsqlDbType? JsonType(string? columnType) => columnType switch
    {
        "jsonb" => NpgsqlDbType.Jsonb,
        "json" => NpgsqlDbType.Json,
        _ => null,
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Column(IProperty Property, string Name, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, NpgsqlDbType? Json);
}
