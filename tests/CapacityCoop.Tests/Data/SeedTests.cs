using CapacityCoop.Web.Data.Seed;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CapacityCoop.Tests.Data;

public sealed class SeedTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Should_hold_every_ISO_country_with_codes_names_and_region()
    {
        var countries = await database.QueryAsync(db => db.Countries.AsNoTracking().ToListAsync());

        countries.Count.ShouldBe(249);
        countries.Select(c => c.Iso2).Distinct().Count().ShouldBe(249);
        countries.ShouldAllBe(c => c.NameZh.Length > 0 && Vocabulary.Regions.Contains(c.Region));
        var kazakhstan = countries.Single(c => c.Iso3 == "KAZ");
        (kazakhstan.Iso2, kazakhstan.NameEn, kazakhstan.NameZh, kazakhstan.Region).ShouldBe(("KZ", "Kazakhstan", "哈萨克斯坦", "Asia"));
        countries.Single(c => c.Iso3 == "BRA").Region.ShouldBe("Latin America & Caribbean");
        countries.Single(c => c.Iso3 == "SAU").Region.ShouldBe("Middle East");
    }

    [Fact]
    public async Task Should_hold_bloc_memberships()
    {
        var members = await database.QueryAsync(db => db.BlocMemberships.AsNoTracking()
            .GroupBy(m => m.BlocCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));

        members["AU"].ShouldBe(55);
        members["EU"].ShouldBe(27);
        members["ASEAN"].ShouldBeGreaterThanOrEqualTo(10);
        var kazakhstanBlocs = await database.QueryAsync(db => db.BlocMemberships.Where(m => m.CountryIso3 == "KAZ").Select(m => m.BlocCode).ToListAsync());
        kazakhstanBlocs.ShouldBe(["EAEU", "SCO"], ignoreOrder: true);
    }

    [Fact]
    public async Task Should_hold_the_twelve_focus_sectors_and_the_others_the_articles_name()
    {
        var sectors = await database.QueryAsync(db => db.Sectors.AsNoTracking().ToListAsync());

        sectors.Count(s => s.IsFocusSector).ShouldBe(12);
        new[]
        {
            "steel", "non-ferrous-metals", "building-materials", "railways", "electric-power", "chemicals",
            "light-industry-textiles", "automobiles", "information-communications", "engineering-machinery",
            "aerospace-aviation", "shipbuilding-ocean-engineering", "nuclear-power", "hydropower", "oil-refining",
            "agriculture", "finance", "industrial-parks",
        }.Except(sectors.Select(s => s.Code)).ShouldBeEmpty();
        sectors.Single(s => s.Code == "steel").NameZh.ShouldBe("钢铁");
    }

    [Fact]
    public async Task Kazakhstan_framework_uses_23_6_billion_and_keeps_every_source_that_disagrees()
    {
        var framework = await LoadAgreementAsync("chn-kaz-capacity-framework-2014");

        framework.Kind.ShouldBe("framework");
        framework.Signed.ShouldBe(PartialDate.Month(2014, 12));
        framework.Value.ShouldBe(new Money(23_600_000_000m, "USD", 23_600_000_000m));
        framework.ValueNote.ShouldNotBeNull().ShouldContain("23.6");
        framework.ValueNote.ShouldContain("18");
        framework.ValueNote.ShouldContain("23 billion");
        framework.Parties.Select(p => p.CountryIso3).ShouldBe(["CHN", "KAZ"]);
        framework.Sources.Count.ShouldBe(3);
        framework.Sources.ShouldContain(s => s.Source!.Title.StartsWith("Promote Industrial Cooperation") && s.Source.Published == PartialDate.Day(2015, 4, 28));
        framework.Sources.ShouldContain(s => s.Source!.Published == PartialDate.Day(2015, 12, 17));
        framework.CountsTowardTotals.ShouldBeTrue();
    }

    [Fact]
    public async Task The_33_documents_sit_under_the_framework_and_are_not_counted_twice()
    {
        var documents = await LoadAgreementAsync("chn-kaz-33-documents-2015-03-27");

        documents.Signed.ShouldBe(PartialDate.Day(2015, 3, 27));
        documents.SignedPlace.ShouldBe("Beijing");
        documents.ParentAgreement!.Slug.ShouldBe("chn-kaz-capacity-framework-2014");
        documents.CountsTowardTotals.ShouldBeFalse();
        new[] { "steel", "non-ferrous-metals", "oil-refining", "hydropower", "automobiles" }.Except(documents.Sectors.Select(s => s.SectorCode)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Latin_American_and_multilateral_agreements_are_present_with_their_figures()
    {
        var brazil = await LoadAgreementAsync("chn-bra-35-agreements-2015-05");
        brazil.Value!.Usd.ShouldBe(27_000_000_000m);
        brazil.Signed.ShouldBe(PartialDate.Month(2015, 5));
        brazil.Title.ShouldContain("35");

        (await LoadAgreementAsync("chn-col-12-agreements-2015-05")).Title.ShouldContain("12");
        (await LoadAgreementAsync("chn-per-two-ocean-railway-study-2015-05")).Sectors.ShouldContain(s => s.SectorCode == "railways");
        (await LoadAgreementAsync("chn-chl-cooperation-documents-2015-05")).Sectors.Select(s => s.SectorCode).ShouldContain("finance");

        var africanUnion = await LoadAgreementAsync("chn-au-transport-infrastructure-mou-2015-01");
        africanUnion.Kind.ShouldBe("mou");
        africanUnion.Signed.ShouldBe(PartialDate.Month(2015, 1));
        africanUnion.Parties.Select(p => p.BlocCode).ShouldContain("AU");

        (await LoadAgreementAsync("chn-eu-joint-investment-fund-2015-07")).Parties.Select(p => p.BlocCode).ShouldContain("EU");
        (await LoadAgreementAsync("sco-zhengzhou-statement-2015-12")).Parties.Select(p => p.BlocCode).ShouldContain("SCO");
        (await LoadAgreementAsync("chn-asean-capacity-proposals-2015-11")).Parties.Select(p => p.BlocCode).ShouldContain("ASEAN");
    }

    [Fact]
    public async Task Kuantan_steel_plant_has_the_figures_the_article_states()
    {
        var kuantan = await LoadProjectAsync("kuantan-steel-plant");

        kuantan.HostCountryIso3.ShouldBe("MYS");
        kuantan.ConstructionStart.ShouldBe(PartialDate.Day(2014, 12, 23));
        kuantan.Investment.ShouldBe(new Money(1_400_000_000m, "USD", 1_400_000_000m));
        (kuantan.CapacityValue, kuantan.CapacityUnit).ShouldBe((3.5m, "Mt/yr"));
        kuantan.JobsCreated.ShouldBe(4000);
        kuantan.Sectors.Select(s => s.SectorCode).ShouldContain("steel");
        kuantan.Sources.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("china-laos-railway", "LAO", "2015-12-02")]
    [InlineData("china-thailand-railway", "THA", "2015-12-19")]
    [InlineData("hungary-serbia-railway-serbian-section", "SRB", "2015-12-23")]
    [InlineData("jakarta-bandung-high-speed-railway", "IDN", "2016-01-21")]
    [InlineData("kanupp-2", "PAK", "2015-08")]
    public async Task Projects_keep_the_construction_start_at_the_precision_the_article_gives(string slug, string host, string started)
    {
        var project = await LoadProjectAsync(slug);

        project.HostCountryIso3.ShouldBe(host);
        project.ConstructionStart.ShouldBe(PartialDate.Parse(started));
        project.Sources.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Other_projects_from_the_articles_are_present()
    {
        var projects = await database.QueryAsync(db => db.Projects.AsNoTracking().Select(p => new { p.Slug, p.HostCountryIso3, p.CapacityValue, p.CapacityUnit, p.InvestmentUsd }).ToListAsync());

        projects.ShouldContain(p => p.Slug == "kanupp-2" && p.CapacityValue == 1100m && p.CapacityUnit == "MW");
        projects.ShouldContain(p => p.Slug == "chery-brazil-plant" && p.HostCountryIso3 == "BRA" && p.InvestmentUsd == 400_000_000m);
        projects.ShouldContain(p => p.Slug == "chery-mvm-iran" && p.HostCountryIso3 == "IRN");
        projects.ShouldContain(p => p.Slug == "eastern-industrial-park-ethiopia" && p.HostCountryIso3 == "ETH");
        projects.ShouldContain(p => p.Slug == "belo-monte-uhv-transmission" && p.HostCountryIso3 == "BRA");
        projects.ShouldContain(p => p.Slug == "two-ocean-railway-feasibility-study");
    }

    [Fact]
    public async Task Every_seeded_record_cites_a_source_and_has_a_creation_audit_entry()
    {
        var agreementsWithoutSource = await database.QueryAsync(db => db.Agreements.CountAsync(a => !a.Sources.Any()));
        var projectsWithoutSource = await database.QueryAsync(db => db.Projects.CountAsync(p => !p.Sources.Any()));
        var agreementsWithoutAudit = await database.QueryAsync(db => db.Agreements.CountAsync(a =>
            !db.AuditEntries.Any(e => e.EntityType == "agreement" && e.EntityId == a.Id && e.Action == "create")));

        agreementsWithoutSource.ShouldBe(0);
        projectsWithoutSource.ShouldBe(0);
        agreementsWithoutAudit.ShouldBe(0);
    }

    [Fact]
    public async Task Totals_count_the_umbrella_once()
    {
        var total = await database.QueryAsync(db => db.Agreements.Where(a => a.CountsTowardTotals).SumAsync(a => a.ValueUsd ?? 0));
        var naive = await database.QueryAsync(db => db.Agreements.SumAsync(a => a.ValueUsd ?? 0));

        total.ShouldBe(23_600_000_000m + 27_000_000_000m);
        naive.ShouldBeGreaterThanOrEqualTo(total);
    }

    [Fact]
    public async Task Seeding_again_adds_nothing_and_keeps_edits()
    {
        await database.ExecuteSqlAsync("UPDATE agreements SET summary = 'edited by staff' WHERE slug = 'chn-col-12-agreements-2015-05'");
        var before = await CountsAsync();

        var result = await database.QueryAsync(db => new SeedLoader(db, NullLogger<SeedLoader>.Instance).LoadAsync(onlyIfEmpty: false));

        (result.AgreementsAdded, result.ProjectsAdded).ShouldBe((0, 0));
        (await CountsAsync()).ShouldBe(before);
        (await LoadAgreementAsync("chn-col-12-agreements-2015-05")).Summary.ShouldBe("edited by staff");
    }

    private Task<(int, int, int, int, int, int, int)> CountsAsync() => database.QueryAsync(async db => (
        await db.Countries.CountAsync(),
        await db.BlocMemberships.CountAsync(),
        await db.Agreements.CountAsync(),
        await db.AgreementParties.CountAsync(),
        await db.Projects.CountAsync(),
        await db.Sources.CountAsync(),
        await db.AuditEntries.CountAsync()));

    private Task<Agreement> LoadAgreementAsync(string slug) => database.QueryAsync(db => db.Agreements.AsNoTracking()
        .Include(a => a.Parties.OrderBy(p => p.Position))
        .Include(a => a.Sectors)
        .Include(a => a.Sources).ThenInclude(s => s.Source)
        .Include(a => a.ParentAgreement)
        .AsSplitQuery()
        .SingleAsync(a => a.Slug == slug));

    private Task<Project> LoadProjectAsync(string slug) => database.QueryAsync(db => db.Projects.AsNoTracking()
        .Include(p => p.Sectors)
        .Include(p => p.Sources).ThenInclude(s => s.Source)
        .AsSplitQuery()
        .SingleAsync(p => p.Slug == slug));
}
