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
    public async Task A_tag_version_moves_with_every_statement_that_changes_its_data_and_not_with_reads()
    {
        Task<long> Version(string tag) => api.QueryAsync(db => db.CacheVersions.Where(v => v.Tag == tag).Select(v => v.Version).SingleOrDefaultAsync());

        var reference = await Version(CacheTags.Reference);
        var agreements = await Version(CacheTags.Agreements);
        await api.Client().GetStringAsync("/api/v1/agreements");
        var referenceAfterRead = await Version(CacheTags.Reference);
        await api.ExecuteSqlAsync("UPDATE sectors SET name_en = name_en WHERE code = 'steel'");

        referenceAfterRead.ShouldBe(reference);
        (await Version(CacheTags.Reference)).ShouldBe(reference + 1);
        (await Version(CacheTags.Agreements)).ShouldBe(agreements, "a sector's name is reference data, not an agreement");
    }

    [Fact]
    public async Task A_change_to_a_live_agreement_raises_the_tags_of_its_countries_and_no_others()
    {
        Task<long> Version(string tag) => api.QueryAsync(db => db.CacheVersions.Where(v => v.Tag == tag).Select(v => v.Version).SingleOrDefaultAsync());

        var kaz = await Version(CacheTags.AgreementsOf("KAZ"));
        var bra = await Version(CacheTags.AgreementsOf("BRA"));
        var projects = await Version(CacheTags.Projects);
        await api.ExecuteSqlAsync(
            """
            UPDATE agreements SET title = title || ' '
            WHERE id = (SELECT min(a.id) FROM agreements a JOIN agreement_parties p ON p.agreement_id = a.id
                        WHERE p.country_iso3 = 'KAZ' AND a.archived_at IS NULL)
            """);

        (await Version(CacheTags.AgreementsOf("KAZ"))).ShouldBe(kaz + 1);
        (await Version(CacheTags.AgreementsOf("BRA"))).ShouldBe(bra, "no Brazilian agreement changed");
        (await Version(CacheTags.Projects)).ShouldBe(projects, "no project changed");
    }
}
