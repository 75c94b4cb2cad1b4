-- 0006 correlation (OMICO, seed 004): directory snapshots from LDIF, the links between
-- accounts and official people (by rule or by hand), the administrators' decisions, and the
-- record of each apply. Administrators and user managers only, like the people themselves.

-- One LDIF import. The newest run is the current snapshot; older ones are kept.
CREATE TABLE directory_run (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name text NOT NULL,
    imported_by text NOT NULL DEFAULT session_user,
    imported_at timestamptz NOT NULL DEFAULT now(),
    base_dn text NOT NULL DEFAULT '',
    entries integer NOT NULL CHECK (entries >= 0),
    accounts integer NOT NULL CHECK (accounts >= 0),
    machines integer NOT NULL CHECK (machines >= 0),
    domain_admins integer NOT NULL CHECK (domain_admins >= 0)
);

-- Every entry of a snapshot, in file order: the apply's backup writes them all back.
CREATE TABLE directory_entry (
    run_id bigint NOT NULL REFERENCES directory_run ON DELETE CASCADE,
    position integer NOT NULL,
    dn text NOT NULL,
    -- [[name, [values…]], …] in the file's order.
    attrs jsonb NOT NULL,
    -- Set for accounts (entries with a login that are not groups).
    login text,
    last_name text NOT NULL DEFAULT '',
    first_name text NOT NULL DEFAULT '',
    number text,
    birth_date date,
    category text CHECK (category IN ('E', 'P', 'Z')),
    machine boolean NOT NULL DEFAULT false,
    domain_admin boolean NOT NULL DEFAULT false,
    groups text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, position)
);
CREATE INDEX directory_entry_login ON directory_entry (run_id, login) WHERE login IS NOT NULL;

CREATE FUNCTION current_directory_run() RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$ SELECT max(id) FROM public.directory_run $$;

-- An account linked to a person: by one of the cascade's rules, or by hand. A manual link is
-- never undone by the cascade.
CREATE TABLE correlation_link (
    login text PRIMARY KEY,
    person_id bigint NOT NULL UNIQUE REFERENCES person ON DELETE CASCADE,
    rule text NOT NULL CHECK (rule IN ('number_name', 'number', 'name_birthdate', 'name', 'manual')),
    made_by text NOT NULL DEFAULT session_user,
    made_at timestamptz NOT NULL DEFAULT now()
);

-- What to do with an account no person matches: keep (until the next apply), keep always,
-- or delete (archive, at the apply).
CREATE TABLE correlation_decision (
    login text PRIMARY KEY,
    decision text NOT NULL CHECK (decision IN ('keep', 'keep_always', 'delete')),
    made_by text NOT NULL DEFAULT session_user,
    made_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE correlation_apply (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    applied_by text NOT NULL DEFAULT session_user,
    applied_at timestamptz NOT NULL DEFAULT now(),
    run_id bigint REFERENCES directory_run,
    backup_file text NOT NULL,
    changes_file text NOT NULL,
    created integer NOT NULL,
    modified integer NOT NULL,
    archived integer NOT NULL,
    undecided integer NOT NULL
);

SELECT track_history('correlation_link', 'login');
SELECT track_history('correlation_decision', 'login');
SELECT track_history('correlation_apply', 'id');
SELECT notify_on_change('correlation_link');
SELECT notify_on_change('correlation_decision');
SELECT notify_on_change('directory_run');

ALTER TABLE directory_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY directory_run_managers ON directory_run FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());
ALTER TABLE directory_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY directory_entry_managers ON directory_entry FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());
ALTER TABLE correlation_link ENABLE ROW LEVEL SECURITY;
CREATE POLICY correlation_link_managers ON correlation_link FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());
ALTER TABLE correlation_decision ENABLE ROW LEVEL SECURITY;
CREATE POLICY correlation_decision_managers ON correlation_decision FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());
ALTER TABLE correlation_apply ENABLE ROW LEVEL SECURITY;
CREATE POLICY correlation_apply_managers ON correlation_apply FOR ALL USING (public.manages_people()) WITH CHECK (public.manages_people());

SELECT grant_to_members('SELECT, INSERT, UPDATE, DELETE', 'directory_run', 'directory_entry', 'correlation_link',
                        'correlation_decision', 'correlation_apply');
