using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration(Id)]
public sealed class ApiKeys : Migration
{
    public const string Id = "20261123130000_ApiKeys";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScript.Read(Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("DROP TABLE IF EXISTS api_keys;");
}
