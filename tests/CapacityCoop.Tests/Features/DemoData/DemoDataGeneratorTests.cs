using CapacityCoop.Web.Features.DemoData;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Tests.Features.DemoData;

public sealed class DemoDataGeneratorTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Should_load_the_requested_rows_deterministically_and_replace_an_earlier_run()
    {
        var sourcedAgreements = await database.QueryAsync(db => db.Agreements.CountAsync());

        var first = await GenerateAsync(new DemoDataOptions(Agreements: 2_000, Projects: 6_000, Seed: 7));
        var firstFingerprint = await FingerprintAsync();
        var second = await GenerateAsync(new DemoDataOptions(Agreements: 2_000, Projects: 6_000, Seed: 7));

        (first.Agreements, first.Projects).ShouldBe((2_000, 6_000));
        (second.RemovedAgreements, second.RemovedProjects).ShouldBe((2_000, 6_000));
        (await FingerprintAsync()).ShouldBe(firstFingerprint);
        (await database.QueryAsync(db => db.Agreements.CountAsync())).ShouldBe(sourcedAgreements + 2_000);
        (await database.QueryAsync(db => db.Projects.CountAsync(p => p.Slug.StartsWith("demo-")))).ShouldBe(6_000);

        await GenerateAsync(new DemoDataOptions(Agreements: 2_000, Projects: 6_000, Seed: 8));
        (await FingerprintAsync()).ShouldNotBe(firstFingerprint);
    }

    [Fact]
    public async Task Demo_rows_look_like_real_records_and_cite_the_synthetic_source()
    {
        await GenerateAsync(new DemoDataOptions(Agreements: 3_000, Projects: 3_000, Seed: 11));

        var stats = await database.QueryAsync(async db => new
        {
            Kinds = await db.Agreements.Where(a => a.Slug.StartsWith("demo-")).Select(a => a.Kind).Distinct().CountAsync(),
            Partners = await db.AgreementParties.Where(p => p.Agreement!.Slug.StartsWith("demo-") && p.CountryIso3 != "CHN")
                .Select(p => p.CountryIso3).Distinct().CountAsync(),
            WithoutChina = await db.Agreements.CountAsync(a => a.Slug.StartsWith("demo-") && !a.Parties.Any(p => p.CountryIso3 == "CHN")),
            WithoutSector = await db.Agreements.CountAsync(a => a.Slug.StartsWith("demo-") && !a.Sectors.Any()),
            Uncited = await db.Agreements.CountAsync(a => a.Slug.StartsWith("demo-") && !a.Sources.Any(s => s.Source!.Slug == DemoDataGenerator.SourceSlug)),
            UnderUmbrella = await db.Agreements.CountAsync(a => a.Slug.StartsWith("demo-") && a.ParentAgreementId != null),
            ImplementingProjects = await db.ProjectAgreements.CountAsync(l => l.Project!.Slug.StartsWith("demo-")),
            LatestSigning = await db.Agreements.Where(a => a.Slug.StartsWith("demo-")).MaxAsync(a => a.SignedOn),
        });

        stats.Kinds.ShouldBe(6);
        stats.Partners.ShouldBeGreaterThan(60);
        stats.WithoutChina.ShouldBe(0);
        stats.WithoutSector.ShouldBe(0);
        stats.Uncited.ShouldBe(0);
        stats.UnderUmbrella.ShouldBeGreaterThan(0);
        stats.ImplementingProjects.ShouldBeGreaterThan(1_500);
        stats.LatestSigning.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(DemoDataGenerator.LatestSigning);

        // New rows after a bulk load get fresh ids: the identity sequences were moved past the copied ids.
        var id = await database.QueryAsync(db => db.Database.SqlQueryRaw<long>(
            "INSERT INTO agreements (slug, title, kind, status) VALUES ('after-demo', 'After', 'mou', 'signed') RETURNING id AS \"Value\"").ToListAsync());
        id.Single().ShouldBeGreaterThan(3_000);
    }

    private async Task<DemoDataResult> GenerateAsync(DemoDataOptions options)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        return await new DemoDataGenerator(dataSource).GenerateAsync(options);
    }

    private Task<string> FingerprintAsync() => database.QueryAsync(async db => string.Join("|", await db.Database.SqlQueryRaw<string>(
        """
        SELECT md5(string_agg(a.slug || a.title || coalesce(a.value_usd::text, '') || coalesce(a.signed_on::text, ''), ',' ORDER BY a.slug)) AS "Value"
        FROM agreements a WHERE a.slug LIKE 'demo-%'
        UNION ALL
        SELECT md5(string_agg(p.slug || p.name || p.host_country_iso3 || p.status, ',' ORDER BY p.slug)) FROM projects p WHERE p.slug LIKE 'demo-%'
        """).ToListAsync()));
}
