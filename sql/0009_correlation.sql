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

-- Local accounts (seed 004 section 5.3): exam and generic accounts that no official list has,
-- declared by a complementary file. The correlation matches them by themselves and never offers
-- them for archiving.
CREATE TABLE local_account (
    login text PRIMARY KEY CHECK (length(login) BETWEEN 1 AND 256),
    last_name text NOT NULL DEFAULT '' CHECK (length(last_name) <= 200),
    first_name text NOT NULL DEFAULT '' CHECK (length(first_name) <= 200),
    category text NOT NULL CHECK (category IN ('E', 'P', 'Z')),
    comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 500),
    made_by text NOT NULL DEFAULT session_user,
    made_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON local_account
    FOR EACH ROW EXECUTE FUNCTION stamp_maker();
SELECT track_history('local_account', 'login');
SELECT notify_on_change('local_account');
ALTER TABLE local_account ENABLE ROW LEVEL SECURITY;
CREATE POLICY local_account_managers ON local_account FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());
SELECT grant_to_members('SELECT, INSERT, UPDATE, DELETE', 'local_account');
