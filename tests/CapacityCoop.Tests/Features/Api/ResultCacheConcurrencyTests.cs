using System.Diagnostics;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>
/// <see cref="ResultCache"/> on its own (no app, no listener) over a real database: single flight, cancellation,
/// failures, the byte bound, the computation cap and when the tag versions are read.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class ResultCacheConcurrencyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly string[] Tags = [CacheTags.Agreements, CacheTags.Reference];

    private NpgsqlDataSource dataSource = null!;

    public Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    private ResultCache NewCache(ResultCacheOptions? options = null, NpgsqlDataSource? source = null) =>
        NewCache(out _, options, source);

    private ResultCache NewCache(out TagVersions versions, ResultCacheOptions? options = null, NpgsqlDataSource? source = null)
    {
        var settings = Options.Create(options ?? new ResultCacheOptions { VersionMaxAgeMilliseconds = 60_000 });
        versions = new TagVersions(source ?? dataSource, settings, TimeProvider.System);
        return new ResultCache(versions, settings);
    }

    [Fact]
    public async Task Two_hundred_concurrent_cold_requests_for_one_key_run_the_computation_once()
    {
        using var cache = NewCache();
        var computed = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> Compute(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref computed);
            await release.Task.WaitAsync(cancellationToken);
            return "the one result";
        }

        var requests = Enumerable.Range(0, 200)
            .Select(_ => Task.Run(() => cache.GetOrCreateAsync("test", "one key", Tags, Compute, CancellationToken.None)))
            .ToList();
        await EventuallyAsync(() => cache.Current.Misses == 200);
        release.SetResult();
        var results = await Task.WhenAll(requests);
        var again = await cache.GetOrCreateAsync("test", "one key", Tags, Compute, CancellationToken.None);

        computed.ShouldBe(1);
        results.ShouldAllBe(r => r == "the one result");
        again.ShouldBe("the one result");
        cache.Current.ShouldSatisfyAllConditions(
            s => s.Computations.ShouldBe(1),
            s => s.Hits.ShouldBe(1),
            s => s.VersionReads.ShouldBe(1, "the waiting requests share one read of the versions"));
    }

    [Fact]
    public async Task A_hit_costs_no_database_round_trip_while_the_versions_are_younger_than_the_maximum_age()
    {
        using var cache = NewCache();

        for (var i = 0; i < 100; i++)
        {
            await cache.GetOrCreateAsync("test", "hot key", Tags, _ => Task.FromResult(42), CancellationToken.None);
        }

        (cache.Current.Hits, cache.Current.Computations, cache.Current.VersionReads).ShouldBe((99, 1, 1));
    }

    [Fact]
    public async Task Requests_after_a_change_share_one_read_of_the_versions()
    {
        var versions = new TagVersions(dataSource, Options.Create(new ResultCacheOptions { VersionMaxAgeMilliseconds = 60_000 }), TimeProvider.System);
        await versions.CurrentAsync(CancellationToken.None);

        versions.MarkStale();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => versions.CurrentAsync(CancellationToken.None))));

        versions.Reads.ShouldBe(2);
    }

    [Fact]
    public async Task A_change_nobody_announced_is_seen_once_the_versions_are_older_than_the_maximum_age()
    {
        using var cache = NewCache(new ResultCacheOptions { VersionMaxAgeMilliseconds = 300 });
        Task<string> Title() => cache.GetOrCreateAsync("test", "title", [CacheTags.AgreementsOf("PER")], _ => TitleAsync("chn-per-two-ocean-railway-study-2015-05"), CancellationToken.None);
        var before = await Title();

        await database.ExecuteSqlAsync("UPDATE agreements SET title = 'Renamed without telling the cache' WHERE slug = 'chn-per-two-ocean-railway-study-2015-05'");
        var changedAt = Stopwatch.StartNew();
        string after;
        do
        {
            after = await Title();
        }
        while (after == before && changedAt.ElapsedMilliseconds < 5_000);

        after.ShouldBe("Renamed without telling the cache");
        changedAt.ElapsedMilliseconds.ShouldBeLessThan(300 + 500);
    }

    [Fact]
    public async Task A_write_that_commits_during_a_computation_leaves_that_result_under_the_versions_read_before_it()
    {
        using var cache = NewCache(out var versions);
        var computed = 0;
        async Task<string> ComputeWhileSomeoneWrites(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref computed) == 1)
            {
                await database.ExecuteSqlAsync("UPDATE agreements SET title = title || '.' WHERE slug = 'chn-col-12-agreements-2015-05'");
            }

            return $"computation {computed}";
        }

        var first = await cache.GetOrCreateAsync("test", "raced", [CacheTags.AgreementsOf("COL")], ComputeWhileSomeoneWrites, CancellationToken.None);
        var stillFirst = await cache.GetOrCreateAsync("test", "raced", [CacheTags.AgreementsOf("COL")], ComputeWhileSomeoneWrites, CancellationToken.None);
        versions.MarkStale();
        var second = await cache.GetOrCreateAsync("test", "raced", [CacheTags.AgreementsOf("COL")], ComputeWhileSomeoneWrites, CancellationToken.None);

        (first, stillFirst, second).ShouldBe(("computation 1", "computation 1", "computation 2"));
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_at_once_and_the_others_still_get_the_one_result()
    {
        using var cache = NewCache();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var computed = 0;
        async Task<string> Compute(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref computed);
            await release.Task.WaitAsync(cancellationToken);
            return "done";
        }

        using var impatient = new CancellationTokenSource();
        var first = cache.GetOrCreateAsync("test", "shared", Tags, Compute, CancellationToken.None);
        await EventuallyAsync(() => cache.Current.Misses == 1);
        var second = cache.GetOrCreateAsync("test", "shared", Tags, Compute, impatient.Token);
        await EventuallyAsync(() => cache.Current.Misses == 2);

        await impatient.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => second.WaitAsync(TimeSpan.FromSeconds(5)));
        first.IsCompleted.ShouldBeFalse();
        release.SetResult();

        (await first).ShouldBe("done");
        computed.ShouldBe(1);
    }

    [Fact]
    public async Task The_shared_computation_goes_on_when_the_first_requester_goes_away()
    {
        using var cache = NewCache();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var computationToken = CancellationToken.None;
        async Task<string> Compute(CancellationToken cancellationToken)
        {
            computationToken = cancellationToken;
            await release.Task.WaitAsync(cancellationToken);
            return "done";
        }

        using var goesAway = new CancellationTokenSource();
        var first = cache.GetOrCreateAsync("test", "owned", Tags, Compute, goesAway.Token);
        await EventuallyAsync(() => cache.Current.Misses == 1);
        var second = cache.GetOrCreateAsync("test", "owned", Tags, Compute, CancellationToken.None);
        await EventuallyAsync(() => cache.Current.Misses == 2);

        await goesAway.CancelAsync();
        await Task.Delay(100);
        computationToken.IsCancellationRequested.ShouldBeFalse();

        // The first requester's closure computes with its DbContext, so it stays until the computation has ended.
        first.IsCompleted.ShouldBeFalse();
        release.SetResult();

        (await second).ShouldBe("done");
        await Should.ThrowAsync<OperationCanceledException>(() => first);
        (await cache.GetOrCreateAsync("test", "owned", Tags, Compute, CancellationToken.None)).ShouldBe("done");
        cache.Current.Computations.ShouldBe(1);
    }

    [Fact]
    public async Task The_computation_is_cancelled_once_every_waiter_has_gone_and_the_next_request_computes_again()
    {
        using var cache = NewCache();
        var computed = 0;
        async Task<string> Compute(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref computed) == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return "second try";
        }

        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var requests = new[]
        {
            cache.GetOrCreateAsync("test", "abandoned", Tags, Compute, first.Token),
            cache.GetOrCreateAsync("test", "abandoned", Tags, Compute, second.Token),
        };
        await EventuallyAsync(() => cache.Current.Misses == 2);

        await first.CancelAsync();
        await second.CancelAsync();

        foreach (var request in requests)
        {
            await Should.ThrowAsync<OperationCanceledException>(() => request.WaitAsync(TimeSpan.FromSeconds(5)));
        }

        (await cache.GetOrCreateAsync("test", "abandoned", Tags, Compute, CancellationToken.None)).ShouldBe("second try");
        computed.ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_computation_reaches_every_waiter_and_is_not_cached()
    {
        using var cache = NewCache();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var computed = 0;
        async Task<string> Compute(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref computed) == 1)
            {
                await release.Task;
                throw new InvalidOperationException("the database said no");
            }

            return "recovered";
        }

        var requests = Enumerable.Range(0, 10).Select(_ => cache.GetOrCreateAsync("test", "failing", Tags, Compute, CancellationToken.None)).ToList();
        await EventuallyAsync(() => cache.Current.Misses == 10);
        release.SetResult();

        foreach (var request in requests)
        {
            (await Should.ThrowAsync<InvalidOperationException>(() => request)).Message.ShouldBe("the database said no");
        }

        (await cache.GetOrCreateAsync("test", "failing", Tags, Compute, CancellationToken.None)).ShouldBe("recovered");
        (computed, cache.Current.Failures).ShouldBe((2, 1L));
    }

    [Fact]
    public async Task Null_results_are_cached_too()
    {
        using var cache = NewCache();

        for (var i = 0; i < 3; i++)
        {
            (await cache.GetOrCreateAsync("test", "missing record", Tags, _ => Task.FromResult<string?>(null), CancellationToken.None)).ShouldBeNull();
        }

        (cache.Current.Computations, cache.Current.Hits).ShouldBe((1, 2));
    }

    [Fact]
    public async Task The_estimated_bytes_of_cached_results_stay_under_MaxBytes_and_the_least_recent_make_room()
    {
        const long maxBytes = 50_000;
        using var cache = NewCache(new ResultCacheOptions { VersionMaxAgeMilliseconds = 60_000, MaxBytes = maxBytes });
        var result = new string('x', 1_000);

        for (var i = 0; i < 200; i++)
        {
            await cache.GetOrCreateAsync("test", i, Tags, _ => Task.FromResult(result), CancellationToken.None);
            cache.Current.Bytes.ShouldBeLessThanOrEqualTo(maxBytes);
        }

        var last = cache.Current;
        last.Entries.ShouldBeInRange(10, 25, "each entry is estimated at about 2.8 KB");
        last.Bytes.ShouldBeGreaterThan(maxBytes / 2);
        await cache.GetOrCreateAsync("test", 199, Tags, _ => Task.FromResult(result), CancellationToken.None);
        await cache.GetOrCreateAsync("test", 0, Tags, _ => Task.FromResult(result), CancellationToken.None);
        (cache.Current.Hits, cache.Current.Computations).ShouldBe((1, 201), "the latest result is kept, the first long gone");
    }

    [Fact]
    public async Task With_every_computation_slot_busy_a_cold_request_waits_briefly_then_gets_ReadCapacityExceededException()
    {
        using var cache = NewCache(new ResultCacheOptions { VersionMaxAgeMilliseconds = 60_000, MaxConcurrentComputations = 1, ComputationWaitMilliseconds = 200 });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = cache.GetOrCreateAsync("test", "slow", Tags, async ct => { await release.Task.WaitAsync(ct); return "slow"; }, CancellationToken.None);
        await EventuallyAsync(() => cache.Current.Computations == 1);

        var waited = Stopwatch.StartNew();
        var refused = await Should.ThrowAsync<ReadCapacityExceededException>(
            () => cache.GetOrCreateAsync("test", "other", Tags, _ => Task.FromResult("other"), CancellationToken.None));
        waited.Stop();
        release.SetResult();

        refused.RetryAfter.ShouldBe(TimeSpan.FromMilliseconds(200));
        waited.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(150);
        (await slow).ShouldBe("slow");
        (await cache.GetOrCreateAsync("test", "other", Tags, _ => Task.FromResult("other"), CancellationToken.None)).ShouldBe("other");
        cache.Current.Rejections.ShouldBe(1);
    }

    [Fact]
    public async Task Once_the_versions_are_too_old_and_the_database_is_gone_requests_fail_rather_than_serve_stale_results()
    {
        await using var gone = await EmptyDatabase.CreateAsync("gone");
        await using (var db = gone.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE cache_versions (tag varchar(80) PRIMARY KEY, version bigint NOT NULL)");
        }

        await using var goneSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(gone.ConnectionString) { Timeout = 3 }.ConnectionString);
        using var cache = NewCache(new ResultCacheOptions { VersionMaxAgeMilliseconds = 200 }, goneSource);
        (await cache.GetOrCreateAsync("test", "cached", Tags, _ => Task.FromResult("cached"), CancellationToken.None)).ShouldBe("cached");

        await TestPostgres.DropDatabaseAsync(gone.Name);
        await Task.Delay(300);

        await Should.ThrowAsync<NpgsqlException>(() => cache.GetOrCreateAsync("test", "cached", Tags, _ => Task.FromResult("cached"), CancellationToken.None));
    }

    private Task<string> TitleAsync(string slug) => database.QueryAsync(db => db.Agreements.Where(a => a.Slug == slug).Select(a => a.Title).SingleAsync());

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            waited.ElapsedMilliseconds.ShouldBeLessThan(10_000, "the condition never came true");
            await Task.Delay(5);
        }
    }
}
