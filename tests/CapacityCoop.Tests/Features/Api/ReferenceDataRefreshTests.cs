using System.Diagnostics;
using System.Net;
using CapacityCoop.Web.Features.Api;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>
/// Reference data (countries, sectors, blocs) is held in memory per instance; a change made anywhere (a seed run,
/// psql, another instance) reaches every instance within the cache bound, without a restart (ADR-012).
/// </summary>
public sealed class ReferenceDataRefreshTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const int VersionMaxAgeMilliseconds = 1000;

    // The bound is VersionMaxAgeMilliseconds (notifications usually make it milliseconds); the slack is for a busy test machine.
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(VersionMaxAgeMilliseconds) + TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_sector_added_and_a_country_renamed_in_SQL_are_seen_by_two_running_instances_within_the_cache_bound()
    {
        var settings = new Dictionary<string, string?> { ["Cache:VersionMaxAgeMilliseconds"] = VersionMaxAgeMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var first = new PortalAppFactory(database.ConnectionString, settings: settings);
        await using var second = new PortalAppFactory(database.ConnectionString, settings: settings);
        var clients = new[] { first.CreateClient(), second.CreateClient() };
        foreach (var client in clients)
        {
            // Both instances load (and cache) the reference data before the change.
            (await client.GetAsync("/api/v1/agreements?sector=graphene")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        (await ReferenceOf(second).GetAsync()).Countries["KAZ"].NameEn.ShouldBe("Kazakhstan");

        await database.ExecuteSqlAsync(
            """
            INSERT INTO sectors (code, name_en, name_zh, is_focus_sector, sort_order) VALUES ('graphene', 'Graphene', '石墨烯', false, 999);
            UPDATE countries SET name_en = 'Republic of Kazakhstan' WHERE iso3 = 'KAZ';
            """);
        var waited = Stopwatch.StartNew();

        foreach (var client in clients)
        {
            await EventuallyAsync(async () => (await client.GetAsync("/api/v1/agreements?sector=graphene")).StatusCode == HttpStatusCode.OK, waited);
        }

        await EventuallyAsync(async () => (await ReferenceOf(first).GetAsync()).Countries["KAZ"].NameEn == "Republic of Kazakhstan", waited);
        await EventuallyAsync(async () => (await ReferenceOf(second).GetAsync()).Countries["KAZ"].NameEn == "Republic of Kazakhstan", waited);
    }

    private static ReferenceData ReferenceOf(PortalAppFactory app) => app.Services.GetRequiredService<ReferenceData>();

    private static async Task EventuallyAsync(Func<Task<bool>> condition, Stopwatch waited)
    {
        while (!await condition())
        {
            waited.Elapsed.ShouldBeLessThan(Deadline, "the change should be seen within the cache bound");
            await Task.Delay(25);
        }
    }
}
