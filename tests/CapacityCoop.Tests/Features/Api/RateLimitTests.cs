using System.Net;
using System.Net.Http.Json;

namespace CapacityCoop.Tests.Features.Api;

public sealed class LowRateLimitFixture : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:ReadPermitsPerMinute"] = "5",
        ["RateLimiting:WritePermitsPerMinute"] = "2",
    };
}

public sealed class RateLimitTests(LowRateLimitFixture api) : IClassFixture<LowRateLimitFixture>
{
    [Fact]
    public async Task A_client_over_its_read_limit_gets_429_with_Retry_After_while_other_keys_carry_on()
    {
        var greedy = api.Client(await api.CreateKeyAsync("read"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await greedy.GetAsync("/api/v1/agreements?pageSize=1")).StatusCode);
        }

        var rejected = await greedy.GetAsync("/api/v1/agreements?pageSize=1");
        var other = await api.Client(await api.CreateKeyAsync("read")).GetAsync("/api/v1/agreements?pageSize=1");

        statuses.Take(5).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Skip(5).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        rejected.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        rejected.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        rejected.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Writes_have_their_own_stricter_limit()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/agreements", new { title = "" })).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests]);
    }
}
