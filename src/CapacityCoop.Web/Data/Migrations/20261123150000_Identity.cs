using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration(Id)]
public sealed class Identity : Migration
{
    public const string Id = "20261123150000_Identity";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScript.Read(Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(
        """
        DROP TABLE IF EXISTS asp_net_user_tokens;
        DROP TABLE IF EXISTS asp_net_user_roles;
        DROP TABLE IF EXISTS asp_net_user_logins;
        DROP TABLE IF EXISTS asp_net_user_claims;
        DROP TABLE IF EXISTS asp_net_role_claims;
        DROP TABLE IF EXISTS asp_net_users;
        DROP TABLE IF EXISTS asp_net_roles;
        DROP TABLE IF EXISTS data_protection_keys;
        """);
}
