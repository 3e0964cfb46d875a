using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration(Id)]
public sealed class UmbrellaOneLevel : Migration
{
    public const string Id = "20261204190000_UmbrellaOneLevel";

    /// <summary>The name the trigger's errors carry, so a writer can tell them from other check violations.</summary>
    public const string ConstraintName = "ck_agreements_umbrella_one_level";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScript.Read(Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TRIGGER IF EXISTS trg_agreements_umbrella_one_level ON agreements;
        DROP FUNCTION IF EXISTS check_umbrella_one_level();
        """);
}
