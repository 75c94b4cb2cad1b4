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
