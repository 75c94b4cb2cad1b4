-- 0001 core: what every feature stands on.
-- The group role of this database, users and their GRR status, settings, the change
-- history, and the NOTIFY helper. Row-level security here is the contract: a user in psql can
-- do nothing the TUI would refuse.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE setting (
    name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_.]*$'),
    value text NOT NULL
);
COMMENT ON TABLE setting IS 'Installation settings: timezone, site_name, group_role…';

-- Table privileges go to one group role per database, named after the database, so that no
-- right leaks between two Intendant databases of one cluster (roles are cluster-wide).
DO $$
DECLARE
    g text := left(current_database(), 52) || '_intendant';
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = g) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', g);
    END IF;
    INSERT INTO setting (name, value) VALUES ('group_role', g);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', g);
END $$;

CREATE FUNCTION group_role() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$ SELECT value FROM public.setting WHERE name = 'group_role' $$;

-- For later migrations: GRANT privileges ON tables TO this database's group role.
CREATE FUNCTION grant_to_members(privileges text, VARIADIC tables regclass[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE t regclass;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('GRANT %s ON %s TO %I', privileges, t, public.group_role());
    END LOOP;
END $$;
REVOKE EXECUTE ON FUNCTION grant_to_members(text, regclass[]) FROM PUBLIC;

INSERT INTO setting (name, value) VALUES
    ('timezone', 'Europe/Paris'),
    ('site_name', 'Intendant'),
    ('series.max_occurrences', '366');

CREATE FUNCTION check_setting() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.name = 'timezone' AND NOT EXISTS (SELECT FROM pg_timezone_names WHERE name = NEW.value) THEN
        RAISE EXCEPTION 'setting timezone: "%" is not a time zone name', NEW.value
            USING ERRCODE = 'check_violation', HINT = 'Use a name such as Europe/Paris or America/Montreal.';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.name = 'group_role' AND NEW.value IS DISTINCT FROM OLD.value THEN
        RAISE EXCEPTION 'setting group_role cannot be changed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER setting_check BEFORE INSERT OR UPDATE ON setting FOR EACH ROW EXECUTE FUNCTION check_setting();

-- Users: the login is the PostgreSQL role name, so session_user identifies the person.
CREATE TYPE user_status AS ENUM ('admin', 'user_manager', 'user', 'visitor');

CREATE TABLE app_user (
    login text PRIMARY KEY CHECK (length(login) BETWEEN 1 AND 63),
    display_name text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
    email text CHECK (email IS NULL OR email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    status user_status NOT NULL DEFAULT 'user',
    active boolean NOT NULL DEFAULT true,
    language text CHECK (language IN ('fr', 'en')),
    default_view text CHECK (default_view IN ('day', 'week', 'week_all', 'month', 'month_all')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Whoever runs the first migration installs Intendant: they are its first administrator.
INSERT INTO app_user (login, display_name, status) VALUES (session_user, session_user, 'admin');

CREATE FUNCTION current_status() RETURNS user_status
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT status FROM public.app_user WHERE login = session_user AND active $$;

CREATE FUNCTION is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT coalesce(public.current_status() = 'admin', false) OR current_setting('is_superuser') = 'on' $$;

-- What RLS cannot express per column: who may change which fields of a user.
CREATE FUNCTION guard_app_user() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE
    me user_status := public.current_status();
BEGIN
    IF public.is_admin() THEN
        RETURN NEW;
    END IF;
    IF me = 'user_manager' THEN
        IF NEW.status = 'admin' OR (TG_OP = 'UPDATE' AND OLD.status = 'admin') THEN
            RAISE EXCEPTION 'only an administrator may create or change an administrator'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.login = session_user
       AND (NEW.login, NEW.status, NEW.active, NEW.created_at) IS NOT DISTINCT FROM (OLD.login, OLD.status, OLD.active, OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'user %: you may only change your own name, email, language and default view', coalesce(NEW.login, OLD.login)
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER app_user_guard BEFORE INSERT OR UPDATE ON app_user FOR EACH ROW EXECUTE FUNCTION guard_app_user();

-- History: who changed what, when, before and after. Written by a trigger so that psql,
-- the CLI and the TUI are all recorded.
CREATE TABLE change_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name text NOT NULL,
    row_key text NOT NULL,
    action text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    changed_by text NOT NULL DEFAULT session_user,
    changed_at timestamptz NOT NULL DEFAULT now(),
    before jsonb,
    after jsonb
);
CREATE INDEX change_history_row ON change_history (table_name, row_key, id);

-- Trigger arguments name the key columns; several are joined with '/'.
CREATE FUNCTION record_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    parts text[] := '{}';
BEGIN
    IF TG_OP = 'UPDATE' AND old_row = new_row THEN
        RETURN NULL;
    END IF;
    FOR i IN 0 .. TG_NARGS - 1 LOOP
        parts := parts || (coalesce(new_row, old_row) ->> TG_ARGV[i]);
    END LOOP;
    INSERT INTO public.change_history (table_name, row_key, action, before, after)
    VALUES (TG_TABLE_NAME, array_to_string(parts, '/'), lower(TG_OP), old_row, new_row);
    RETURN NULL;
END $$;

-- For later migrations: SELECT track_history('booking', 'id');
CREATE FUNCTION track_history(tbl regclass, VARIADIC key_columns text[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    EXECUTE format(
        'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION public.record_history(%s)',
        'history', tbl,
        (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) AS c));
END $$;
REVOKE EXECUTE ON FUNCTION track_history(regclass, text[]) FROM PUBLIC;

-- Live refresh: every write says what changed on one channel; every open TUI listens.
CREATE FUNCTION notify_change(kind text, detail jsonb DEFAULT '{}') RETURNS void
LANGUAGE sql SET search_path = pg_catalog, public
AS $$ SELECT pg_notify('intendant', (jsonb_build_object('kind', kind, 'by', session_user::text) || detail)::text) $$;

CREATE FUNCTION notify_table_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM public.notify_change(TG_TABLE_NAME, jsonb_build_object('op', lower(TG_OP)));
    RETURN NULL;
END $$;

-- For later migrations: SELECT notify_on_change('booking');
CREATE FUNCTION notify_on_change(tbl regclass) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    EXECUTE format(
        'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH STATEMENT EXECUTE FUNCTION public.notify_table_change()',
        'notify', tbl);
END $$;
REVOKE EXECUTE ON FUNCTION notify_on_change(regclass) FROM PUBLIC;

SELECT track_history('app_user', 'login');
SELECT track_history('setting', 'name');
SELECT notify_on_change('app_user');
SELECT notify_on_change('setting');

-- Rights.
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_user_read ON app_user FOR SELECT USING (true);
CREATE POLICY app_user_managers_add ON app_user FOR INSERT
    WITH CHECK (public.current_status() IN ('admin', 'user_manager'));
CREATE POLICY app_user_update ON app_user FOR UPDATE
    USING (public.current_status() IN ('admin', 'user_manager') OR login = session_user);

ALTER TABLE setting ENABLE ROW LEVEL SECURITY;
CREATE POLICY setting_read ON setting FOR SELECT USING (true);
CREATE POLICY setting_admin_add ON setting FOR INSERT WITH CHECK (public.is_admin());
CREATE POLICY setting_admin_update ON setting FOR UPDATE USING (public.is_admin());

ALTER TABLE change_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY change_history_admin_read ON change_history FOR SELECT USING (public.is_admin());

SELECT grant_to_members('SELECT', 'schema_migration', 'setting', 'app_user', 'change_history');
SELECT grant_to_members('INSERT, UPDATE', 'setting', 'app_user');
