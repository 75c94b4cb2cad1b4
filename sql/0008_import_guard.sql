-- 0008 import guard: how much of a school one import may mark inactive without being told to.
-- A broken export (a stray quote, a truncated file) once deactivated a whole school.

INSERT INTO setting (name, value) VALUES ('import.max_deactivation', '10');

CREATE OR REPLACE FUNCTION check_import_setting() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.name = 'import.date_order' AND NEW.value NOT IN ('dmy', 'mdy') THEN
        RAISE EXCEPTION 'setting import.date_order: "%" is neither dmy nor mdy', NEW.value
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.name = 'import.max_deactivation' AND (NEW.value !~ '^[0-9]{1,3}$' OR NEW.value::integer > 100) THEN
        RAISE EXCEPTION 'setting import.max_deactivation: "%" is not a percentage from 0 to 100', NEW.value
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

-- Column mappings saved under a name: an export whose headers no list knows is mapped once
-- (in the wizard, or with --map) and imported with --mapping NAME afterwards.
CREATE TABLE import_mapping (
    name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 80),
    kind person_kind NOT NULL,
    -- [[header as written, field name], …]
    columns jsonb NOT NULL CHECK (jsonb_typeof(columns) = 'array' AND length(columns::text) <= 20000),
    made_by text NOT NULL DEFAULT session_user,
    made_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON import_mapping
    FOR EACH ROW EXECUTE FUNCTION stamp_maker();
SELECT track_history('import_mapping', 'name');
ALTER TABLE import_mapping ENABLE ROW LEVEL SECURITY;
CREATE POLICY import_mapping_managers ON import_mapping FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());
SELECT grant_to_members('SELECT, INSERT, UPDATE, DELETE', 'import_mapping');
