-- 0032 certificate campaigns, the data: what a university extracts from its student records
-- system (years, faculties, diploma and step versions, students and their enrolments, results,
-- blockings, who may act on which faculty), the signatory, and the campaigns with their
-- candidates. The rules that read them are `src/campaign/model` (pure) and this file's policies:
-- a user acts only on the faculties she holds a right for; without one, nothing is possible.

CREATE TABLE campaign_year (
    code integer PRIMARY KEY CHECK (code BETWEEN 1900 AND 2999),
    label text NOT NULL DEFAULT '' CHECK (length(label) <= 80),
    open boolean NOT NULL DEFAULT true
);

CREATE TABLE faculty (
    code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,20}$'),
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200)
);

CREATE TABLE diploma (
    code text NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
    version integer NOT NULL,
    faculty text NOT NULL REFERENCES faculty,
    nature text NOT NULL DEFAULT '',
    terminal boolean NOT NULL DEFAULT false,
    has_intermediate boolean NOT NULL DEFAULT false,
    habilitation_end integer NOT NULL,
    web_label text NOT NULL DEFAULT '' CHECK (length(web_label) <= 200),
    label1 text, label2 text, label3 text, label4 text, label5 text,
    parcours text,
    PRIMARY KEY (code, version)
);

CREATE TABLE diploma_step (
    code text NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
    version integer NOT NULL,
    diploma_code text NOT NULL,
    diploma_version integer NOT NULL,
    granting boolean NOT NULL DEFAULT false,
    PRIMARY KEY (code, version),
    FOREIGN KEY (diploma_code, diploma_version) REFERENCES diploma
);

CREATE TABLE student (
    code text PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 20),
    first_name1 text NOT NULL DEFAULT '' CHECK (length(first_name1) <= 80),
    first_name2 text NOT NULL DEFAULT '' CHECK (length(first_name2) <= 80),
    last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 80),
    birth_date date,
    email text CHECK (email IS NULL OR email ~ '^[^@[:space:]]+@[^@[:space:]]+$')
);

CREATE TABLE enrolment (
    student text NOT NULL REFERENCES student,
    year integer NOT NULL REFERENCES campaign_year,
    step_code text NOT NULL,
    step_version integer NOT NULL,
    PRIMARY KEY (student, year, step_code, step_version),
    FOREIGN KEY (step_code, step_version) REFERENCES diploma_step
);

CREATE TABLE result (
    student text NOT NULL REFERENCES student,
    year integer NOT NULL REFERENCES campaign_year,
    diploma_code text NOT NULL,
    diploma_version integer NOT NULL,
    session smallint NOT NULL CHECK (session IN (0, 1, 2)),
    admission_code integer NOT NULL,
    favourable boolean,
    delivery_allowed boolean NOT NULL DEFAULT false,
    mention text CHECK (length(mention) <= 80),
    ects numeric(6, 2),
    PRIMARY KEY (student, year, diploma_code, diploma_version, session, admission_code),
    FOREIGN KEY (diploma_code, diploma_version) REFERENCES diploma
);

CREATE TABLE blocking (
    student text NOT NULL REFERENCES student,
    year integer NOT NULL REFERENCES campaign_year,
    kind text NOT NULL CHECK (kind IN ('exams', 'enrolment', 'remote_enrolment', 'automatic_delivery')),
    PRIMARY KEY (student, year, kind)
);

-- Who may act on a faculty's campaigns (the records system's right to edit certificates).
CREATE TABLE faculty_right (
    login text NOT NULL REFERENCES app_user ON UPDATE CASCADE,
    faculty text NOT NULL REFERENCES faculty,
    PRIMARY KEY (login, faculty)
);

-- The one signatory, set by an administrator.
CREATE TABLE signatory (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    image bytea CHECK (image IS NULL OR (octet_length(image) <= 2000000
                                         AND substr(image, 1, 8) = '\x89504e470d0a1a0a'::bytea))
);

CREATE TABLE campaign (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year integer NOT NULL REFERENCES campaign_year,
    faculty text NOT NULL REFERENCES faculty,
    diploma_code text NOT NULL,
    diploma_version integer NOT NULL,
    test boolean NOT NULL DEFAULT false,
    created_by text NOT NULL DEFAULT session_user,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (diploma_code, diploma_version) REFERENCES diploma
);

CREATE TABLE candidate (
    campaign_id bigint NOT NULL REFERENCES campaign ON DELETE CASCADE,
    student text NOT NULL REFERENCES student,
    step_code text NOT NULL,
    step_version integer NOT NULL,
    state text NOT NULL DEFAULT 'no_verdict' CHECK (state IN ('no_verdict', 'not_admitted', 'blocked',
        'delivery_not_allowed', 'to_generate', 'generated', 'sent', 'failed')),
    blockings text[] NOT NULL DEFAULT '{}',
    mention text,
    ects numeric(6, 2),
    reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, student)
);

INSERT INTO setting (name, value) VALUES ('campaign.no_diploma_nature', '9'), ('campaign.test_mode', 'false')
ON CONFLICT (name) DO NOTHING;

-- The faculties the session may act on: its rights (an administrator holds none by office: the
-- right comes from the records system, as the seed says).
CREATE FUNCTION my_faculties() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT coalesce(array_agg(faculty), '{}') FROM public.faculty_right WHERE login = session_user $$;

ALTER TABLE campaign ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_of_my_faculties ON campaign FOR SELECT
    USING (faculty = ANY ((SELECT public.my_faculties())::text[]));
CREATE POLICY campaign_made_in_my_faculties ON campaign FOR INSERT
    WITH CHECK (faculty = ANY ((SELECT public.my_faculties())::text[]) AND created_by = session_user);
ALTER TABLE candidate ENABLE ROW LEVEL SECURITY;
CREATE POLICY candidate_of_my_faculties ON candidate FOR SELECT
    USING (campaign_id IN (SELECT id FROM public.campaign));
CREATE POLICY candidate_added_in_my_faculties ON candidate FOR INSERT
    WITH CHECK (campaign_id IN (SELECT id FROM public.campaign));
CREATE POLICY candidate_changed_in_my_faculties ON candidate FOR UPDATE
    USING (campaign_id IN (SELECT id FROM public.campaign))
    WITH CHECK (campaign_id IN (SELECT id FROM public.campaign));

-- The extracts and the rights: read by those with a right on some faculty; written by the
-- administrators (imports); the signatory written by the administrators.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['campaign_year', 'faculty', 'diploma', 'diploma_step', 'student', 'enrolment',
                             'result', 'blocking', 'faculty_right', 'signatory'] LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON public.%I FOR SELECT USING ((SELECT public.is_admin()) OR cardinality((SELECT public.my_faculties())) > 0)',
                       t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON public.%I FOR INSERT WITH CHECK ((SELECT public.is_admin()))', t || '_admin_add', t);
        EXECUTE format('CREATE POLICY %I ON public.%I FOR UPDATE USING ((SELECT public.is_admin())) WITH CHECK ((SELECT public.is_admin()))',
                       t || '_admin_change', t);
        EXECUTE format('CREATE POLICY %I ON public.%I FOR DELETE USING ((SELECT public.is_admin()))', t || '_admin_remove', t);
    END LOOP;
END $$;

SELECT grant_to_members('SELECT', 'campaign_year', 'faculty', 'diploma', 'diploma_step', 'student', 'enrolment',
                        'result', 'blocking', 'faculty_right', 'signatory', 'campaign', 'candidate');
SELECT grant_to_members('INSERT, UPDATE, DELETE', 'campaign_year', 'faculty', 'diploma', 'diploma_step', 'student',
                        'enrolment', 'result', 'blocking', 'faculty_right', 'signatory');
SELECT grant_to_members('INSERT', 'campaign');
SELECT grant_to_members('INSERT, UPDATE', 'candidate');
SELECT track_history('campaign', 'id');
SELECT track_history('faculty_right', 'login', 'faculty');
