using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Tests.Data;

/// <summary>The database itself refuses data that breaks the domain's rules, whatever code writes it.</summary>
public sealed class ConstraintTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData("'treaty'", "'signed'", "", "", "ck_agreements_kind")]
    [InlineData("'mou'", "'maybe'", "", "", "ck_agreements_status")]
    [InlineData("'mou'", "'signed'", ", value_amount", ", 100", "ck_agreements_value")]
    [InlineData("'mou'", "'signed'", ", value_amount, value_currency", ", -5, 'USD'", "ck_agreements_value")]
    [InlineData("'mou'", "'signed'", ", value_amount, value_currency", ", 5, 'usd'", "ck_agreements_value")]
    [InlineData("'mou'", "'signed'", ", signed_on, signed_on_precision", ", '2015-05-19', 'month'", "ck_agreements_signed_on_precision")]
    [InlineData("'mou'", "'signed'", ", signed_on, signed_on_precision", ", '2015-05-01', 'week'", "ck_agreements_signed_on_precision")]
    [InlineData("'mou'", "'signed'", ", signed_on", ", '2015-05-01'", "ck_agreements_signed_on_precision")]
    public async Task Agreements_refuse_values_outside_the_rules(string kind, string status, string columns, string values, string constraint)
    {
        var error = await Should.ThrowAsync<PostgresException>(() => InsertAgreementAsync(kind, status, columns, values));

        error.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
        error.ConstraintName.ShouldBe(constraint);
    }

    [Fact]
    public async Task A_valid_agreement_with_a_partial_date_and_money_is_accepted()
    {
        var rows = await InsertAgreementAsync(
            "'mou'", "'signed'", ", signed_on, signed_on_precision, value_amount, value_currency, value_usd", ", '2015-05-01', 'month', 100, 'CNY', 14");

        rows.ShouldBe(1);
    }

    private Task<int> InsertAgreementAsync(string kind, string status, string columns, string values) => database.ExecuteSqlAsync(
        $"INSERT INTO agreements (slug, title, kind, status{columns}) VALUES ('ck-' || gen_random_uuid(), 'Test', {kind}, {status}{values})");

    [Fact]
    public async Task A_party_is_exactly_one_of_country_bloc_or_organisation()
    {
        var error = await Should.ThrowAsync<PostgresException>(() => database.ExecuteSqlAsync(
            "INSERT INTO agreement_parties (agreement_id, country_iso3, bloc_code, position) SELECT id, 'CHN', 'AU', 99 FROM agreements LIMIT 1"));

        error.ConstraintName.ShouldBe("ck_agreement_parties_exactly_one");
    }

    [Fact]
    public async Task A_party_must_be_a_known_country()
    {
        var error = await Should.ThrowAsync<PostgresException>(() => database.ExecuteSqlAsync(
            "INSERT INTO agreement_parties (agreement_id, country_iso3, position) SELECT id, 'XXX', 99 FROM agreements LIMIT 1"));

        error.SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
    }

    [Theory]
    [InlineData("latitude, longitude", "91, 10", "ck_projects_location")]
    [InlineData("latitude", "10", "ck_projects_location")]
    [InlineData("capacity_value", "3.5", "ck_projects_capacity")]
    [InlineData("jobs_created", "-1", "ck_projects_jobs")]
    public async Task Projects_refuse_values_outside_the_rules(string columns, string values, string constraint)
    {
        var error = await Should.ThrowAsync<PostgresException>(() => database.ExecuteSqlAsync(
            $"INSERT INTO projects (slug, name, host_country_iso3, status, {columns}) VALUES ('ck-project', 'Test', 'MYS', 'planned', {values})"));

        error.ConstraintName.ShouldBe(constraint);
    }

    [Fact]
    public async Task An_umbrella_with_agreements_under_it_cannot_be_deleted()
    {
        var error = await Should.ThrowAsync<PostgresException>(() => database.ExecuteSqlAsync(
            "DELETE FROM agreements WHERE slug = 'chn-kaz-capacity-framework-2014'"));

        error.SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
    }

    [Fact]
    public async Task Full_text_search_uses_the_generated_vector()
    {
        var matches = await database.QueryAsync(db => db.Database.SqlQueryRaw<string>(
                "SELECT slug AS \"Value\" FROM agreements WHERE search_vector @@ websearch_to_tsquery('english', 'railway feasibility')")
            .ToListAsync());

        matches.ShouldContain("chn-per-two-ocean-railway-study-2015-05");
    }
}
