-- 0002 people: the official sources (students and staff from the school information
-- system's CSV exports, seed 000) and the record of every import.
-- Keyed by (kind, school, number): a staff number and a student number may coincide in one
-- school, and an import of one kind must never overwrite a person of the other.

CREATE TYPE person_kind AS ENUM ('student', 'staff');

CREATE TABLE import_run (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind person_kind NOT NULL,
    file_name text NOT NULL,
    checksum text NOT NULL,
    run_by text NOT NULL DEFAULT session_user,
    run_at timestamptz NOT NULL DEFAULT now(),
    school_year text NOT NULL,
    rows integer NOT NULL DEFAULT 0 CHECK (rows >= 0),
    added integer NOT NULL DEFAULT 0 CHECK (added >= 0),
    updated integer NOT NULL DEFAULT 0 CHECK (updated >= 0),
    unchanged integer NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
    rejected integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    deactivated integer NOT NULL DEFAULT 0 CHECK (deactivated >= 0),
    report jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX import_run_recent ON import_run (run_at DESC);

CREATE TABLE person (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind person_kind NOT NULL,
    school text NOT NULL CHECK (length(school) BETWEEN 1 AND 10),
    number text NOT NULL CHECK (length(number) BETWEEN 1 AND 10 AND (kind = 'student' OR length(number) <= 8)),
    first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 25 AND (kind = 'staff' OR length(first_name) <= 20)),
    last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 25 AND (kind = 'staff' OR length(last_name) <= 20)),
    sex text CHECK (sex IN ('F', 'M', 'X')),
    birth_date date,
    grade text CHECK (length(grade) <= 2),
    home_group text CHECK (length(home_group) <= 20),
    father_email text CHECK (length(father_email) <= 95 AND father_email LIKE '%_@_%'),
    mother_email text CHECK (length(mother_email) <= 95 AND mother_email LIKE '%_@_%'),
    student_email text CHECK (length(student_email) <= 95 AND student_email LIKE '%_@_%'),
    tutor_email text CHECK (length(tutor_email) <= 95 AND tutor_email LIKE '%_@_%'),
    email text CHECK (length(email) <= 60 AND email LIKE '%_@_%'),
    title text CHECK (length(title) <= 25),
    classification text CHECK (length(classification) <= 10),
    classes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(classes) <= 10),
    clubs text[] NOT NULL DEFAULT '{}' CHECK (cardinality(clubs) <= 5),
    placement boolean,
    school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
    active boolean NOT NULL DEFAULT true,
    last_run bigint REFERENCES import_run (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT person_key UNIQUE (kind, school, number),
    CONSTRAINT staff_have_email_and_title CHECK (kind = 'student' OR (email IS NOT NULL AND title IS NOT NULL)),
    CONSTRAINT students_have_grade_and_sex CHECK (kind = 'staff' OR (grade IS NOT NULL AND sex IS NOT NULL))
);

-- History for tables written in bulk: statement-level triggers read the transition tables,
-- so an import of 100,000 people writes its history in one INSERT, not 100,000 calls.
-- Arguments: the column that joins old and new rows (a key that never changes), then the
-- columns that make the readable row key.
CREATE FUNCTION record_history_bulk() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    join_column text := TG_ARGV[0];
    key_of text;
BEGIN
    SELECT 'concat_ws(''/'', ' || string_agg(format('r.%I', TG_ARGV[i]), ', ') || ')'
      INTO key_of
      FROM generate_series(1, TG_NARGS - 1) AS i;
    IF TG_OP = 'INSERT' THEN
        EXECUTE format(
            'INSERT INTO public.change_history (table_name, row_key, action, after)
             SELECT %L, %s, ''insert'', to_jsonb(r) FROM new_rows r', TG_TABLE_NAME, key_of);
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE format(
            'INSERT INTO public.change_history (table_name, row_key, action, before, after)
             SELECT %L, %s, ''update'', to_jsonb(o), to_jsonb(r)
               FROM old_rows o JOIN new_rows r ON r.%I = o.%I
              WHERE to_jsonb(o) IS DISTINCT FROM to_jsonb(r)', TG_TABLE_NAME, key_of, join_column, join_column);
    ELSE
        EXECUTE format(
            'INSERT INTO public.change_history (table_name, row_key, action, before)
             SELECT %L, %s, ''delete'', to_jsonb(r) FROM old_rows r', TG_TABLE_NAME, key_of);
    END IF;
    RETURN NULL;
END $$;

-- For later migrations: SELECT track_history_bulk('person', 'id', 'kind', 'school', 'number');
CREATE FUNCTION track_history_bulk(tbl regclass, join_column text, VARIADIC key_columns text[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE
    args text := (SELECT string_agg(quote_literal(c), ', ') FROM unnest(join_column || key_columns) AS c);
BEGIN
    EXECUTE format('CREATE TRIGGER history_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION public.record_history_bulk(%s)', tbl, args);
    EXECUTE format('CREATE TRIGGER history_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION public.record_history_bulk(%s)', tbl, args);
    EXECUTE format('CREATE TRIGGER history_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION public.record_history_bulk(%s)', tbl, args);
END $$;
REVOKE EXECUTE ON FUNCTION track_history_bulk(regclass, text, text[]) FROM PUBLIC;

SELECT track_history_bulk('person', 'id', 'kind', 'school', 'number');

-- People's data (birth dates, parents' emails) is for those who manage users.
CREATE FUNCTION manages_people() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT public.is_admin() OR coalesce(public.current_status() = 'user_manager', false) $$;

ALTER TABLE person ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_managers ON person FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());
ALTER TABLE import_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY import_run_managers ON import_run FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());

SELECT grant_to_members('SELECT, INSERT, UPDATE', 'person', 'import_run');
DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SEQUENCE person_id_seq, import_run_id_seq TO %I', public.group_role());
END $$;

-- The day/month order of slash dates when no value of a file's column decides it.
INSERT INTO setting (name, value) VALUES ('import.date_order', 'dmy');

CREATE FUNCTION check_import_setting() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.name = 'import.date_order' AND NEW.value NOT IN ('dmy', 'mdy') THEN
        RAISE EXCEPTION 'setting import.date_order: "%" is neither dmy nor mdy', NEW.value
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER setting_check_import BEFORE INSERT OR UPDATE ON setting FOR EACH ROW EXECUTE FUNCTION check_import_setting();
