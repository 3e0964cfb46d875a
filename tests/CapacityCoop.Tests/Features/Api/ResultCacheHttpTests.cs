using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CapacityCoop.Tests.Features.Staff.DraftTestData;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>The cache inside the app: what a write invalidates, what concurrent requests share, what a writer reads next.</summary>
public sealed class ResultCacheHttpTests(ResultCacheHttpTests.Fixture api) : IClassFixture<ResultCacheHttpTests.Fixture>
{
    private const string Brazil = "chn-bra-35-agreements-2015-05";

    /// <summary>
    /// Versions may be a minute old, so only the instance's own writes (and notifications) refresh them; reads are not
    /// rate limited here (two hundred parallel requests come from one address).
    /// </summary>
    public sealed class Fixture : ApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Cache:VersionMaxAgeMilliseconds"] = "60000",
            ["RateLimiting:ReadPermitsPerMinute"] = "100000",
            ["RateLimiting:WritePermitsPerMinute"] = "100000",
        };
    }

    private ResultCache Cache => api.App.Services.GetRequiredService<ResultCache>();

    [Fact]
    public async Task Two_hundred_parallel_GETs_of_one_URL_right_after_a_write_compute_its_result_once()
    {
        const string url = "/api/v1/agreements?country=BRA&pageSize=7";
        var before = await RenameAsync(Brazil, "Brazil before the burst");
        var client = api.Client();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => client.GetAsync(url)));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        bodies.Distinct().Count().ShouldBe(1);
        bodies[0].ShouldContain("Brazil before the burst");
        var after = Cache.Current;
        (after.Computations - before.Computations).ShouldBe(1, "one cached query per request, computed once for all two hundred");
        (after.Misses - before.Misses).ShouldBeGreaterThan(1, "the requests really did miss together");
        (after.VersionReads - before.VersionReads).ShouldBeLessThanOrEqualTo(3, "the requests share reads of the versions");
    }

    [Fact]
    public async Task A_change_to_the_China_Brazil_agreement_leaves_the_cached_Kazakh_list_warm_and_refreshes_the_Brazilian_one()
    {
        await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=KAZ");
        await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=BRA");

        var before = await RenameAsync(Brazil, "China–Brazil agreements, renamed");
        var kazakh = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=KAZ");
        var afterKazakh = Cache.Current;
        var brazilian = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=BRA");
        var afterBrazilian = Cache.Current;

        kazakh.TotalCount.ShouldBe(2);
        (afterKazakh.Hits - before.Hits, afterKazakh.Computations - before.Computations).ShouldBe((1, 0), "the Kazakh list was not touched");
        (afterBrazilian.Hits - afterKazakh.Hits, afterBrazilian.Computations - afterKazakh.Computations).ShouldBe((0, 1));
        brazilian.Items.Single().Title.ShouldBe("China–Brazil agreements, renamed");
    }

    [Fact]
    public async Task A_client_that_writes_and_then_reads_on_the_same_instance_always_sees_its_write()
    {
        var id = await IdOfAsync("chn-chl-cooperation-documents-2015-05");
        var client = api.Client(await api.CreateKeyAsync("read", "write"));
        var stored = await StoredInputAsync(api.App, "agreement", id);

        for (var i = 1; i <= 30; i++)
        {
            var title = $"China–Chile cooperation documents, revision {i}";
            (await client.PutIfMatchAsync($"/api/v1/agreements/{id}", stored.With("title", title), "*")).StatusCode.ShouldBe(HttpStatusCode.OK);

            (await client.GetFromJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{id}", ApiFixture.Json))!.Title.ShouldBe(title, $"revision {i}");
            (await client.GetFromJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=CHL", ApiFixture.Json))!
                .Items.Single().Title.ShouldBe(title, $"revision {i}");
        }
    }

    [Fact]
    public async Task A_write_answers_with_the_record_as_written_even_when_its_old_detail_is_cached()
    {
        var id = await IdOfAsync("chn-per-two-ocean-railway-study-2015-05");
        var client = api.Client(await api.CreateKeyAsync("read", "write"));
        var stored = await StoredInputAsync(api.App, "agreement", id);
        await client.GetFromJsonAsync<AgreementDetailDto>($"/api/v1/agreements/{id}", ApiFixture.Json);

        var put = await client.PutIfMatchAsync($"/api/v1/agreements/{id}", stored.With("title", "Two-ocean railway study, as written"), "*");

        (await put.Content.ReadFromJsonAsync<AgreementDetailDto>(ApiFixture.Json))!.Title.ShouldBe("Two-ocean railway study, as written");
    }

    /// <summary>Renames an agreement through the API and returns the cache statistics just after the write.</summary>
    private async Task<ResultCache.Statistics> RenameAsync(string slug, string title)
    {
        var id = await IdOfAsync(slug);
        var client = api.Client(await api.CreateKeyAsync("read", "write"));
        var stored = await StoredInputAsync(api.App, "agreement", id);
        (await client.PutIfMatchAsync($"/api/v1/agreements/{id}", stored.With("title", title), "*")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return Cache.Current;
    }

    private Task<long> IdOfAsync(string slug) => api.QueryAsync(db => db.Agreements.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());
}
