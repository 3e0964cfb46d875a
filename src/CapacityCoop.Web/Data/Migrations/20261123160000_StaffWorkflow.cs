using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration(Id)]
public sealed class StaffWorkflow : Migration
{
    public const string Id = "20261123160000_StaffWorkflow";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScript.Read(Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS drafts;
        DROP TABLE IF EXISTS import_batches;
        ALTER TABLE audit_entries DROP COLUMN IF EXISTS note;
        ALTER TABLE audit_entries DROP COLUMN IF EXISTS actor_id;
        ALTER TABLE asp_net_users DROP COLUMN IF EXISTS disabled_at;
        """);
}
