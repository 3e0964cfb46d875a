-- Full-text searches counted from record_facet_keys alone (ADR-010, "Full text").
--
-- A full-text search's facets were counted by joining the matching records' ids to their keys: for /projects?q=steel
-- (20,500 matches spread over nearly every page of projects) a bitmap scan of projects and then 20,500 index probes
-- into record_facet_keys, about 92,000 buffer reads per view. With each record's search vector beside its keys, the
-- facets and the count are one bitmap scan of record_facet_keys (about 6,700 pages).
--
-- The keys' GIN index is split by record type: the scans always name one type, and with one index over both the
-- planner ANDed it with a scan of the primary key for every row of that type (100,000 entries for agreements).

ALTER TABLE record_facet_keys ADD search_vector tsvector;

UPDATE record_facet_keys f SET search_vector = a.search_vector FROM agreements a WHERE f.record_type = 'agreement' AND a.id = f.record_id;
UPDATE record_facet_keys f SET search_vector = p.search_vector FROM projects p WHERE f.record_type = 'project' AND p.id = f.record_id;

DROP INDEX ix_record_facet_keys_keys;
CREATE INDEX ix_record_facet_keys_agreement_keys ON record_facet_keys USING gin (keys) WHERE record_type = 'agreement';
CREATE INDEX ix_record_facet_keys_project_keys ON record_facet_keys USING gin (keys) WHERE record_type = 'project';
CREATE INDEX ix_record_facet_keys_agreement_search_vector ON record_facet_keys USING gin (search_vector) WHERE record_type = 'agreement';
CREATE INDEX ix_record_facet_keys_project_search_vector ON record_facet_keys USING gin (search_vector) WHERE record_type = 'project';

-- Its result type changes, so it is dropped and created again; apply_record_facets calls it by name at run time.
DROP FUNCTION record_facet_contributions(text, bigint[]);

CREATE FUNCTION record_facet_contributions(record_kind text, ids bigint[])
RETURNS TABLE (record_id bigint, keys text[], counted boolean, value_usd numeric, search_vector tsvector) LANGUAGE sql STABLE AS $$
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
           a.value_usd,
           a.search_vector
    FROM agreements a
    WHERE record_kind = 'agreement' AND a.id = ANY (ids) AND a.archived_at IS NULL
    UNION ALL
    SELECT p.id,
           ARRAY['country:' || p.host_country_iso3, 'status:' || p.status]
           || ARRAY(SELECT 'sector:' || s.sector_code FROM project_sectors s WHERE s.project_id = p.id)
           || CASE WHEN p.construction_start_on IS NULL THEN '{}'::text[]
                   ELSE ARRAY['year:' || extract(year FROM p.construction_start_on)::int] END,
           true,
           p.investment_usd,
           p.search_vector
    FROM projects p
    WHERE record_kind = 'project' AND p.id = ANY (ids) AND p.archived_at IS NULL
$$;

CREATE OR REPLACE FUNCTION apply_record_facets(record_kind text, ids bigint[]) RETURNS text[] LANGUAGE plpgsql AS $$
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
        SELECT c.record_id, c.keys, c.counted, c.value_usd, c.search_vector FROM record_facet_contributions(record_kind, ids) c
    ), gone AS (
        DELETE FROM record_facet_keys f
        WHERE f.record_type = record_kind AND f.record_id = ANY (ids) AND NOT EXISTS (SELECT 1 FROM new WHERE new.record_id = f.record_id)
    ), kept AS (
        INSERT INTO record_facet_keys AS f (record_type, record_id, keys, counted, value_usd, search_vector)
        SELECT record_kind, new.record_id, new.keys, new.counted, new.value_usd, new.search_vector FROM new
        ON CONFLICT (record_type, record_id) DO UPDATE
            SET keys = excluded.keys, counted = excluded.counted, value_usd = excluded.value_usd, search_vector = excluded.search_vector
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

ANALYZE record_facet_keys;
