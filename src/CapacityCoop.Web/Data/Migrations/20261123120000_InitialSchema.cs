using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration(Id)]
public sealed class InitialSchema : Migration
{
    public const string Id = "20261123120000_InitialSchema";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScript.Read(Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS project_sources, project_sectors, project_companies, project_agreements, projects,
            agreement_sources, agreement_sectors, agreement_parties, agreements, audit_entries, sources,
            organisations, sectors, bloc_memberships, blocs, countries CASCADE;
        """);
}
