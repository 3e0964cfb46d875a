-- A version counter raised by every statement that changes a record table (whoever runs it: the app, an import,
-- psql, COPY). Cached query results are keyed by it (see Features/Api/ResultCache.cs), so no cache outlives a change.
CREATE TABLE data_versions (
    name character varying(40) NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_data_versions PRIMARY KEY (name)
);

INSERT INTO data_versions (name, version) VALUES ('records', 0);

CREATE FUNCTION bump_records_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'records';
    RETURN NULL;
END
$$;

DO $$
DECLARE
    record_table text;
BEGIN
    FOREACH record_table IN ARRAY ARRAY[
        'agreements', 'agreement_parties', 'agreement_sectors', 'agreement_sources',
        'projects', 'project_sectors', 'project_agreements', 'project_companies', 'project_sources',
        'organisations', 'sources', 'countries', 'sectors', 'blocs', 'bloc_memberships']
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_records_version()',
            'trg_' || record_table || '_version', record_table);
    END LOOP;
END
$$;
