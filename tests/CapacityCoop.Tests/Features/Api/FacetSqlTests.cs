using System.Data.Common;
using CapacityCoop.Tests.Features.Agreements;
using CapacityCoop.Tests.Features.Projects;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>
/// Pins the shape of the SQL behind the searches that were slow on a first view (ADR-010): what each query reads is
/// what makes it fast at 300,000 records, and a refactoring that changes it would pass every count test.
/// </summary>
public sealed class FacetSqlTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_full_text_search_counts_its_facets_and_total_from_the_keys_table_without_reading_the_records()
    {
        var filter = await ProjectFilters.ParseAsync(database, "q=steel");

        var sql = await RecordAsync(async db =>
        {
            await new ProjectQuery(db).FacetsAsync(filter);
            await new ProjectQuery(db).CountAsync(filter);
        });

        sql.Count.ShouldBe(2, string.Join("\n\n", sql));
        sql.ShouldAllBe(s => s.Contains("FROM record_facet_keys") && s.Contains("search_vector @@ websearch_to_tsquery"));
        sql.ShouldAllBe(s => s.Contains("record_type = 'project'"), "a constant, so the per-type partial GIN indexes apply");
        sql.ShouldAllBe(s => !s.Contains("FROM projects"));
    }

    [Fact]
    public async Task A_date_range_off_the_years_reads_whole_years_from_the_facet_table_and_scans_only_the_part_year()
    {
        var filter = await AgreementFilters.ParseAsync(database, "signedFrom=2015-03-01");

        var sql = await RecordAsync(async db =>
        {
            await new AgreementQuery(db).FacetsAsync(filter);
            await new AgreementQuery(db).CountAsync(filter);
        });

        var scans = sql.Where(s => s.Contains("FROM agreements")).ToList();
        scans.ShouldNotBeEmpty();
        scans.ShouldAllBe(s => s.Contains("a.signed_on <= @to"), "every read of the records is bounded to the part year 2015-03-01 to 2015-12-31");
        scans.Where(s => s.Contains("FROM record_facet_keys")).ShouldAllBe(s => s.Contains("r.keys && @wanted"), "the part year's key (year:2015) narrows the scan");
        sql.Count(s => s.Contains("FROM record_facets")).ShouldBeGreaterThan(0, "the whole years 2016 on come from the facet table");
    }

    private async Task<List<string>> RecordAsync(Func<PortalDbContext, Task> queries)
    {
        var recorder = new SqlRecorder();
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigurePortalDb(options, NpgsqlDataSource.Create(database.ConnectionString));
        options.AddInterceptors(recorder);
        await using var db = new PortalDbContext(options.Options);
        await queries(db);
        return recorder.Commands;
    }

    private sealed class SqlRecorder : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
