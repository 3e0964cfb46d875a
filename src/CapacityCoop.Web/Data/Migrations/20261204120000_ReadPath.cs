using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CapacityCoop.Web.Data.Migrations;

[DbContext(typeof(PortalDbContext))]
[Migration(Id)]
public sealed class ReadPath : Migration
{
    public const string Id = "20261204120000_ReadPath";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScript.Read(Id));

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            DO $$
            DECLARE
                trigger_row record;
            BEGIN
                FOR trigger_row IN
                    SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    WHERE NOT t.tgisinternal AND (t.tgname LIKE 'trg\_%\_queue\_%' OR t.tgname LIKE 'trg\_%\_version'
                        OR t.tgname IN ('trg_pending_change_commits_apply', 'trg_countries_queue_regions'))
                LOOP
                    EXECUTE format('DROP TRIGGER %I ON %I', trigger_row.tgname, trigger_row.relname);
                END LOOP;
            END
            $$;
            DROP FUNCTION apply_pending_changes();
            DROP FUNCTION apply_record_facets(text, bigint[]);
            DROP FUNCTION record_facet_contributions(text, bigint[]);
            DROP FUNCTION queue_region_changes();
            DROP FUNCTION queue_record_changes();
            DROP FUNCTION queue_family_change();
            DROP FUNCTION raise_cache_versions(text[]);
            DROP TABLE pending_change_commits;
            DROP TABLE pending_changes;
            DROP TABLE record_facet_keys;
            DROP TABLE record_facets;
            DROP TABLE cache_versions;
            DROP INDEX ix_projects_host_country_iso3_name_id;
            ALTER TABLE projects DROP COLUMN construction_start_on_sort_key;
            ALTER TABLE agreements DROP COLUMN signed_on_sort_key;
            """);
        migrationBuilder.Sql(MigrationScript.Read(DataVersions.Id));
    }
}
