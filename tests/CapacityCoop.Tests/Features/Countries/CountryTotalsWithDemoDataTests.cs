using System.Globalization;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Countries;
using CapacityCoop.Web.Features.DemoData;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Tests.Features.Countries;

/// <summary>The seed plus generated demo records (umbrellas included), some of them archived.</summary>
public sealed class DemoDataApiFixture : ApiFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await new DemoDataGenerator(dataSource).GenerateAsync(new DemoDataOptions(2000, 1000, 5));

        // Archived records never count; some of them make sure the totals leave them out at scale too.
        await ExecuteSqlAsync("UPDATE agreements SET archived_at = now() WHERE slug LIKE 'demo-%' AND id % 17 = 0");
        await ExecuteSqlAsync("UPDATE projects SET archived_at = now() WHERE slug LIKE 'demo-%' AND id % 13 = 0");
    }
}

/// <summary>The country figures agree with plain SQL on a few thousand generated records. A class of its own: it loads demo data.</summary>
public sealed class CountryTotalsWithDemoDataTests(DemoDataApiFixture api) : IClassFixture<DemoDataApiFixture>
{
    [Fact]
    public async Task Country_totals_match_a_direct_count_in_SQL()
    {
        var countries = (await api.GetJsonAsync<PagedResult<CountrySummaryDto>>("/api/v1/countries")).Items;

        var partners = await ScalarAsync<long>(
            """
            SELECT count(*) AS "Value" FROM (
                SELECT DISTINCT p.agreement_id, p.country_iso3
                FROM agreement_parties p JOIN agreements a ON a.id = p.agreement_id
                WHERE p.country_iso3 IS NOT NULL AND p.country_iso3 <> 'CHN' AND a.archived_at IS NULL AND a.counts_toward_totals) pairs
            """);
        var partnerValue = await ScalarAsync<decimal>(
            """
            SELECT coalesce(sum(a.value_usd), 0) AS "Value"
            FROM agreements a JOIN (SELECT DISTINCT agreement_id, country_iso3 FROM agreement_parties WHERE country_iso3 <> 'CHN') p
              ON p.agreement_id = a.id
            WHERE a.archived_at IS NULL AND a.counts_toward_totals
            """);
        var chinaAgreements = await ScalarAsync<long>(
            """
            SELECT count(*) AS "Value" FROM agreements a
            WHERE a.archived_at IS NULL AND a.counts_toward_totals
              AND EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.country_iso3 = 'CHN')
            """);
        var projects = await ScalarAsync<long>("SELECT count(*) AS \"Value\" FROM projects WHERE archived_at IS NULL");

        partners.ShouldBeGreaterThan(1_000);
        countries.Where(c => c.Iso3 != "CHN").Sum(c => (long)c.AgreementCount).ShouldBe(partners);
        countries.Where(c => c.Iso3 != "CHN").Sum(c => c.ValueUsd).ShouldBe(partnerValue);
        countries.Single(c => c.Iso3 == "CHN").AgreementCount.ShouldBe((int)chinaAgreements);
        countries.Sum(c => (long)c.ProjectCount).ShouldBe(projects);
    }

    [Fact]
    public async Task A_profile_agrees_with_its_list_row_and_its_value_by_year()
    {
        var countries = (await api.GetJsonAsync<PagedResult<CountrySummaryDto>>("/api/v1/countries?sort=-agreementCount")).Items;

        foreach (var row in countries.Take(3).Append(countries.First(c => c.AgreementCount == 1)))
        {
            var detail = await api.GetJsonAsync<CountryDetailDto>($"/api/v1/countries/{row.Iso3}");
            var years = await api.GetJsonAsync<List<YearValueDto>>($"/api/v1/countries/{row.Iso3}/stats/value-by-year");
            var undated = await ScalarAsync<long>(
                $"""
                SELECT count(*) AS "Value" FROM agreements a
                WHERE a.archived_at IS NULL AND a.counts_toward_totals AND a.signed_on IS NULL
                  AND EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.country_iso3 = '{row.Iso3}')
                """);

            (detail.AgreementCount, detail.ValueUsd, detail.ProjectCount).ShouldBe((row.AgreementCount, row.ValueUsd, row.ProjectCount));
            detail.AgreementsByKind.Values.Sum().ShouldBe(row.AgreementCount);
            detail.AgreementsByStatus.Values.Sum().ShouldBe(row.AgreementCount);
            years.Sum(y => y.AgreementCount).ShouldBe(row.AgreementCount - (int)undated);
            if (years.Count == 0)
            {
                detail.FirstSigned.ShouldBeNull();
                continue;
            }

            years.Select(y => y.Year).ShouldBe(Enumerable.Range(years[0].Year, years.Count), "one entry per year, no gaps");
            detail.FirstSigned.ShouldNotBeNull().ShouldStartWith(years[0].Year.ToString(CultureInfo.InvariantCulture));
            detail.LastSigned.ShouldNotBeNull().ShouldStartWith(years[^1].Year.ToString(CultureInfo.InvariantCulture));
        }
    }

    private Task<T> ScalarAsync<T>(string sql) => api.QueryAsync(db => db.Database.SqlQueryRaw<T>(sql).SingleAsync());
}
