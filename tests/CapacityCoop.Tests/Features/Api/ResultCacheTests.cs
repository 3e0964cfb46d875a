using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>Cached results never outlive a change, whoever makes it: the data version moves with every statement.</summary>
public sealed class ResultCacheTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_change_made_outside_the_app_is_seen_at_once_by_cached_lists_facets_and_profiles()
    {
        var before = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=KAZ");
        var beforeAgain = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=KAZ");
        var pageBefore = await api.Client().GetStringAsync("/agreements?country=KAZ");
        var profileBefore = await api.Client().GetStringAsync("/countries/KAZ");

        await api.ExecuteSqlAsync("UPDATE agreements SET archived_at = now() WHERE slug = 'chn-kaz-capacity-framework-2014'");

        var after = await api.GetJsonAsync<PagedResult<AgreementSummaryDto>>("/api/v1/agreements?country=KAZ");
        var pageAfter = await api.Client().GetStringAsync("/agreements?country=KAZ");
        var profileAfter = await api.Client().GetStringAsync("/countries/KAZ");

        (before.TotalCount, beforeAgain.TotalCount).ShouldBe((2, 2));
        after.TotalCount.ShouldBe(1);
        pageBefore.ShouldContain(">2 agreements<");
        pageAfter.ShouldContain(">1 agreement<");
        profileBefore.ShouldContain("US$23.6 bn");
        profileAfter.ShouldNotContain("US$23.6 bn");
    }

    [Fact]
    public async Task The_data_version_moves_with_every_changing_statement_and_not_with_reads()
    {
        Task<long> Version() => api.QueryAsync(db => db.DataVersions.Where(v => v.Name == "records").Select(v => v.Version).SingleAsync());

        var start = await Version();
        await api.Client().GetStringAsync("/api/v1/agreements");
        var afterRead = await Version();
        await api.ExecuteSqlAsync("UPDATE sectors SET name_en = name_en WHERE code = 'steel'");
        var afterWrite = await Version();

        afterRead.ShouldBe(start);
        afterWrite.ShouldBe(start + 1);
    }
}
