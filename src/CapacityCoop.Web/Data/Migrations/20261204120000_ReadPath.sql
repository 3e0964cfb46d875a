-- The read path under writes (ADR-010).
--
-- 1. cache_versions: a version per tag instead of one version for everything. A change to agreements raises
--    'agreements' and 'agreements:<ISO3>' for each country that was or is a party of a changed agreement; projects
--    likewise by host country; organisations, sources and the reference tables their own tag. Every raise sends
--    NOTIFY capacitycoop_versions (delivered at commit), so app instances learn of it without polling per request.
--
-- 2. record_facets: counts and US-dollar sums of live records per pair of (dimension, value), kept current in the
--    transaction that changes the records. For agreements the dimensions are country (every party country, China
--    included), region (of the non-Chinese parties), sector, kind, status, year (signed) and band (USD value band);
--    for projects country (host), sector, status and year (construction start). The pair (filter, facet) holds how
--    many live records have both; the filter '' (no filter) holds plain per-value counts. So a facet under one
--    filter value, a count under two, and every country, sector and home total are one indexed range read.
--    counted_* follow the umbrella rule (ADR-002) for agreements; for projects every live project counts.
--
-- How it is kept current: statement-level triggers (with transition tables, so COPY and bulk statements cost one
-- call) queue the ids of changed records in pending_changes; a deferred constraint trigger applies the queue once per
-- transaction at commit: it subtracts what a record contributed before (record_facet_keys holds it), adds what it
-- contributes now, then raises the cache tags. Commit-time processing takes one advisory lock, so concurrent writers
-- apply their deltas one after another and always against the latest committed state (each statement in READ
-- COMMITTED gets a fresh snapshot). Writers in REPEATABLE READ or SERIALIZABLE would apply against their own
-- snapshot: the app never writes records in those levels.

-- The single data version (20261123140000_DataVersions) is replaced by the tags below.
DO $$
DECLARE
    record_table text;
BEGIN
    FOREACH record_table IN ARRAY ARRAY[
        'agreements', 'agreement_parties', 'agreement_sectors', 'agreement_sources',
        'projects', 'project_sectors', 'project_agreements', 'project_companies', 'project_sources',
        'organisations', 'sources', 'countries', 'sectors', 'blocs', 'bloc_memberships']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', 'trg_' || record_table || '_version', record_table);
    END LOOP;
END
$$;
DROP FUNCTION bump_records_version();
DROP TABLE data_versions;

CREATE TABLE cache_versions (
    tag character varying(80) NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_cache_versions PRIMARY KEY (tag)
);

CREATE TABLE record_facets (
    record_type character varying(20) NOT NULL,
    filter_dimension character varying(20) NOT NULL,
    filter_value character varying(60) NOT NULL,
    dimension character varying(20) NOT NULL,
    value character varying(60) NOT NULL,
    records integer NOT NULL,
    counted_records integer NOT NULL,
    counted_value_usd numeric(24,2) NOT NULL,
    CONSTRAINT pk_record_facets PRIMARY KEY (record_type, filter_dimension, filter_value, dimension, value)
);

CREATE TABLE record_facet_keys (
    record_type character varying(20) NOT NULL,
    record_id bigint NOT NULL,
    keys text[] NOT NULL,
    counted boolean NOT NULL,
    value_usd numeric(20,2),
    CONSTRAINT pk_record_facet_keys PRIMARY KEY (record_type, record_id)
);

CREATE INDEX ix_record_facet_keys_keys ON record_facet_keys USING gin (keys);

CREATE TABLE pending_changes (
    id bigint GENERATED ALWAYS AS IDENTITY,
    record_type character varying(20) NOT NULL,
    record_id bigint NOT NULL,
    CONSTRAINT pk_pending_changes PRIMARY KEY (id)
);

CREATE TABLE pending_change_commits (
    transaction_id bigint NOT NULL,
    CONSTRAINT pk_pending_change_commits PRIMARY KEY (transaction_id)
);

CREATE INDEX ix_record_facets_record_type ON record_facets (record_type) WHERE records = 0 AND counted_records = 0 AND counted_value_usd = 0;

-- Lists in their default order (newest first, undated last; Data/ListOrder.cs): PostgreSQL walks these indexes and
-- stops after one page instead of sorting every match.
ALTER TABLE agreements ADD signed_on_sort_key date GENERATED ALWAYS AS (COALESCE(signed_on, '-infinity'::date)) STORED NOT NULL;
ALTER TABLE projects ADD construction_start_on_sort_key date GENERATED ALWAYS AS (COALESCE(construction_start_on, '-infinity'::date)) STORED NOT NULL;
CREATE INDEX ix_agreements_signed_on_sort_key_id ON agreements (signed_on_sort_key DESC, id) WHERE archived_at IS NULL;
CREATE INDEX ix_projects_construction_start_on_sort_key_id ON projects (construction_start_on_sort_key DESC, id) WHERE archived_at IS NULL;
CREATE INDEX ix_projects_host_country_iso3_name_id ON projects (host_country_iso3, name, id) WHERE archived_at IS NULL;

CREATE FUNCTION raise_cache_versions(tags text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    distinct_tags text[] := ARRAY(SELECT DISTINCT t FROM unnest(tags) t WHERE t IS NOT NULL ORDER BY t);
    payload text;
BEGIN
    IF cardinality(distinct_tags) = 0 THEN
        RETURN;
    END IF;

    -- In tag order, so two writers never wait for each other's rows in opposite orders.
    INSERT INTO cache_versions AS v (tag, version)
    SELECT t, 1 FROM unnest(distinct_tags) t ORDER BY t
    ON CONFLICT (tag) DO UPDATE SET version = v.version + 1;

    -- A NOTIFY payload is limited to 8000 bytes; '*' tells listeners to re-read every version.
    payload := array_to_string(distinct_tags, ',');
    PERFORM pg_notify('capacitycoop_versions', CASE WHEN length(payload) > 7000 THEN '*' ELSE payload END);
END
$$;

-- Tables without facets queue their family's tag (the trigger's argument), raised at commit like the others: once
-- per transaction however many statements it runs (raising it per statement would update one row thousands of times
-- in a bulk write, each update slower than the last).
CREATE FUNCTION queue_family_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pending_changes (record_type, record_id) VALUES (TG_ARGV[0], 0);
    INSERT INTO pending_change_commits (transaction_id) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

-- Queues the changed records' ids (column TG_ARGV[1] of the changed rows) of record type TG_ARGV[0].
CREATE FUNCTION queue_record_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format('INSERT INTO pending_changes (record_type, record_id) SELECT DISTINCT %L, %I FROM new_rows', TG_ARGV[0], TG_ARGV[1]);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('INSERT INTO pending_changes (record_type, record_id) SELECT DISTINCT %L, %I FROM old_rows', TG_ARGV[0], TG_ARGV[1]);
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO pending_changes (record_type, record_id) VALUES (TG_ARGV[0], -1);
    END IF;
    INSERT INTO pending_change_commits (transaction_id) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

-- A region change moves every agreement with a party of that country to another region.
CREATE FUNCTION queue_region_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.iso3 = o.iso3 WHERE n.region IS DISTINCT FROM o.region) THEN
        INSERT INTO pending_changes (record_type, record_id) VALUES ('agreement', -1);
        INSERT INTO pending_change_commits (transaction_id) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

-- What each live record contributes: its (dimension:value) keys, whether it counts toward totals, its USD value.
-- 'CHN' is the home country (AgreementQuery.HomeCountry); the bands are AgreementFacets' value bands.
CREATE FUNCTION record_facet_contributions(record_kind text, ids bigint[])
RETURNS TABLE (record_id bigint, keys text[], counted boolean, value_usd numeric) LANGUAGE sql STABLE AS $$
    SELECT a.id,
           ARRAY(SELECT DISTINCT 'country:' || p.country_iso3 FROM agreement_parties p
                 WHERE p.agreement_id = a.id AND p.country_iso3 IS NOT NULL)
           || ARRAY(SELECT DISTINCT 'region:' || c.region FROM agreement_parties p JOIN countries c ON c.iso3 = p.country_iso3
                    WHERE p.agreement_id = a.id AND p.country_iso3 <> 'CHN')
           || ARRAY(SELECT 'sector:' || s.sector_code FROM agreement_sectors s WHERE s.agreement_id = a.id)
           || ARRAY['kind:' || a.kind, 'status:' || a.status]
           || CASE WHEN a.signed_on IS NULL THEN '{}'::text[] ELSE ARRAY['year:' || extract(year FROM a.signed_on)::int] END
           || CASE WHEN a.value_usd IS NULL THEN '{}'::text[]
                   ELSE ARRAY['band:' || CASE WHEN a.value_usd < 100000000 THEN 0 WHEN a.value_usd < 1000000000 THEN 1
                                               WHEN a.value_usd < 10000000000 THEN 2 ELSE 3 END] END,
           a.counts_toward_totals,
           a.value_usd
    FROM agreements a
    WHERE record_kind = 'agreement' AND a.id = ANY (ids) AND a.archived_at IS NULL
    UNION ALL
    SELECT p.id,
           ARRAY['country:' || p.host_country_iso3, 'status:' || p.status]
           || ARRAY(SELECT 'sector:' || s.sector_code FROM project_sectors s WHERE s.project_id = p.id)
           || CASE WHEN p.construction_start_on IS NULL THEN '{}'::text[]
                   ELSE ARRAY['year:' || extract(year FROM p.construction_start_on)::int] END,
           true,
           p.investment_usd
    FROM projects p
    WHERE record_kind = 'project' AND p.id = ANY (ids) AND p.archived_at IS NULL
$$;

-- Applies the records' changes to record_facets and returns the cache tags they touch.
CREATE FUNCTION apply_record_facets(record_kind text, ids bigint[]) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    family text := record_kind || 's';
    before_countries text[];
    after_countries text[];
BEGIN
    SELECT array_agg(DISTINCT k) INTO before_countries
    FROM record_facet_keys f, unnest(f.keys) k
    WHERE f.record_type = record_kind AND f.record_id = ANY (ids) AND k LIKE 'country:%';

    -- One statement: every CTE sees the state before it, so "old" is what was applied and "new" what applies now.
    WITH old AS (
        SELECT f.keys, f.counted, f.value_usd, -1 AS sign FROM record_facet_keys f
        WHERE f.record_type = record_kind AND f.record_id = ANY (ids)
    ), new AS (
        SELECT c.record_id, c.keys, c.counted, c.value_usd FROM record_facet_contributions(record_kind, ids) c
    ), gone AS (
        DELETE FROM record_facet_keys f
        WHERE f.record_type = record_kind AND f.record_id = ANY (ids) AND NOT EXISTS (SELECT 1 FROM new WHERE new.record_id = f.record_id)
    ), kept AS (
        INSERT INTO record_facet_keys AS f (record_type, record_id, keys, counted, value_usd)
        SELECT record_kind, new.record_id, new.keys, new.counted, new.value_usd FROM new
        ON CONFLICT (record_type, record_id) DO UPDATE SET keys = excluded.keys, counted = excluded.counted, value_usd = excluded.value_usd
    ), delta AS (
        SELECT keys, counted, value_usd, 1 AS sign FROM new
        UNION ALL
        SELECT keys, counted, value_usd, sign FROM old
    )
    INSERT INTO record_facets AS r (record_type, filter_dimension, filter_value, dimension, value, records, counted_records, counted_value_usd)
    SELECT record_kind, split_part(filter_key, ':', 1), split_part(filter_key, ':', 2), split_part(facet_key, ':', 1), split_part(facet_key, ':', 2),
           sum(sign), sum(sign * counted::int), sum(sign * CASE WHEN counted THEN coalesce(value_usd, 0) ELSE 0 END)
    FROM delta, unnest(keys || ':'::text) filter_key, unnest(keys) facet_key
    GROUP BY 2, 3, 4, 5
    HAVING sum(sign) <> 0 OR sum(sign * counted::int) <> 0 OR sum(sign * CASE WHEN counted THEN coalesce(value_usd, 0) ELSE 0 END) <> 0
    ORDER BY 2, 3, 4, 5
    ON CONFLICT (record_type, filter_dimension, filter_value, dimension, value) DO UPDATE
        SET records = r.records + excluded.records,
            counted_records = r.counted_records + excluded.counted_records,
            counted_value_usd = r.counted_value_usd + excluded.counted_value_usd;

    DELETE FROM record_facets r WHERE r.record_type = record_kind AND r.records = 0 AND r.counted_records = 0 AND r.counted_value_usd = 0;

    SELECT array_agg(DISTINCT k) INTO after_countries
    FROM record_facet_keys f, unnest(f.keys) k
    WHERE f.record_type = record_kind AND f.record_id = ANY (ids) AND k LIKE 'country:%';

    RETURN ARRAY[family]
        || ARRAY(SELECT family || ':' || substr(k, 9) FROM unnest(coalesce(before_countries, '{}') || coalesce(after_countries, '{}')) k);
END
$$;

-- Runs at commit, once per transaction that queued changes: applies the facets, then raises the tags.
CREATE FUNCTION apply_pending_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    record_kind text;
    ids bigint[];
    tags text[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('capacitycoop.record_facets'));
    DELETE FROM pending_change_commits WHERE transaction_id = NEW.transaction_id;
    FOR record_kind IN SELECT DISTINCT record_type FROM pending_changes ORDER BY 1 LOOP
        IF record_kind NOT IN ('agreement', 'project') THEN
            -- A family without facets (organisations, sources, reference): only its tag.
            tags := tags || record_kind;
            CONTINUE;
        END IF;
        IF EXISTS (SELECT 1 FROM pending_changes WHERE record_type = record_kind AND record_id = -1) THEN
            -- A TRUNCATE or a region change: every record of the kind, live or gone.
            ids := ARRAY(SELECT record_id FROM record_facet_keys WHERE record_type = record_kind
                         UNION SELECT id FROM agreements WHERE record_kind = 'agreement'
                         UNION SELECT id FROM projects WHERE record_kind = 'project');
        ELSE
            ids := ARRAY(SELECT DISTINCT record_id FROM pending_changes WHERE record_type = record_kind);
        END IF;
        tags := tags || apply_record_facets(record_kind, ids);
    END LOOP;
    DELETE FROM pending_changes;
    PERFORM raise_cache_versions(tags);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER trg_pending_change_commits_apply
    AFTER INSERT ON pending_change_commits DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION apply_pending_changes();

DO $$
DECLARE
    entry text[];
BEGIN
    FOREACH entry SLICE 1 IN ARRAY ARRAY[
        ['agreements', 'agreement', 'id'], ['agreement_parties', 'agreement', 'agreement_id'],
        ['agreement_sectors', 'agreement', 'agreement_id'], ['agreement_sources', 'agreement', 'agreement_id'],
        ['projects', 'project', 'id'], ['project_sectors', 'project', 'project_id'],
        ['project_agreements', 'project', 'project_id'], ['project_companies', 'project', 'project_id'],
        ['project_sources', 'project', 'project_id']]
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_record_changes(%L, %L)',
            'trg_' || entry[1] || '_queue_insert', entry[1], entry[2], entry[3]);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_record_changes(%L, %L)',
            'trg_' || entry[1] || '_queue_update', entry[1], entry[2], entry[3]);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_record_changes(%L, %L)',
            'trg_' || entry[1] || '_queue_delete', entry[1], entry[2], entry[3]);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION queue_record_changes(%L, %L)',
            'trg_' || entry[1] || '_queue_truncate', entry[1], entry[2], entry[3]);
    END LOOP;

    FOREACH entry SLICE 1 IN ARRAY ARRAY[
        ['organisations', 'organisations'], ['sources', 'sources'], ['countries', 'reference'], ['sectors', 'reference'],
        ['blocs', 'reference'], ['bloc_memberships', 'reference']]
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION queue_family_change(%L)',
            'trg_' || entry[1] || '_version', entry[1], entry[2]);
    END LOOP;
END
$$;

CREATE TRIGGER trg_countries_queue_regions AFTER UPDATE ON countries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION queue_region_changes();

-- Facets for the records already stored.
SELECT cardinality(apply_record_facets('agreement', ARRAY(SELECT id FROM agreements)));
SELECT cardinality(apply_record_facets('project', ARRAY(SELECT id FROM projects)));
