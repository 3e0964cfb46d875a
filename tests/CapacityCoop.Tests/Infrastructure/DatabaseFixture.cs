using CapacityCoop.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>A fresh, migrated and seeded database for one test class (a copy of the run's template).</summary>
public class DatabaseFixture : IAsyncLifetime
{
    public string DatabaseName { get; } = TestPostgres.NewDatabaseName("test");

    public string ConnectionString { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        var template = await TestPostgres.SeededTemplateAsync();
        ConnectionString = await TestPostgres.CreateDatabaseAsync(DatabaseName, template);
    }

    public virtual Task DisposeAsync() => TestPostgres.DropDatabaseAsync(DatabaseName);

    public PortalDbContext CreateContext() => TestPostgres.CreateContext(ConnectionString);

    public async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var db = CreateContext();
        return await query(db);
    }

    public virtual async Task ExecuteAsync(Func<PortalDbContext, Task> action)
    {
        await using var db = CreateContext();
        await action(db);
    }

    public virtual async Task<int> ExecuteSqlAsync(string sql)
    {
        await using var db = CreateContext();
        return await db.Database.ExecuteSqlRawAsync(sql);
    }
}

/// <summary>An empty database (no schema) for tests of migrations and start-up.</summary>
public sealed class EmptyDatabase : IAsyncDisposable
{
    private EmptyDatabase(string name, string connectionString) => (Name, ConnectionString) = (name, connectionString);

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<EmptyDatabase> CreateAsync(string prefix)
    {
        var name = TestPostgres.NewDatabaseName(prefix);
        return new EmptyDatabase(name, await TestPostgres.CreateDatabaseAsync(name));
    }

    public PortalDbContext CreateContext() => TestPostgres.CreateContext(ConnectionString);

    public ValueTask DisposeAsync() => new(TestPostgres.DropDatabaseAsync(Name));
}
