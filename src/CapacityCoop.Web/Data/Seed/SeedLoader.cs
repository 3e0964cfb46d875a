using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Data.Seed;

public sealed record SeedResult(int Countries, int Sectors, int Blocs, int AgreementsAdded, int ProjectsAdded)
{
    public override string ToString() =>
        $"seed: {Countries} countries, {Sectors} sectors, {Blocs} blocs; {AgreementsAdded} agreements and {ProjectsAdded} projects added";
}

/// <summary>
/// Loads the reference data (countries, blocs, sectors: kept in step with the CSV files) and the records
/// from the source articles (added when missing, matched by slug, never overwritten: staff may have edited them).
/// Running it twice changes nothing the second time.
/// </summary>
public sealed class SeedLoader(PortalDbContext db, ILogger<SeedLoader> logger)
{
    public const string Actor = "seed";

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Data", "Seed");

    public async Task<SeedResult> LoadAsync(bool onlyIfEmpty, string? folder = null, CancellationToken cancellationToken = default)
    {
        if (onlyIfEmpty && await db.Agreements.AnyAsync(cancellationToken))
        {
            return new SeedResult(0, 0, 0, 0, 0);
        }

        folder ??= DefaultFolder;
        var result = await db.InTransactionAsync(
            async token =>
            {
                var countries = await SyncCountriesAsync(Path.Combine(folder, "countries.csv"), token);
                var blocs = await SyncBlocsAsync(folder, token);
                var sectors = await SyncSectorsAsync(Path.Combine(folder, "sectors.csv"), token);
                await db.SaveChangesAsync(token);

                var records = SeedRecords.Read(Path.Combine(folder, "seed-records.json"));
                var (agreementsAdded, projectsAdded) = await AddRecordsAsync(records, token);
                return new SeedResult(countries, sectors, blocs, agreementsAdded, projectsAdded);
            },
            cancellationToken);
        logger.LogInformation("{SeedResult}", result.ToString());
        return result;
    }

    private async Task<int> SyncCountriesAsync(string path, CancellationToken cancellationToken)
    {
        var existing = await db.Countries.ToDictionaryAsync(c => c.Iso3, cancellationToken);
        var rows = CsvRows.Read(path);
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row["iso3"], out var country))
            {
                country = new Country { Iso3 = row["iso3"], Iso2 = "", NumericCode = "", NameEn = "", NameZh = "", Region = "" };
                db.Countries.Add(country);
            }

            country.Iso2 = row["iso2"];
            country.NumericCode = row["numeric"];
            country.NameEn = row["name_en"];
            country.NameZh = row["name_zh"];
            country.Region = row["region"];
        }

        return rows.Count;
    }

    private async Task<int> SyncBlocsAsync(string folder, CancellationToken cancellationToken)
    {
        var existing = await db.Blocs.Include(b => b.Members).ToDictionaryAsync(b => b.Code, cancellationToken);
        var members = CsvRows.Read(Path.Combine(folder, "bloc-members.csv")).ToLookup(r => r["bloc"], r => r["iso3"]);
        var rows = CsvRows.Read(Path.Combine(folder, "blocs.csv"));
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row["code"], out var bloc))
            {
                bloc = new Bloc { Code = row["code"], NameEn = "", NameZh = "" };
                db.Blocs.Add(bloc);
            }

            bloc.NameEn = row["name_en"];
            bloc.NameZh = row["name_zh"];
            var wanted = members[bloc.Code].ToHashSet();
            bloc.Members.RemoveAll(m => !wanted.Contains(m.CountryIso3));
            foreach (var iso3 in wanted.Except(bloc.Members.Select(m => m.CountryIso3)))
            {
                bloc.Members.Add(new BlocMembership { BlocCode = bloc.Code, CountryIso3 = iso3 });
            }
        }

        return rows.Count;
    }

    private async Task<int> SyncSectorsAsync(string path, CancellationToken cancellationToken)
    {
        var existing = await db.Sectors.ToDictionaryAsync(s => s.Code, cancellationToken);
        var rows = CsvRows.Read(path);
        var order = 0;
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row["code"], out var sector))
            {
                sector = new Sector { Code = row["code"], NameEn = "", NameZh = "" };
                db.Sectors.Add(sector);
            }

            sector.NameEn = row["name_en"];
            sector.NameZh = row["name_zh"];
            sector.IsFocusSector = bool.Parse(row["is_focus"]);
            sector.SortOrder = ++order;
        }

        return rows.Count;
    }

    private async Task<(int Agreements, int Projects)> AddRecordsAsync(SeedRecords records, CancellationToken cancellationToken)
    {
        var sources = await AddMissingAsync(
            db.Sources, records.Sources, s => s.Key, s => s.Slug,
            s => new Source
            {
                Slug = s.Key,
                Title = s.Title,
                Publisher = s.Publisher,
                Published = s.PublishedOn is null ? null : PartialDate.Parse(s.PublishedOn),
                Url = s.Url,
                Note = s.SeedFile is null ? s.Note : $"{s.Note} (seed file {s.SeedFile})".TrimStart(),
            },
            cancellationToken);

        var organisations = await AddMissingAsync(
            db.Organisations, records.Organisations, o => o.Key, o => o.Slug,
            o => new Organisation { Slug = o.Key, Name = o.Name, NameZh = o.NameZh, Kind = o.Kind, CountryIso3 = o.Country },
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Only the seed's own slugs are read: the database may also hold 100,000 demo agreements.
        var agreementKeys = records.Agreements.Select(a => a.Key).ToList();
        var agreements = await db.Agreements.Where(a => agreementKeys.Contains(a.Slug)).ToDictionaryAsync(a => a.Slug, cancellationToken);
        var newAgreements = new List<Agreement>();
        foreach (var seed in records.Agreements.Where(a => !agreements.ContainsKey(a.Key)))
        {
            var agreement = ToAgreement(seed, sources, organisations);
            agreements[seed.Key] = agreement;
            newAgreements.Add(agreement);
            db.Agreements.Add(agreement);
        }

        // Parents are resolved once every agreement of the file is known, whatever the order in the file.
        foreach (var seed in records.Agreements.Where(a => a.Parent is not null))
        {
            var agreement = agreements[seed.Key];
            if (newAgreements.Contains(agreement))
            {
                agreement.ParentAgreement = agreements[seed.Parent!];
            }
        }

        var projectKeys = records.Projects.Select(p => p.Key).ToList();
        var projects = await db.Projects.Where(p => projectKeys.Contains(p.Slug)).Select(p => p.Slug).ToHashSetAsync(cancellationToken);
        var newProjects = records.Projects.Where(p => !projects.Contains(p.Key))
            .Select(p => ToProject(p, agreements, sources, organisations))
            .ToList();
        db.Projects.AddRange(newProjects);
        await db.SaveChangesAsync(cancellationToken);

        // The same snapshot as any other create, so a seeded record's history reads like the rest.
        var seedActor = new Actor(Actor, Actor, "loaded from the seed articles");
        foreach (var agreement in newAgreements)
        {
            AuditLog.Record(db, AgreementEditor.EntityType, agreement.Id, "create", seedActor, null, AgreementEditor.Snapshot(agreement));
        }

        foreach (var project in newProjects)
        {
            AuditLog.Record(db, ProjectEditor.EntityType, project.Id, "create", seedActor, null, ProjectEditor.Snapshot(project));
        }

        await db.SaveChangesAsync(cancellationToken);
        return (newAgreements.Count, newProjects.Count);
    }

    private static async Task<Dictionary<string, TEntity>> AddMissingAsync<TSeed, TEntity>(
        DbSet<TEntity> set,
        IEnumerable<TSeed> seeds,
        Func<TSeed, string> seedKey,
        Func<TEntity, string> entityKey,
        Func<TSeed, TEntity> create,
        CancellationToken cancellationToken)
        where TEntity : class
    {
        var all = (await set.ToListAsync(cancellationToken)).ToDictionary(entityKey);
        foreach (var seed in seeds.Where(s => !all.ContainsKey(seedKey(s))))
        {
            var entity = create(seed);
            set.Add(entity);
            all[seedKey(seed)] = entity;
        }

        return all;
    }

    private static Agreement ToAgreement(SeedAgreement seed, Dictionary<string, Source> sources, Dictionary<string, Organisation> organisations) => new()
    {
        Slug = seed.Key,
        Title = seed.Title,
        TitleZh = seed.TitleZh,
        Kind = seed.Kind,
        Status = seed.Status,
        Signed = seed.SignedOn is null ? null : PartialDate.Parse(seed.SignedOn),
        SignedPlace = seed.SignedPlace,
        Signatories = seed.Signatories,
        Value = seed.Value is null ? null : new Money(seed.Value.Amount, seed.Value.Currency, seed.Value.Usd),
        ValueNote = seed.ValueNote,
        Summary = seed.Summary,
        EventName = seed.Event,
        Parties = seed.Parties.Select((p, i) => new AgreementParty
        {
            Position = i + 1,
            CountryIso3 = p.Country,
            BlocCode = p.Bloc,
            Organisation = p.Organisation is null ? null : organisations[p.Organisation],
        }).ToList(),
        Sectors = seed.Sectors.Select(code => new AgreementSector { SectorCode = code }).ToList(),
        Sources = seed.Sources.Select(c => new AgreementSource { Source = sources[c.Source], Note = c.Note }).ToList(),
    };

    private static Project ToProject(
        SeedProject seed,
        Dictionary<string, Agreement> agreements,
        Dictionary<string, Source> sources,
        Dictionary<string, Organisation> organisations) => new()
    {
        Slug = seed.Key,
        Name = seed.Name,
        NameZh = seed.NameZh,
        HostCountryIso3 = seed.HostCountry,
        Status = seed.Status,
        Investment = seed.Investment is null ? null : new Money(seed.Investment.Amount, seed.Investment.Currency, seed.Investment.Usd),
        InvestmentNote = seed.InvestmentNote,
        CapacityValue = seed.Capacity?.Value,
        CapacityUnit = seed.Capacity?.Unit,
        JobsCreated = seed.Jobs,
        Announced = seed.AnnouncedOn is null ? null : PartialDate.Parse(seed.AnnouncedOn),
        ConstructionStart = seed.ConstructionStartOn is null ? null : PartialDate.Parse(seed.ConstructionStartOn),
        Completed = seed.CompletedOn is null ? null : PartialDate.Parse(seed.CompletedOn),
        Latitude = seed.Latitude,
        Longitude = seed.Longitude,
        Summary = seed.Summary,
        Sectors = seed.Sectors.Select(code => new ProjectSector { SectorCode = code }).ToList(),
        Agreements = (seed.Agreements ?? []).Select(key => new ProjectAgreement { Agreement = agreements[key] }).ToList(),
        Companies = (seed.Companies ?? []).Select(c => new ProjectCompany { Organisation = organisations[c.Organisation], Role = c.Role }).ToList(),
        Sources = seed.Sources.Select(c => new ProjectSource { Source = sources[c.Source], Note = c.Note }).ToList(),
    };
}
