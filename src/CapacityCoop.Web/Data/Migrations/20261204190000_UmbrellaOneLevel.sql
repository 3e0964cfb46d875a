-- Umbrellas are one level deep (ADR-002): an agreement under an umbrella has none under it, and its umbrella is under
-- none. AgreementEditor checks this before saving, but by reading first: two concurrent edits could each pass (A under
-- B, and B under A) and both agreements would then drop out of every total. This trigger checks again in the
-- database, whoever writes (API, forms, import, psql), under a transaction-scoped advisory lock: writers of umbrella
-- links take turns, and the second one's check (a new snapshot per statement under READ COMMITTED) sees what the first
-- committed (ADR-012).
CREATE FUNCTION check_umbrella_one_level() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_id bigint;
BEGIN
    IF NEW.parent_agreement_id IS NULL THEN
        RETURN NULL;
    END IF;

    -- Any fixed key; held until the transaction ends, so the link is checked against every committed one.
    PERFORM pg_advisory_xact_lock(7233734567181054307);
    SELECT a.parent_agreement_id INTO parent_id FROM agreements a WHERE a.id = NEW.id;
    IF parent_id IS NULL THEN
        RETURN NULL;
    END IF;

    IF EXISTS (SELECT 1 FROM agreements a WHERE a.id = parent_id AND a.parent_agreement_id IS NOT NULL) THEN
        RAISE EXCEPTION 'Agreement % is itself under an umbrella; umbrellas are one level deep.', parent_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_agreements_umbrella_one_level', TABLE = 'agreements',
                  COLUMN = 'parent_agreement_id';
    END IF;

    IF EXISTS (SELECT 1 FROM agreements a WHERE a.parent_agreement_id = NEW.id) THEN
        RAISE EXCEPTION 'Agreement % is an umbrella for others, so it cannot be placed under another one.', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_agreements_umbrella_one_level', TABLE = 'agreements',
                  COLUMN = 'parent_agreement_id';
    END IF;

    RETURN NULL;
END
$$;

-- A constraint trigger, not deferred: the error comes from the statement that made the link (EF's SaveChanges), where
-- the writer turns it into a field error.
CREATE CONSTRAINT TRIGGER trg_agreements_umbrella_one_level
    AFTER INSERT OR UPDATE OF parent_agreement_id ON agreements
    FOR EACH ROW EXECUTE FUNCTION check_umbrella_one_level();
