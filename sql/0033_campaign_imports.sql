-- 0033 the record of each extract loaded for the campaigns: what, from which file, how many
-- rows, who and when (the history the people imports keep too). Written by the administrators'
-- imports, read by them.
CREATE TABLE campaign_import (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('years', 'faculties', 'diplomas', 'steps', 'students', 'results',
                                       'blockings', 'rights')),
    file_name text NOT NULL CHECK (length(file_name) <= 1000),
    rows integer NOT NULL CHECK (rows >= 0),
    run_by text NOT NULL DEFAULT session_user CHECK (run_by = session_user),
    run_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE campaign_import ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_import_admin_read ON campaign_import FOR SELECT USING ((SELECT public.is_admin()));
CREATE POLICY campaign_import_admin_add ON campaign_import FOR INSERT WITH CHECK ((SELECT public.is_admin()));
SELECT grant_to_members('SELECT, INSERT', 'campaign_import');
