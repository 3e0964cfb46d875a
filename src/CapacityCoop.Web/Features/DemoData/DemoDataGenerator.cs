using System.Globalization;
using CapacityCoop.Web.Domain;
using Npgsql;
using NpgsqlTypes;

namespace CapacityCoop.Web.Features.DemoData;

public sealed record DemoDataOptions(int Agreements, int Projects, int Seed);

public sealed record DemoDataResult(int Agreements, int Projects, int Organisations, int RemovedAgreements, int RemovedProjects)
{
    public override string ToString() =>
        $"generate-demo: {Agreements:N0} agreements, {Projects:N0} projects, {Organisations:N0} organisations loaded " +
        $"(replaced {RemovedAgreements:N0} agreements and {RemovedProjects:N0} projects from an earlier run)";
}

/// <summary>
/// Bulk-loads deterministic, realistic-looking demo data with binary COPY. Every demo row has a slug that starts
/// with "demo-" and cites the synthetic source "demo-generator", so it can never be mistaken for (or mixed up
/// with) the sourced records; a new run replaces the previous run's rows.
/// </summary>
public sealed class DemoDataGenerator(NpgsqlDataSource dataSource)
{
    public const string SlugPrefix = "demo-";
    public const string SourceSlug = "demo-generator";

    /// <summary>No demo agreement is signed after this day.</summary>
    public static readonly DateOnly LatestSigning = new(2026, 6, 30);

    private static readonly (string Code, decimal UsdRate)[] Currencies =
        [("USD", 1m), ("USD", 1m), ("USD", 1m), ("USD", 1m), ("USD", 1m), ("USD", 1m), ("CNY", 0.14m), ("CNY", 0.14m), ("EUR", 1.08m), ("BRL", 0.19m)];

    private static readonly Dictionary<string, double> RegionWeights = new()
    {
        ["Asia"] = 30, ["Africa"] = 25, ["Latin America & Caribbean"] = 15, ["Europe"] = 14,
        ["Middle East"] = 10, ["Oceania"] = 3, ["North America"] = 3,
    };

    // The partners the real record is richest in lead their region's ranking; the rest follow in a fixed shuffle.
    private static readonly List<string> MajorPartners =
    [
        "KAZ", "PAK", "IDN", "MYS", "LAO", "THA", "VNM", "KHM", "UZB", "BGD", "LKA", "MMR", "MNG", "KGZ",
        "ETH", "KEN", "NGA", "EGY", "DZA", "AGO", "ZAF", "TZA", "ZMB", "COD", "MAR",
        "BRA", "PER", "CHL", "ARG", "COL", "ECU", "VEN", "MEX", "BOL",
        "RUS", "SRB", "HUN", "BLR", "GRC", "DEU", "FRA", "GBR", "ITA", "POL",
        "SAU", "ARE", "IRN", "TUR", "IRQ", "QAT", "OMN",
        "AUS", "PNG", "NZL", "FJI",
        "USA", "CAN",
    ];

    // Territories nobody signs production-capacity deals with.
    private static readonly HashSet<string> Uninhabited = ["ATA", "BVT", "HMD", "ATF", "SGS", "UMI", "IOT", "PCN"];

    private static readonly (string Kind, double Weight)[] Kinds =
        [("mou", 30), ("framework", 8), ("cooperation", 27), ("contract", 20), ("loan", 10), ("joint-statement", 5)];

    private static readonly (string Status, double Weight)[] ProjectStatuses =
        [("planned", 15), ("feasibility", 10), ("under-construction", 30), ("operational", 35), ("suspended", 6), ("cancelled", 4)];

    private static readonly Dictionary<string, (string Unit, double Median)> CapacityUnits = new()
    {
        ["steel"] = ("Mt/yr", 2.5), ["non-ferrous-metals"] = ("kt/yr", 200), ["building-materials"] = ("t/day", 5000),
        ["railways"] = ("km", 350), ["electric-power"] = ("MW", 600), ["nuclear-power"] = ("MW", 1100), ["hydropower"] = ("MW", 800),
        ["oil-refining"] = ("Mt/yr", 8), ["automobiles"] = ("vehicles/yr", 60000), ["chemicals"] = ("kt/yr", 500),
    };

    public async Task<DemoDataResult> GenerateAsync(DemoDataOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Agreements);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Projects);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var countries = await ReadCountriesAsync(connection, cancellationToken);
        var sectors = await ReadSectorsAsync(connection, cancellationToken);
        if (countries.Count == 0 || sectors.Count == 0)
        {
            throw new InvalidOperationException("Load the reference data first (the seed command) — countries and sectors are empty.");
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (removedAgreements, removedProjects) = await RemovePreviousRunAsync(connection, cancellationToken);
        var sourceId = await EnsureSourceAsync(connection, cancellationToken);

        var random = new Random(options.Seed);
        var plan = new Plan(random, countries, sectors, options);
        var firstAgreementId = await NextIdAsync(connection, "agreements", cancellationToken);
        var firstProjectId = await NextIdAsync(connection, "projects", cancellationToken);
        var firstOrganisationId = await NextIdAsync(connection, "organisations", cancellationToken);

        var organisations = await CopyOrganisationsAsync(connection, plan, firstOrganisationId, cancellationToken);
        var agreements = await CopyAgreementsAsync(connection, plan, firstAgreementId, sourceId, cancellationToken);
        await CopyProjectsAsync(connection, plan, firstProjectId, agreements, organisations, sourceId, cancellationToken);

        foreach (var table in new[] { "agreements", "projects", "organisations", "agreement_parties" })
        {
            await ExecuteAsync(connection, $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT max(id) FROM {table}), 1))", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await ExecuteAsync(connection, "ANALYZE", cancellationToken);
        return new DemoDataResult(options.Agreements, options.Projects, organisations.Count, removedAgreements, removedProjects);
    }

    private static async Task<(int Agreements, int Projects)> RemovePreviousRunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Projects first: project_agreements restricts deleting an agreement that a project implements.
        var projects = await ExecuteAsync(connection, $"DELETE FROM projects WHERE slug LIKE '{SlugPrefix}%'", cancellationToken);
        await ExecuteAsync(connection, $"UPDATE agreements SET parent_agreement_id = NULL WHERE slug LIKE '{SlugPrefix}%' AND parent_agreement_id IS NOT NULL", cancellationToken);
        var agreements = await ExecuteAsync(connection, $"DELETE FROM agreements WHERE slug LIKE '{SlugPrefix}%'", cancellationToken);
        await ExecuteAsync(connection, $"DELETE FROM organisations WHERE slug LIKE '{SlugPrefix}%'", cancellationToken);
        await ExecuteAsync(connection, $"DELETE FROM audit_entries WHERE actor = 'generate-demo'", cancellationToken);
        return (agreements, projects);
    }

    private static async Task<long> EnsureSourceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO sources (slug, title, publisher, note)
            VALUES (@slug, 'Synthetic demo data (not a real agreement)', 'CapacityCoop generate-demo',
                    'Generated for load tests and demos; every row citing this source is fictional.')
            ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title
            RETURNING id
            """,
            connection);
        command.Parameters.AddWithValue("slug", SourceSlug);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<long>> CopyOrganisationsAsync(NpgsqlConnection connection, Plan plan, long firstId, CancellationToken cancellationToken)
    {
        var count = Math.Clamp(plan.Options.Projects / 500, 20, 1000);
        var ids = new List<long>(count);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY organisations (id, slug, name, kind, country_iso3) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var chinese = plan.Random.NextDouble() < 0.75;
            var country = chinese ? "CHN" : plan.PickCountry();
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync($"{SlugPrefix}org-{i + 1}", NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(plan.CompanyName(i, country), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(plan.Random.NextDouble() < 0.9 ? "company" : "bank", NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(country, NpgsqlDbType.Char, cancellationToken);
            ids.Add(id);
        }

        await writer.CompleteAsync(cancellationToken);
        return ids;
    }

    private sealed record GeneratedAgreement(long Id, string Partner, string[] Sectors, DateOnly? Signed);

    private static async Task<List<GeneratedAgreement>> CopyAgreementsAsync(
        NpgsqlConnection connection, Plan plan, long firstId, long sourceId, CancellationToken cancellationToken)
    {
        var agreements = new List<GeneratedAgreement>(plan.Options.Agreements);
        var frameworksByPartner = new Dictionary<string, List<long>>();
        var parties = new List<(long AgreementId, string? Country, string? Bloc)>(plan.Options.Agreements * 2);

        await using (var writer = await connection.BeginBinaryImportAsync(
            """
            COPY agreements (id, slug, title, kind, status, signed_on, signed_on_precision, signed_place,
                             value_amount, value_currency, value_usd, summary, parent_agreement_id, created_at, updated_at)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken))
        {
            var now = DateTime.UtcNow;
            for (var i = 0; i < plan.Options.Agreements; i++)
            {
                var id = firstId + i;
                var partner = plan.PickCountry();
                var kind = plan.Pick(Kinds);
                var sectors = plan.PickSectors();
                var (signed, precision) = plan.PickSigningDate();
                var status = plan.AgreementStatus(signed);
                long? parent = null;
                if (kind != "framework" && frameworksByPartner.TryGetValue(partner, out var umbrellas) && plan.Random.NextDouble() < 0.2)
                {
                    parent = umbrellas[plan.Random.Next(umbrellas.Count)];
                }
                else if (kind == "framework")
                {
                    (frameworksByPartner.TryGetValue(partner, out var list) ? list : frameworksByPartner[partner] = []).Add(id);
                }

                var value = plan.Random.NextDouble() < 0.7 ? plan.PickMoney(kind == "framework" ? 2_000_000_000 : 150_000_000) : null;
                var country = plan.Countries[partner];
                var title = plan.AgreementTitle(kind, sectors, country.NameEn);

                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync($"{SlugPrefix}{i + 1}", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(title, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(kind, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(status, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, signed, NpgsqlDbType.Date, cancellationToken);
                await WriteNullableAsync(writer, precision, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, plan.Random.NextDouble() < 0.5 ? "Beijing" : country.NameEn, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, value?.Amount, NpgsqlDbType.Numeric, cancellationToken);
                await WriteNullableAsync(writer, value?.Currency, NpgsqlDbType.Char, cancellationToken);
                await WriteNullableAsync(writer, value?.Usd, NpgsqlDbType.Numeric, cancellationToken);
                await writer.WriteAsync(
                    $"Synthetic {kind} between China and {country.NameEn} covering {string.Join(", ", sectors.Select(s => plan.Sectors[s]))}.",
                    NpgsqlDbType.Text,
                    cancellationToken);
                await WriteNullableAsync(writer, parent, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);

                parties.Add((id, "CHN", null));
                parties.Add((id, partner, null));
                if (plan.Random.NextDouble() < 0.03 && plan.BlocsOf(partner) is [_, ..] blocs)
                {
                    parties.Add((id, null, blocs[plan.Random.Next(blocs.Length)]));
                }

                agreements.Add(new GeneratedAgreement(id, partner, sectors, signed));
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY agreement_parties (agreement_id, country_iso3, bloc_code, position) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            var position = 0;
            long previous = -1;
            foreach (var (agreementId, country, bloc) in parties)
            {
                position = agreementId == previous ? position + 1 : 1;
                previous = agreementId;
                await writer.WriteRowAsync(cancellationToken, agreementId, (object?)country ?? DBNull.Value, (object?)bloc ?? DBNull.Value, position);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await CopyPairsAsync(connection, "agreement_sectors (agreement_id, sector_code)", agreements.SelectMany(a => a.Sectors.Select(s => (a.Id, s))), cancellationToken);
        await CopyPairsAsync(connection, "agreement_sources (agreement_id, source_id)", agreements.Select(a => (a.Id, sourceId)), cancellationToken);
        return agreements;
    }

    private static async Task CopyProjectsAsync(
        NpgsqlConnection connection,
        Plan plan,
        long firstId,
        List<GeneratedAgreement> agreements,
        List<long> organisations,
        long sourceId,
        CancellationToken cancellationToken)
    {
        var projectSectors = new List<(long, string)>(plan.Options.Projects * 2);
        var projectAgreements = new List<(long, long)>(plan.Options.Projects);
        var projectCompanies = new List<(long, long, string)>(plan.Options.Projects * 2);
        var roles = new[] { "developer", "investor", "contractor", "operator", "partner" };

        await using (var writer = await connection.BeginBinaryImportAsync(
            """
            COPY projects (id, slug, name, host_country_iso3, status, investment_amount, investment_currency, investment_usd,
                           capacity_value, capacity_unit, jobs_created, announced_on, announced_on_precision,
                           construction_start_on, construction_start_on_precision, completed_on, completed_on_precision,
                           summary, created_at, updated_at)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken))
        {
            var now = DateTime.UtcNow;
            for (var i = 0; i < plan.Options.Projects; i++)
            {
                var id = firstId + i;
                var agreement = agreements.Count > 0 && plan.Random.NextDouble() < 0.7 ? agreements[plan.Random.Next(agreements.Count)] : null;
                var host = agreement?.Partner ?? plan.PickCountry();
                var sectors = agreement is null ? plan.PickSectors(max: 2) : [agreement.Sectors[plan.Random.Next(agreement.Sectors.Length)]];
                var status = plan.Pick(ProjectStatuses);
                var announced = (agreement?.Signed ?? plan.PickSigningDate().Date ?? new DateOnly(2018, 1, 1)).AddDays(plan.Random.Next(0, 200));
                DateOnly? started = status is "planned" or "feasibility" ? null : announced.AddDays(plan.Random.Next(60, 900));
                DateOnly? completed = status == "operational" && started is { } s ? s.AddDays(plan.Random.Next(365, 1800)) : null;
                var investment = plan.Random.NextDouble() < 0.8 ? plan.PickMoney(120_000_000) : null;
                var capacity = CapacityUnits.TryGetValue(sectors[0], out var unit) && plan.Random.NextDouble() < 0.8
                    ? (Value: Math.Round((decimal)(unit.Median * plan.LogNormal(0.8)), 1), unit.Unit)
                    : ((decimal Value, string Unit)?)null;
                var country = plan.Countries[host];

                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync($"{SlugPrefix}{i + 1}", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(plan.ProjectName(i, sectors[0], country.NameEn), NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(host, NpgsqlDbType.Char, cancellationToken);
                await writer.WriteAsync(status, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, investment?.Amount, NpgsqlDbType.Numeric, cancellationToken);
                await WriteNullableAsync(writer, investment?.Currency, NpgsqlDbType.Char, cancellationToken);
                await WriteNullableAsync(writer, investment?.Usd, NpgsqlDbType.Numeric, cancellationToken);
                await WriteNullableAsync(writer, capacity?.Value, NpgsqlDbType.Numeric, cancellationToken);
                await WriteNullableAsync(writer, capacity?.Unit, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, plan.Random.NextDouble() < 0.6 ? plan.Random.Next(50, 8000) : (int?)null, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(announced, NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync("day", NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, started, NpgsqlDbType.Date, cancellationToken);
                await WriteNullableAsync(writer, started is null ? null : "day", NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, completed, NpgsqlDbType.Date, cancellationToken);
                await WriteNullableAsync(writer, completed is null ? null : "day", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync($"Synthetic {plan.Sectors[sectors[0]].ToLowerInvariant()} project in {country.NameEn}.", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);

                projectSectors.AddRange(sectors.Select(code => (id, code)));
                if (agreement is not null)
                {
                    projectAgreements.Add((id, agreement.Id));
                }

                var companyCount = plan.Random.Next(1, 3);
                for (var c = 0; c < companyCount; c++)
                {
                    projectCompanies.Add((id, organisations[plan.Random.Next(organisations.Count)], roles[c == 0 ? plan.Random.Next(3) : 2 + plan.Random.Next(3)]));
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await CopyPairsAsync(connection, "project_sectors (project_id, sector_code)", projectSectors, cancellationToken);
        await CopyPairsAsync(connection, "project_agreements (project_id, agreement_id)", projectAgreements, cancellationToken);
        await CopyPairsAsync(connection, "project_sources (project_id, source_id)", Enumerable.Range(0, plan.Options.Projects).Select(i => (firstId + i, sourceId)), cancellationToken);

        await using var companies = await connection.BeginBinaryImportAsync(
            "COPY project_companies (project_id, organisation_id, role) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (projectId, organisationId, role) in projectCompanies.Distinct())
        {
            await companies.WriteRowAsync(cancellationToken, projectId, organisationId, role);
        }

        await companies.CompleteAsync(cancellationToken);
    }

    private static async Task CopyPairsAsync<T1, T2>(NpgsqlConnection connection, string table, IEnumerable<(T1, T2)> rows, CancellationToken cancellationToken)
        where T1 : notnull
        where T2 : notnull
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (first, second) in rows)
        {
            await writer.WriteRowAsync(cancellationToken, first, second);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> NextIdAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT COALESCE(max(id), 0) + 1 FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed record CountryInfo(string Iso3, string NameEn, string Region, string[] Blocs);

    private static async Task<Dictionary<string, CountryInfo>> ReadCountriesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT c.iso3, c.name_en, c.region, COALESCE(array_agg(m.bloc_code) FILTER (WHERE m.bloc_code IS NOT NULL), '{}')
            FROM countries c LEFT JOIN bloc_memberships m ON m.country_iso3 = c.iso3
            GROUP BY c.iso3 ORDER BY c.iso3
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var countries = new Dictionary<string, CountryInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            countries[reader.GetString(0)] = new CountryInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3));
        }

        return countries;
    }

    private static async Task<Dictionary<string, string>> ReadSectorsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT code, name_en FROM sectors ORDER BY sort_order", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sectors = new Dictionary<string, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sectors[reader.GetString(0)] = reader.GetString(1);
        }

        return sectors;
    }

    /// <summary>The random choices, with the weights that make the data look like the real thing.</summary>
    private sealed class Plan
    {
        private readonly (string Iso3, double Weight)[] countryWeights;
        private readonly (string Code, double Weight)[] sectorWeights;

        public Plan(Random random, Dictionary<string, CountryInfo> countries, Dictionary<string, string> sectors, DemoDataOptions options)
        {
            Random = random;
            Countries = countries;
            Sectors = sectors;
            Options = options;

            // Within a region, a few partners get most deals (a Zipf-like tail), like the real record.
            countryWeights = countries.Values
                .Where(c => c.Iso3 != "CHN" && !Uninhabited.Contains(c.Iso3))
                .GroupBy(c => c.Region)
                .SelectMany(region =>
                {
                    var members = region
                        .OrderBy(c => MajorPartners.IndexOf(c.Iso3) is var rank and >= 0 ? rank : int.MaxValue)
                        .ThenBy(c => StableHash(c.Iso3))
                        .ToList();
                    var regionWeight = RegionWeights.GetValueOrDefault(region.Key, 1);
                    var norm = members.Select((_, rank) => 1.0 / (rank + 1)).Sum();
                    return members.Select((c, rank) => (c.Iso3, regionWeight / (rank + 1) / norm));
                })
                .ToArray();
            sectorWeights = sectors.Keys.Select((code, index) => (code, index < 12 ? 3.0 : 1.0)).ToArray();
        }

        public Random Random { get; }

        public Dictionary<string, CountryInfo> Countries { get; }

        public Dictionary<string, string> Sectors { get; }

        public DemoDataOptions Options { get; }

        public string PickCountry() => Pick(countryWeights);

        public string[] BlocsOf(string iso3) => Countries[iso3].Blocs;

        public string[] PickSectors(int max = 3)
        {
            var count = 1 + (int)(Random.NextDouble() * Random.NextDouble() * max);
            var picked = new HashSet<string>();
            while (picked.Count < count)
            {
                picked.Add(Pick(sectorWeights));
            }

            return [.. picked];
        }

        public T Pick<T>((T Item, double Weight)[] items)
        {
            var total = 0.0;
            foreach (var item in items)
            {
                total += item.Weight;
            }

            var target = Random.NextDouble() * total;
            foreach (var item in items)
            {
                target -= item.Weight;
                if (target <= 0)
                {
                    return item.Item;
                }
            }

            return items[^1].Item;
        }

        public (DateOnly? Date, string? Precision) PickSigningDate()
        {
            if (Random.NextDouble() < 0.02)
            {
                return (null, null);
            }

            // Activity ramps up after the 2015 guideline and stays high.
            var year = 2013 + (int)Math.Floor(Math.Sqrt(Random.NextDouble()) * 14);
            var date = new DateOnly(Math.Min(year, 2026), 1, 1).AddDays(Random.Next(0, 365));

            // A fixed cut-off (not today) keeps the data the same whenever it is generated.
            date = date > LatestSigning ? LatestSigning.AddDays(-Random.Next(0, 180)) : date;
            var roll = Random.NextDouble();
            return roll switch
            {
                < 0.80 => (date, "day"),
                < 0.95 => (new DateOnly(date.Year, date.Month, 1), "month"),
                _ => (new DateOnly(date.Year, 1, 1), "year"),
            };
        }

        public string AgreementStatus(DateOnly? signed)
        {
            var age = signed is { } d ? 2026 - d.Year : 0;
            var roll = Random.NextDouble();
            return roll switch
            {
                < 0.05 => "negotiating",
                < 0.08 => "terminated",
                _ when age > 6 && roll < 0.45 => "completed",
                _ when age > 1 && roll < 0.75 => "in-force",
                _ => "signed",
            };
        }

        public double LogNormal(double sigma)
        {
            // Box–Muller: a standard normal from two uniforms.
            var normal = Math.Sqrt(-2.0 * Math.Log(1.0 - Random.NextDouble())) * Math.Cos(2.0 * Math.PI * Random.NextDouble());
            return Math.Exp(sigma * normal);
        }

        public Money PickMoney(double medianUsd)
        {
            var usd = Math.Round((decimal)(medianUsd * LogNormal(1.2)) / 100_000m) * 100_000m;
            usd = Math.Max(usd, 1_000_000m);
            var (code, rate) = Currencies[Random.Next(Currencies.Length)];
            var amount = code == "USD" ? usd : Math.Round(usd / rate / 100_000m) * 100_000m;
            return new Money(amount, code, usd);
        }

        public string AgreementTitle(string kind, string[] sectors, string partner)
        {
            var topic = string.Join(" and ", sectors.Take(2).Select(s => Sectors[s].ToLowerInvariant()));
            return kind switch
            {
                "mou" => $"China–{partner} memorandum of understanding on {topic} capacity cooperation",
                "framework" => $"China–{partner} framework agreement on industrial capacity cooperation in {topic}",
                "contract" => $"China–{partner} {topic} construction contract",
                "loan" => $"China–{partner} loan agreement for {topic} development",
                "joint-statement" => $"China–{partner} joint statement on {topic} cooperation",
                _ => $"China–{partner} {topic} cooperation agreement",
            };
        }

        public string CompanyName(int index, string country)
        {
            string[] stems = ["Huaxin", "Zhongtian", "Jinlong", "Hengtai", "Guotai", "Xinhai", "Changjiang", "Tianhe", "Ruida", "Dongfang", "Weiye", "Hongyuan"];
            string[] trades = ["Engineering", "Steel", "Power", "Railway Group", "Construction", "Machinery", "Energy", "Industrial Investment", "Metals", "Building Materials"];
            var name = $"{stems[index % stems.Length]} {trades[index / stems.Length % trades.Length]}";
            return country == "CHN" ? $"{name} Co., Ltd. ({index + 1})" : $"{name} {Countries[country].NameEn} ({index + 1})";
        }

        public string ProjectName(int index, string sector, string country) =>
            $"{country} {Sectors[sector].ToLowerInvariant()} project {index + 1}";

        // FNV-1a with a final mix: a fixed pseudo-random order that does not follow the alphabet.
        private static uint StableHash(string text)
        {
            var hash = 2166136261u;
            foreach (var c in text)
            {
                hash = unchecked((hash ^ c) * 16777619u);
            }

            hash ^= hash >> 15;
            hash = unchecked(hash * 0x2c1b3c6du);
            return hash ^ (hash >> 12);
        }
    }
}
