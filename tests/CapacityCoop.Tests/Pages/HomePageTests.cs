using System.Net;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages;

public sealed class HomePageTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Home_page_shows_the_seeded_agreements_and_headline_figures()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();

        var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("China–Brazil cooperation agreements (35 agreements)");
        html.ShouldContain("<svg");
        html.ShouldContain("href=\"/countries/BRA\"");
        html.ShouldContain("data-iso3=\"KAZ\"");
        html.ShouldContain("US$27 bn");
        html.ShouldContain("data-testid=\"kpi-value\">US$50.6 bn<");
        var agreements = await database.QueryAsync(db => db.Agreements.CountAsync(a => a.CountsTowardTotals && a.ArchivedAt == null));
        html.ShouldContain($"data-testid=\"kpi-agreements\">{agreements}<");
    }
}

public sealed class HealthTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Live_and_ready_answer_when_the_database_is_reachable_and_current()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldContain("schema current");
    }

    [Fact]
    public async Task Ready_fails_while_migrations_are_pending_but_live_still_answers()
    {
        await using var empty = await EmptyDatabase.CreateAsync("unmigrated");
        await using var app = new PortalAppFactory(empty.ConnectionString);
        var client = app.CreateClient();

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).ShouldContain("pending");
    }

    [Fact]
    public async Task Ready_fails_when_the_database_cannot_be_reached()
    {
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "cc_does_not_exist", Timeout = 3 }.ConnectionString;
        await using var app = new PortalAppFactory(unreachable);
        var client = app.CreateClient();

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }
}

public sealed class StartupTests
{
    [Fact]
    public async Task Two_instances_starting_at_once_on_an_empty_database_both_start_and_the_seed_data_exists_once()
    {
        await using var empty = await EmptyDatabase.CreateAsync("twostarts");
        await using var first = new PortalAppFactory(empty.ConnectionString, prepareDatabase: true);
        await using var second = new PortalAppFactory(empty.ConnectionString, prepareDatabase: true);

        // Creating a client starts the host, which migrates and seeds before it serves.
        var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));

        foreach (var client in clients)
        {
            (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Exactly the seed files' records, once each.
        var folder = RepositoryFiles.PathOf("src", "CapacityCoop.Web", "Data", "Seed");
        using var records = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "seed-records.json")));
        var countries = (await File.ReadAllLinesAsync(Path.Combine(folder, "countries.csv"))).Count(line => line.Length > 0) - 1;
        await using var db = empty.CreateContext();
        (await db.Agreements.CountAsync()).ShouldBe(records.RootElement.GetProperty("agreements").GetArrayLength());
        (await db.Projects.CountAsync()).ShouldBe(records.RootElement.GetProperty("projects").GetArrayLength());
        (await db.Countries.CountAsync()).ShouldBe(countries);
    }

    [Fact]
    public async Task First_start_migrates_and_seeds_and_a_restart_keeps_the_data()
    {
        await using var empty = await EmptyDatabase.CreateAsync("startup");

        await using (var first = new PortalAppFactory(empty.ConnectionString, prepareDatabase: true))
        {
            (await first.CreateClient().GetStringAsync("/")).ShouldContain("Kazakhstan");
        }

        await using (var db = empty.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE agreements SET title = 'Kept across restarts' WHERE slug = 'chn-eu-joint-investment-fund-2015-07'");
        }

        int before;
        await using (var db = empty.CreateContext())
        {
            before = await db.Agreements.CountAsync();
        }

        await using (var second = new PortalAppFactory(empty.ConnectionString, prepareDatabase: true))
        {
            (await second.CreateClient().GetStringAsync("/")).ShouldContain("Kept across restarts");
        }

        await using (var db = empty.CreateContext())
        {
            (await db.Agreements.CountAsync()).ShouldBe(before);
        }
    }
}
