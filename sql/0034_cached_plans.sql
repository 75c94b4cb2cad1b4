-- 0034 the rule and visibility functions keep their plans for the session.
--
-- PostgreSQL (before 18) parses and plans the body of an SQL function that it cannot inline
-- at every statement that calls it; a function with SET search_path (all of ours: it is what
-- keeps a SECURITY DEFINER function safe) is never inlined. One booking called
-- current_status() 17 times, each planned anew. PL/pgSQL plans each statement once a session.
-- So every such function becomes PL/pgSQL with the same body, meaning and privileges:
--   a scalar body returns its first row, as an SQL function does;
--   a set-returning body returns its rows;
--   a void body is run (a SELECT is PERFORMed).
-- `#variable_conflict use_column` keeps SQL's rule: a column wins over a parameter of the same
-- name. A test (tests/db/read_path.rs) keeps later migrations to this rule.
DO $convert$
DECLARE
    f record;
    src text;
    body text;
BEGIN
    FOR f IN
        SELECT p.oid, p.proname, p.prosrc, p.proretset, p.proconfig,
               p.prorettype = 'pg_catalog.void'::pg_catalog.regtype AS void,
               pg_catalog.pg_get_function_arguments(p.oid) AS args,
               pg_catalog.pg_get_function_result(p.oid) AS result,
               CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END AS volatility,
               CASE WHEN p.prosecdef THEN 'SECURITY DEFINER' ELSE '' END AS definer
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_language l ON l.oid = p.prolang
         WHERE p.pronamespace = 'public'::pg_catalog.regnamespace
           AND l.lanname = 'sql' AND p.proconfig IS NOT NULL
    LOOP
        IF f.proconfig <> ARRAY['search_path=pg_catalog, public'] THEN
            RAISE EXCEPTION 'function %: unexpected settings %', f.proname, f.proconfig;
        END IF;
        src := pg_catalog.rtrim(f.prosrc, E' \n\t;');
        IF f.proretset THEN
            body := 'RETURN QUERY ' || src || ';';
        ELSIF f.void THEN
            body := pg_catalog.regexp_replace(src, '^\s*SELECT\M', 'PERFORM', 'i') || ';';
        ELSE
            body := 'RETURN (SELECT * FROM (' || src || E'\n) AS body LIMIT 1);';
        END IF;
        EXECUTE pg_catalog.format(
            'CREATE OR REPLACE FUNCTION public.%I(%s) RETURNS %s LANGUAGE plpgsql %s %s '
            'SET search_path = pg_catalog, public AS %L',
            f.proname, f.args, f.result, f.volatility, f.definer,
            E'#variable_conflict use_column\nBEGIN\n' || body || E'\nEND');
    END LOOP;
END
$convert$;

-- The schema check of every command asks whether the group role is this installation's; the
-- pg_roles view and shobj_description() cost a new session 2 ms. The same answer from the
-- catalogs directly, in a function plain enough to be inlined into the check's query.
CREATE OR REPLACE FUNCTION group_role_owned() RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(
        (SELECT d.description FROM pg_catalog.pg_shdescription d
          WHERE d.objoid = pg_catalog.to_regrole((SELECT value FROM public.setting WHERE name = 'group_role'))
            AND d.classoid = 'pg_catalog.pg_authid'::pg_catalog.regclass)
        LIKE '%; token ' || (SELECT value FROM public.setting WHERE name = 'group_token'),
        false)
$$;

-- A series' conflicts. The room's bookings across the series' whole span are read once, by the
-- index, into one multirange; an occurrence that does not meet it costs a binary search, and
-- only those that do are looked up (9.6 → 3.4 ms for 365 occurrences in a room with 400
-- bookings a year). As a plain join the planner could also compare every occurrence with
-- every booking of the room when the statistics are stale (after a large import, before
-- autovacuum): 326 ms for one series in a room with 6,000 bookings.
CREATE OR REPLACE FUNCTION conflicts_of(target_room bigint, occ tstzrange[], replacing bigint[])
RETURNS TABLE(wanted tstzrange, id bigint, during tstzrange, name text, beneficiary text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
    taken tstzmultirange;
BEGIN
    SELECT range_agg(x.during) INTO taken
      FROM public.booking x
     WHERE x.room_id = target_room
       AND x.during && (SELECT tstzrange(min(lower(o)), max(upper(o))) FROM unnest(occ) AS o)
       AND x.archived_at IS NULL AND x.moderation <> 'refused' AND NOT x.id = ANY (replacing);
    IF taken IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT w.o, b.id, b.during, b.name,
           coalesce(u.display_name, b.external_name, b.beneficiary, b.owner)
      FROM (SELECT o FROM unnest(occ) AS o WHERE o && taken) AS w
     CROSS JOIN LATERAL (SELECT * FROM public.booking x
                          WHERE x.room_id = target_room AND x.during && w.o
                            AND x.archived_at IS NULL AND x.moderation <> 'refused'
                            AND NOT x.id = ANY (replacing)) AS b
      LEFT JOIN public.app_user u ON u.login = coalesce(b.beneficiary, CASE WHEN b.external_name IS NULL THEN b.owner END)
     ORDER BY lower(w.o);
END $$;

-- The series date of each occurrence (the day the series put it on): its own lookup of the
-- zone rather than two nested calls a row, and no call for a booking outside a series.
CREATE OR REPLACE FUNCTION stamp_series_date() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    NEW.series_date := (lower(NEW.during)
        AT TIME ZONE coalesce((SELECT value FROM public.setting WHERE name = 'timezone'), 'UTC'))::date;
    RETURN NEW;
END $$;
DROP TRIGGER booking_series_date ON booking;
CREATE TRIGGER booking_series_date BEFORE INSERT ON booking
    FOR EACH ROW WHEN (NEW.series_id IS NOT NULL) EXECUTE FUNCTION stamp_series_date();
