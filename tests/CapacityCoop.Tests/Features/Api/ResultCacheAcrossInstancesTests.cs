using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CapacityCoop.Tests.Features.Staff.DraftTestData;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>
/// Two app instances on one database: each sees the other's writes by notification, and within the stated bound
/// (Cache:VersionMaxAgeMilliseconds) even when it hears nothing.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class ResultCacheAcrossInstancesTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Colombia = "chn-col-12-agreements-2015-05";

    /// <summary>What the bound leaves out: the version read and one request at the end, on two shared cores.</summary>
    private const int SlackMilliseconds = 750;

    [Fact]
    public async Task An_instance_that_hears_no_notifications_sees_another_instances_write_within_the_maximum_age()
    {
        await using var writer = Instance(maxAgeMilliseconds: 1_000);
        await using var reader = Instance(maxAgeMilliseconds: 1_000, listen: false);

        var delay = await DelayUntilSeenAsync(writer, reader, "Seen by the deaf instance");

        Stats(reader).Listening.ShouldBeFalse();
        delay.TotalMilliseconds.ShouldBeLessThanOrEqualTo(1_000 + SlackMilliseconds);
    }

    [Fact]
    public async Task With_a_long_maximum_age_another_instances_write_arrives_by_notification_within_two_seconds()
    {
        await using var writer = Instance(maxAgeMilliseconds: 60_000);
        await using var reader = Instance(maxAgeMilliseconds: 60_000);
        await ListeningAsync(reader);

        var delay = await DelayUntilSeenAsync(writer, reader, "Seen by notification");

        delay.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
        Stats(reader).Notifications.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task After_its_listening_connection_is_terminated_an_instance_reconnects_and_still_sees_changes_within_two_seconds()
    {
        await using var reader = Instance(maxAgeMilliseconds: 60_000);
        await ListeningAsync(reader);
        var client = reader.CreateClient();
        await TitleOfAsync(client);

        var terminated = await database.QueryAsync(db => db.Database
            .SqlQuery<bool>($"SELECT pg_terminate_backend(pid) AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND application_name = {TagVersionListener.ApplicationName}")
            .ToListAsync());

        // Made as psql would, at once: before or after the listener is back, it must be seen.
        await database.ExecuteSqlAsync($"UPDATE agreements SET title = 'Changed while the listener was away' WHERE slug = '{Colombia}'");
        var changedAt = Stopwatch.StartNew();
        await SeenAsync(client, "Changed while the listener was away");
        var firstDelay = changedAt.Elapsed;
        await EventuallyAsync(() => Stats(reader).Listens >= 2 && Stats(reader).Listening);
        await database.ExecuteSqlAsync($"UPDATE agreements SET title = 'Changed after the listener came back' WHERE slug = '{Colombia}'");
        changedAt.Restart();
        await SeenAsync(client, "Changed after the listener came back");

        terminated.ShouldBe([true]);
        firstDelay.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
        changedAt.Elapsed.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
    }

    private PortalAppFactory Instance(int maxAgeMilliseconds, bool listen = true) => new(database.ConnectionString, settings: new Dictionary<string, string?>
    {
        ["Cache:VersionMaxAgeMilliseconds"] = maxAgeMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cache:ListenForChanges"] = listen.ToString(),
    });

    private static ResultCache.Statistics Stats(PortalAppFactory app) => app.Services.GetRequiredService<ResultCache>().Current;

    private static Task ListeningAsync(PortalAppFactory app) => EventuallyAsync(() => Stats(app).Listening);

    /// <summary>Warms the reader, renames an agreement through the writer's API and times until the reader shows it.</summary>
    private async Task<TimeSpan> DelayUntilSeenAsync(PortalAppFactory writer, PortalAppFactory reader, string title)
    {
        var id = await database.QueryAsync(db => db.Agreements.Where(a => a.Slug == Colombia).Select(a => a.Id).SingleAsync());
        var key = await database.QueryAsync(async db => (await new ApiKeyService(db, TimeProvider.System).CreateAsync($"tests-{Guid.NewGuid():N}", ["write"], "tests")).Key);
        var writerClient = writer.CreateClient();
        writerClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var readerClient = reader.CreateClient();
        var stored = await StoredInputAsync(writer, "agreement", id);
        (await TitleOfAsync(readerClient)).ShouldNotBe(title);
        await TitleOfAsync(readerClient);

        // If-Match: * — this test times the notification, so no GET of the record comes before the write.
        (await writerClient.PutIfMatchAsync($"/api/v1/agreements/{id}", stored.With("title", title), "*")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var committed = Stopwatch.StartNew();
        await SeenAsync(readerClient, title);
        return committed.Elapsed;
    }

    private static async Task SeenAsync(HttpClient client, string title)
    {
        var waited = Stopwatch.StartNew();
        while (await TitleOfAsync(client) != title)
        {
            waited.ElapsedMilliseconds.ShouldBeLessThan(10_000, $"the instance never showed \"{title}\"");
            await Task.Delay(10);
        }
    }

    private static async Task<string> TitleOfAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=COL", ApiFixture.Json))!.Items.Single().Title;

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            waited.ElapsedMilliseconds.ShouldBeLessThan(10_000, "the condition never came true");
            await Task.Delay(10);
        }
    }
}
