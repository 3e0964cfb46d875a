using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CapacityCoop.Web.Features.Api;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>Overload is a 503 with Retry-After, never a 500: all computation slots busy, or no pooled connection free.</summary>
public sealed class ReadOverloadTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task With_the_one_computation_slot_taken_another_cold_request_gets_503_with_Retry_After_for_the_API_and_the_pages()
    {
        await using var app = new PortalAppFactory(database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Cache:MaxConcurrentComputations"] = "1",
            ["Cache:ComputationWaitMilliseconds"] = "300",
        });
        var cache = app.Services.GetRequiredService<ResultCache>();
        var client = app.CreateClient();

        // A transaction holding agreements exclusively keeps the first computation (and its slot) busy.
        await using var blocker = new NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE agreements IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        var blocked = client.GetAsync("/api/v1/agreements?country=KAZ");
        await EventuallyAsync(() => cache.Current.Computations == 1);
        var api = await client.GetAsync("/api/v1/agreements?country=BRA");
        var page = await client.GetAsync("/sectors");
        await transaction.RollbackAsync();
        var first = await blocked;

        api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        api.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using (var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync()))
        {
            problem.RootElement.GetProperty("status").GetInt32().ShouldBe(503);
        }

        page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        page.Headers.RetryAfter.ShouldNotBeNull();
        first.StatusCode.ShouldBe(HttpStatusCode.OK, "the first request still got its answer");
        (await client.GetAsync("/api/v1/agreements?country=BRA")).StatusCode.ShouldBe(HttpStatusCode.OK, "once the slot is free again");
        cache.Current.Rejections.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task When_the_connection_pool_is_exhausted_a_request_gets_503_with_Retry_After_instead_of_500()
    {
        // One pooled connection, which the version listener holds: nothing else can have one.
        var onePooledConnection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1, Timeout = 1 }.ConnectionString;
        await using var app = new PortalAppFactory(onePooledConnection);
        var cache = app.Services.GetRequiredService<ResultCache>();
        await EventuallyAsync(() => cache.Current.Listening);

        var response = await app.CreateClient().GetAsync("/api/v1/agreements?country=KAZ");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldNotBeNull();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("Max Pool Size");
    }

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
