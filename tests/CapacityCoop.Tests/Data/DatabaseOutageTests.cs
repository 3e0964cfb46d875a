using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Infrastructure.Auth;
using Npgsql;

namespace CapacityCoop.Tests.Data;

/// <summary>
/// The app against a server that is not up yet, and one that restarts under load (ADR-014), on a cluster of this
/// class's own run with scripts/lib/postgres.sh.
/// </summary>
public sealed class DatabaseOutageTests(PrivateCluster cluster) : IClassFixture<PrivateCluster>
{
    private static readonly Dictionary<string, string?> GenerousLimits = new()
    {
        ["RateLimiting:ReadPermitsPerMinute"] = "100000",
        ["RateLimiting:WritePermitsPerMinute"] = "100000",
    };

    [Fact]
    public async Task The_host_waits_for_a_database_that_is_not_up_yet_and_starts_once_it_comes()
    {
        var connectionString = await cluster.CreateDatabaseAsync("startup");
        await cluster.StopAsync();
        try
        {
            await using var app = new PortalAppFactory(connectionString, prepareDatabase: true, settings: GenerousLimits);
            var starting = Task.Run(app.CreateClient);

            await Task.Delay(TimeSpan.FromSeconds(3));
            starting.IsCompleted.ShouldBeFalse("the host gave up (or started) while the database was down");

            await cluster.StartAsync();
            var client = await starting.WaitAsync(TimeSpan.FromSeconds(60));
            (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await cluster.StartAsync();
        }
    }

    [Fact]
    public async Task A_restart_under_load_turns_ready_off_and_on_and_loses_or_doubles_no_acknowledged_write()
    {
        var connectionString = await cluster.CreateDatabaseAsync("restart");
        await using var app = new PortalAppFactory(connectionString, prepareDatabase: true, settings: GenerousLimits);
        var client = app.CreateClient();
        string key;
        await using (var db = TestPostgres.CreateContext(connectionString))
        {
            key = (await new ApiKeyService(db, TimeProvider.System).CreateAsync("restart", ["read", "write"], "tests")).Key;
        }

        var writer = app.CreateClient();
        writer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var prefix = $"Restart {Guid.NewGuid():N}";
        var acknowledged = new ConcurrentBag<string>();
        var readsAfterRestart = 0;
        var failuresAfterRestart = new ConcurrentBag<string>();
        var writesAfterRestart = 0;
        var readiness = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        var restarted = TimeSpan.MaxValue;
        using var stop = new CancellationTokenSource();

        async Task ReadAsync(string path)
        {
            while (!stop.IsCancellationRequested)
            {
                var sentAfterRestart = clock.Elapsed > restarted;
                try
                {
                    var response = await client.GetAsync(path);
                    if (response.IsSuccessStatusCode && sentAfterRestart)
                    {
                        Interlocked.Increment(ref readsAfterRestart);
                    }
                    else if (sentAfterRestart)
                    {
                        // The first requests after a restart used to fail on the pool's dead connections.
                        failuresAfterRestart.Add($"{path}: {(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException)
                {
                    // A request that fails during the outage is what the test measures afterwards, not an error here.
                }

                await Task.Delay(50);
            }
        }

        async Task WriteAsync()
        {
            for (var counter = 0; !stop.IsCancellationRequested; counter++)
            {
                var title = $"{prefix} #{counter}";
                var response = await writer.PostAsJsonAsync("/api/v1/agreements", Agreement(title));
                var sentAfterRestart = clock.Elapsed > restarted;
                if (!response.IsSuccessStatusCode && sentAfterRestart)
                {
                    failuresAfterRestart.Add($"POST: {(int)response.StatusCode}");
                }

                if (response.IsSuccessStatusCode)
                {
                    acknowledged.Add(title);
                    if (clock.Elapsed > restarted)
                    {
                        Interlocked.Increment(ref writesAfterRestart);
                    }
                }

                await Task.Delay(100);
            }
        }

        async Task WatchReadinessAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                readiness.Enqueue((clock.Elapsed, (await client.GetAsync("/health/ready")).StatusCode));
                await Task.Delay(200);
            }
        }

        var load = new[]
        {
            ReadAsync("/api/v1/agreements?pageSize=5"), ReadAsync("/api/v1/countries"), ReadAsync("/api/v1/agreements?q=restart"),
            WriteAsync(), WatchReadinessAsync(),
        };
        // The first requests are slow (a cold app): the server stops once writes flow, at most 20 s in.
        var warming = Stopwatch.StartNew();
        while (acknowledged.Count < 3 && warming.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        var acknowledgedBefore = acknowledged.Count;

        await cluster.StopAsync();
        var stopped = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await cluster.StartAsync();
        restarted = clock.Elapsed;

        // Load goes on until reads and writes have come back, at most 30 s.
        var recovery = Stopwatch.StartNew();
        while ((Volatile.Read(ref readsAfterRestart) < 10 || Volatile.Read(ref writesAfterRestart) < 3) && recovery.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        acknowledgedBefore.ShouldBeGreaterThan(0);
        readsAfterRestart.ShouldBeGreaterThanOrEqualTo(10);
        failuresAfterRestart.ShouldBeEmpty();
        writesAfterRestart.ShouldBeGreaterThanOrEqualTo(3);
        readiness.ShouldContain(r => r.At > stopped && r.At < restarted && r.Status == HttpStatusCode.ServiceUnavailable);
        readiness.Last().Status.ShouldBe(HttpStatusCode.OK);

        // Every acknowledged write is stored once, and no stored write lacks a part of its unit.
        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT a.title, count(*) OVER (PARTITION BY a.title),
                   (SELECT count(*) FROM agreement_parties p WHERE p.agreement_id = a.id),
                   (SELECT count(*) FROM agreement_sectors s WHERE s.agreement_id = a.id),
                   (SELECT count(*) FROM audit_entries e WHERE e.entity_type = 'agreement' AND e.entity_id = a.id AND e.action = 'create')
            FROM agreements a WHERE a.title LIKE @prefix
            """, check);
        command.Parameters.AddWithValue("prefix", prefix + "%");
        var stored = new Dictionary<string, (long Copies, long Parties, long Sectors, long Audits)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            }
        }

        foreach (var title in acknowledged)
        {
            stored.ShouldContainKey(title);
        }

        stored.Where(s => s.Value != (1, 2, 2, 1)).ShouldBeEmpty();
    }

    private static object Agreement(string title) => new
    {
        title,
        kind = "mou",
        status = "signed",
        parties = new object[] { new { country = "CHN" }, new { country = "KEN" } },
        signedOn = "2016-05",
        sectors = new[] { "building-materials", "industrial-parks" },
        sources = new object[] { new { title = "Test release", publisher = "Test Agency", publishedOn = "2016-05-20", url = "https://example.org/release" } },
    };
}
