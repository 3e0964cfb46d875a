using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of one test class's own, run with the project's scripts (scripts/lib/postgres.sh: pg_start,
/// pg_stop), so a test can stop and start the server under a running app as an operator would.
/// </summary>
public sealed class PrivateCluster : IAsyncLifetime
{
    private static readonly string Script = Path.Combine(RepositoryRoot(), "scripts", "lib", "postgres.sh");

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"capacitycoop-private-pg-{Guid.NewGuid():N}");

    public int Port { get; } = FreePort();

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Database=postgres;Username=postgres;Timeout=3;Pooling=false;Include Error Detail=true";

    public async Task InitializeAsync()
    {
        await StartAsync();
        await TestPostgres.EnsureRolesAsync(AdminConnectionString);
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>Creates the cluster on first use (fsync off: it is thrown away) and starts it.</summary>
    public Task StartAsync() => BashAsync("""PG_FSYNC=off PG_SYNCHRONOUS_COMMIT=off pg_start "$1" "$2" """);

    /// <summary>A fast shutdown, as `pg_ctl stop -m fast` on a server restart: open sessions are ended.</summary>
    public Task StopAsync() => BashAsync("""pg_stop "$1" """);

    /// <summary>Creates a database owned by the owner role and returns the owner's connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER {TestPostgres.OwnerRole}", admin);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    private async Task BashAsync(string commands)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-c", $"source \"$0\"; {commands}", Script, DataDirectory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{commands.Trim()} failed ({process.ExitCode}): {await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "lib", "postgres.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("scripts/lib/postgres.sh not found above " + AppContext.BaseDirectory);
    }
}
