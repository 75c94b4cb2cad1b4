-- 0009 correlation: what every run of the cascade uses, and accounts already archived.

-- Compare official numbers without their leading zeros in every run (the cascade also runs
-- after each import, where no option can be given).
INSERT INTO setting (name, value) VALUES ('correlation.ignore_leading_zeros', 'false');

CREATE FUNCTION check_correlation_setting() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.name = 'correlation.ignore_leading_zeros' AND NEW.value NOT IN ('true', 'false') THEN
        RAISE EXCEPTION 'setting correlation.ignore_leading_zeros: "%" is neither true nor false', NEW.value
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER setting_check_correlation BEFORE INSERT OR UPDATE ON setting
    FOR EACH ROW EXECUTE FUNCTION check_correlation_setting();

-- An account under the archive OU was archived by an earlier apply: it is out of play (never
-- offered again, never moved again), like a machine.
ALTER TABLE directory_entry ADD COLUMN archived boolean NOT NULL DEFAULT false;
