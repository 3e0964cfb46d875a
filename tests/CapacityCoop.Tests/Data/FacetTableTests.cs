using CapacityCoop.Tests.Infrastructure;
using CapacityCoop.Web.Features.DemoData;
using Npgsql;

namespace CapacityCoop.Tests.Data;

/// <summary>
/// The facet table (record_facets, ADR-010) is kept current by triggers on every write. Whatever the writes — edits,
/// archives, restores, umbrella changes, parties and sectors added and removed, a country moved to another region,
/// bulk COPY loads and deletes, from several connections at once — it must equal the same figures counted from
/// scratch with plain SQL over the records.
/// </summary>
public sealed class FacetTableTests : IAsyncLifetime
{
    private readonly DatabaseFixture database = new();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new DemoDataGenerator(dataSource).GenerateAsync(new DemoDataOptions(400, 600, 11));
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task The_facet_table_equals_a_count_from_scratch_after_many_random_writes_from_concurrent_connections()
    {
        (await DifferencesAsync()).ShouldBeEmpty("right after a bulk load");

        var committed = 0;
        for (var round = 0; round < 3; round++)
        {
            // Four connections write at once; a transaction that deadlocks or conflicts is rolled back whole, as it
            // would be for any client, and the table must not keep any of it.
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => RandomWritesAsync(seed: (round * 10) + worker, transactions: 40)));
            committed += results.Sum();
            (await DifferencesAsync()).ShouldBeEmpty($"after round {round} of random writes");
        }

        committed.ShouldBeGreaterThan(300, "most random transactions should commit");

        // A bulk replacement (deletes, then COPY), as generate-demo and the CSV import's bulk writes do it.
        await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await new DemoDataGenerator(dataSource).GenerateAsync(new DemoDataOptions(300, 500, 12));
        }

        (await DifferencesAsync()).ShouldBeEmpty("after a bulk replacement");
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_the_facet_table_and_the_cache_versions_as_they_were()
    {
        var before = await SnapshotAsync("SELECT string_agg(concat_ws('|', record_type, filter_dimension, filter_value, dimension, value, records, counted_records, counted_value_usd), ';' ORDER BY 1) FROM record_facets");
        var versions = await SnapshotAsync("SELECT string_agg(tag || '=' || version, ';' ORDER BY tag) FROM cache_versions");

        await using (var connection = await OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, transaction, "UPDATE agreements SET archived_at = now() WHERE id IN (SELECT id FROM agreements ORDER BY id LIMIT 50)");
            await ExecuteAsync(connection, transaction, "DELETE FROM project_sectors WHERE project_id IN (SELECT id FROM projects ORDER BY id LIMIT 50)");
            await transaction.RollbackAsync();
        }

        (await SnapshotAsync("SELECT string_agg(concat_ws('|', record_type, filter_dimension, filter_value, dimension, value, records, counted_records, counted_value_usd), ';' ORDER BY 1) FROM record_facets")).ShouldBe(before);
        (await SnapshotAsync("SELECT string_agg(tag || '=' || version, ';' ORDER BY tag) FROM cache_versions")).ShouldBe(versions);
        (await SnapshotAsync("SELECT count(*)::text FROM pending_changes")).ShouldBe("0");
    }

    /// <summary>Runs random write transactions; returns how many committed.</summary>
    private async Task<int> RandomWritesAsync(int seed, int transactions)
    {
        var random = new Random(seed);
        await using var connection = await OpenAsync();
        var agreementIds = await ColumnAsync<long>(connection, "SELECT id FROM agreements ORDER BY id");
        var projectIds = await ColumnAsync<long>(connection, "SELECT id FROM projects ORDER BY id");
        string[] countries = ["KAZ", "BRA", "PAK", "ETH", "IDN", "EGY", "PER", "SRB"];
        string[] sectors = ["steel", "railways", "electric-power", "automobiles", "finance", "agriculture"];
        string[] agreementStatuses = ["negotiating", "signed", "in-force", "completed", "terminated"];
        string[] projectStatuses = ["planned", "feasibility", "under-construction", "operational", "suspended", "cancelled"];
        string[] kinds = ["mou", "framework", "cooperation", "contract", "loan", "joint-statement"];
        string[] regions = ["Asia", "Africa", "Europe", "Middle East"];
        string[] words = ["steel", "railway", "cement", "solar", "port"];
        var committed = 0;

        for (var t = 0; t < transactions; t++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            try
            {
                // One to three statements per transaction, so one commit applies several changes together.
                for (var s = random.Next(1, 4); s > 0; s--)
                {
                    var a = agreementIds[random.Next(agreementIds.Count)];
                    var other = agreementIds[random.Next(agreementIds.Count)];
                    var p = projectIds[random.Next(projectIds.Count)];
                    var sql = random.Next(18) switch
                    {
                        0 => $"UPDATE agreements SET kind = '{Pick(random, kinds)}', status = '{Pick(random, agreementStatuses)}' WHERE id = {a}",
                        1 => random.Next(5) == 0
                            ? $"UPDATE agreements SET signed_on = NULL, signed_on_precision = NULL WHERE id = {a}"
                            : $"UPDATE agreements SET signed_on = '{random.Next(1990, 2026)}-0{random.Next(1, 10)}-1{random.Next(0, 9)}', signed_on_precision = 'day' WHERE id = {a}",
                        2 => $"UPDATE agreements SET value_amount = {random.Next(1, 30_000)} * 1000000.0, value_currency = 'USD', value_usd = {random.Next(1, 30_000)} * 1000000.0 WHERE id = {a}",
                        3 => $"UPDATE agreements SET value_amount = NULL, value_currency = NULL, value_usd = NULL WHERE id = {a}",
                        4 => $"UPDATE agreements SET archived_at = CASE WHEN archived_at IS NULL THEN now() ELSE NULL END WHERE id = {a}",
                        5 => $"UPDATE agreements SET parent_agreement_id = {(random.Next(3) == 0 ? "NULL" : other.ToString(System.Globalization.CultureInfo.InvariantCulture))} WHERE id = {a} AND id <> {other} AND NOT EXISTS (SELECT 1 FROM agreements c WHERE c.parent_agreement_id = {a})",
                        6 => $"INSERT INTO agreement_parties (agreement_id, position, country_iso3) SELECT {a}, coalesce(max(position), 0) + 1, '{Pick(random, countries)}' FROM agreement_parties WHERE agreement_id = {a}",
                        7 => $"DELETE FROM agreement_parties WHERE id = (SELECT max(id) FROM agreement_parties WHERE agreement_id = {a}) AND (SELECT count(*) FROM agreement_parties WHERE agreement_id = {a}) > 2",
                        8 => $"UPDATE agreement_parties SET country_iso3 = '{Pick(random, countries)}' WHERE id = (SELECT max(id) FROM agreement_parties WHERE agreement_id = {a} AND country_iso3 IS NOT NULL AND country_iso3 <> 'CHN')",
                        9 => $"INSERT INTO agreement_sectors (agreement_id, sector_code) VALUES ({a}, '{Pick(random, sectors)}') ON CONFLICT DO NOTHING",
                        10 => $"DELETE FROM agreement_sectors WHERE agreement_id = {a} AND sector_code = (SELECT min(sector_code) FROM agreement_sectors WHERE agreement_id = {a})",
                        11 => $"UPDATE projects SET host_country_iso3 = '{Pick(random, countries)}', status = '{Pick(random, projectStatuses)}' WHERE id = {p}",
                        12 => random.Next(4) == 0
                            ? $"UPDATE projects SET construction_start_on = NULL, construction_start_on_precision = NULL, investment_usd = NULL WHERE id = {p}"
                            : $"UPDATE projects SET construction_start_on = '{random.Next(2000, 2026)}-05-01', construction_start_on_precision = 'day', investment_usd = {random.Next(1, 5000)} * 1000000.0 WHERE id = {p}",
                        13 => $"UPDATE projects SET archived_at = CASE WHEN archived_at IS NULL THEN now() ELSE NULL END WHERE id = {p}",
                        14 => random.Next(2) == 0
                            ? $"INSERT INTO project_sectors (project_id, sector_code) VALUES ({p}, '{Pick(random, sectors)}') ON CONFLICT DO NOTHING"
                            : $"DELETE FROM project_sectors WHERE project_id = {p} AND sector_code = (SELECT min(sector_code) FROM project_sectors WHERE project_id = {p})",
                        15 => $"UPDATE agreements SET title = '{Pick(random, words)} agreement {a}' WHERE id = {a}",
                        16 => $"UPDATE projects SET name = '{Pick(random, words)} project {p}', summary = '{Pick(random, words)}' WHERE id = {p}",
                        _ => $"UPDATE countries SET region = '{Pick(random, regions)}' WHERE iso3 = '{Pick(random, countries)}'",
                    };
                    await ExecuteAsync(connection, transaction, sql);
                }

                await transaction.CommitAsync();
                committed++;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                or PostgresErrorCodes.CheckViolation or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
            {
                // Refused by the database (a deadlock, or a random change the schema does not allow): the transaction
                // is rolled back when disposed, and nothing of it is kept.
            }
        }

        return committed;
    }

    /// <summary>Rows in which the facet table and a count from scratch disagree, and keys whose search vector is not the record's (empty when all agree).</summary>
    private async Task<List<string>> DifferencesAsync()
    {
        const string FromScratch =
            """
            WITH live AS (
                SELECT 'agreement'::text AS record_type, id, counts_toward_totals AS counted, value_usd FROM agreements WHERE archived_at IS NULL
                UNION ALL
                SELECT 'project', id, true, investment_usd FROM projects WHERE archived_at IS NULL
            ), keys AS (
                SELECT 'agreement' AS record_type, p.agreement_id AS id, 'country' AS dimension, p.country_iso3 AS value
                FROM agreement_parties p WHERE p.country_iso3 IS NOT NULL
                UNION
                SELECT 'agreement', p.agreement_id, 'region', c.region FROM agreement_parties p JOIN countries c ON c.iso3 = p.country_iso3 WHERE p.country_iso3 <> 'CHN'
                UNION
                SELECT 'agreement', agreement_id, 'sector', sector_code FROM agreement_sectors
                UNION
                SELECT 'agreement', id, 'kind', kind FROM agreements
                UNION
                SELECT 'agreement', id, 'status', status FROM agreements
                UNION
                SELECT 'agreement', id, 'year', extract(year FROM signed_on)::int::text FROM agreements WHERE signed_on IS NOT NULL
                UNION
                SELECT 'agreement', id, 'band', CASE WHEN value_usd < 100000000 THEN '0' WHEN value_usd < 1000000000 THEN '1' WHEN value_usd < 10000000000 THEN '2' ELSE '3' END
                FROM agreements WHERE value_usd IS NOT NULL
                UNION
                SELECT 'project', id, 'country', host_country_iso3 FROM projects
                UNION
                SELECT 'project', project_id, 'sector', sector_code FROM project_sectors
                UNION
                SELECT 'project', id, 'status', status FROM projects
                UNION
                SELECT 'project', id, 'year', extract(year FROM construction_start_on)::int::text FROM projects WHERE construction_start_on IS NOT NULL
            ), live_keys AS (
                SELECT k.* FROM keys k JOIN live l ON l.record_type = k.record_type AND l.id = k.id
            ), filters AS (
                SELECT record_type, id, dimension, value FROM live_keys
                UNION ALL
                SELECT record_type, id, '', '' FROM live
            )
            SELECT f.record_type, f.dimension AS filter_dimension, f.value AS filter_value, k.dimension, k.value,
                   count(*)::int AS records, (count(*) FILTER (WHERE l.counted))::int AS counted_records,
                   coalesce(sum(coalesce(l.value_usd, 0)) FILTER (WHERE l.counted), 0)::numeric(24,2) AS counted_value_usd
            FROM filters f
            JOIN live_keys k ON k.record_type = f.record_type AND k.id = f.id
            JOIN live l ON l.record_type = f.record_type AND l.id = f.id
            GROUP BY 1, 2, 3, 4, 5
            """;
        var sql = $"""
            WITH expected AS ({FromScratch}),
                 actual AS (SELECT record_type, filter_dimension, filter_value, dimension, value, records, counted_records, counted_value_usd FROM record_facets)
            SELECT 'missing ' || concat_ws(' ', e.*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) e
            UNION ALL
            SELECT 'extra ' || concat_ws(' ', a.*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) a
            UNION ALL
            SELECT 'stale search vector of ' || k.record_type || ' ' || k.record_id
            FROM record_facet_keys k
            LEFT JOIN agreements a ON k.record_type = 'agreement' AND a.id = k.record_id
            LEFT JOIN projects p ON k.record_type = 'project' AND p.id = k.record_id
            WHERE k.search_vector IS DISTINCT FROM coalesce(a.search_vector, p.search_vector)
            LIMIT 20
            """;
        await using var connection = await OpenAsync();
        return await ColumnAsync<string>(connection, sql);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<string?> SnapshotAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row the query returns.</summary>
    private static async Task<List<T>> ColumnAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
