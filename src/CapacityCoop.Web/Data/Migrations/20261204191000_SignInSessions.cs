using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration(Id)]
public sealed class SignInSessions : Migration
{
    public const string Id = "20261204191000_SignInSessions";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScript.Read(Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("DROP TABLE IF EXISTS sign_in_sessions;");
}
