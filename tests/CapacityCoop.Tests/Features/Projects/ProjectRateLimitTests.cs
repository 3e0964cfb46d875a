using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Tests.Features.Api;

namespace CapacityCoop.Tests.Features.Projects;

public sealed class ProjectRateLimitTests(LowRateLimitFixture api) : IClassFixture<LowRateLimitFixture>
{
    [Fact]
    public async Task Project_and_organisation_writes_draw_on_the_same_per_key_write_limit()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));

        var first = await client.PostAsJsonAsync("/api/v1/projects", new { name = "" });
        var second = await client.DeleteAsync("/api/v1/organisations/999999");
        var third = await client.PostAsJsonAsync("/api/v1/projects", new { name = "" });
        var otherKey = await api.Client(await api.CreateKeyAsync("write")).PostAsJsonAsync("/api/v1/organisations", new { name = "" });

        (first.StatusCode, second.StatusCode).ShouldBe((HttpStatusCode.BadRequest, HttpStatusCode.NotFound));
        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter.ShouldNotBeNull();
        otherKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
