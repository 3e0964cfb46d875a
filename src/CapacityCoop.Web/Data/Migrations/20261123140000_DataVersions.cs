using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration(Id)]
public sealed class DataVersions : Migration
{
    public const string Id = "20261123140000_DataVersions";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScript.Read(Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DO $$
        DECLARE
            record_table text;
        BEGIN
            FOREACH record_table IN ARRAY ARRAY[
                'agreements', 'agreement_parties', 'agreement_sectors', 'agreement_sources',
                'projects', 'project_sectors', 'project_agreements', 'project_companies', 'project_sources',
                'organisations', 'sources', 'countries', 'sectors', 'blocs', 'bloc_memberships']
            LOOP
                EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', 'trg_' || record_table || '_version', record_table);
            END LOOP;
        END
        $$;
        DROP FUNCTION IF EXISTS bump_records_version();
        DROP TABLE IF EXISTS data_versions;
        """);
}
