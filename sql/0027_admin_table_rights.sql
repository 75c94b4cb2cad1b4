-- 0027 the structure's tables writable within one's scope, so a setup file loads for an
-- Intendant administrator who does not own the database, and for a site or area administrator
-- on what they administer; anything else is refused row by row by PostgreSQL (the loader names
-- the entry). The policies say what the admin functions of 0026 check:
--   sites, booking types, days off, cycle days, site administrators: the administrators;
--   an area and its periods, its administrators: the administrators of its site;
--   rooms, fields, access lists, managers, mail lists, delegates: the area's administrators.
-- Reads are untouched: every write policy is for INSERT, UPDATE or DELETE only (a FOR ALL
-- policy would run on every read of the planning).

-- Tables everyone read and nobody but the owner wrote: RLS with an open read.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['site', 'booking_type', 'blocked_day', 'cycle_day', 'site_admin', 'area_admin',
                             'area_access', 'room_manager', 'room_mail', 'room_delegate'] LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON public.%I FOR SELECT USING (true)', t || '_read', t);
    END LOOP;
END $$;

-- Who may write which rows.
CREATE FUNCTION may_write_area(target_site bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT public.governs_site(target_site) $$;

CREATE FUNCTION may_write_room_right(target_room bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT public.administers_area((SELECT area_id FROM public.room WHERE id = target_room)) $$;

CREATE FUNCTION may_write_area_admin(target_area bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT public.governs_site((SELECT site_id FROM public.area WHERE id = target_area)) $$;

DO $$
DECLARE
    t record;
    cmd text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('site', '(SELECT public.is_admin())'),
            ('booking_type', '(SELECT public.is_admin())'),
            ('blocked_day', '(SELECT public.is_admin())'),
            ('cycle_day', '(SELECT public.is_admin())'),
            ('site_admin', '(SELECT public.is_admin())'),
            ('area_admin', 'public.may_write_area_admin(area_id)'),
            ('area_access', 'public.administers_area(area_id)'),
            ('room_manager', 'public.may_write_room_right(room_id)'),
            ('room_mail', 'public.may_write_room_right(room_id)'),
            ('room_delegate', 'public.may_write_room_right(room_id)'),
            ('area_field', 'public.administers_area(area_id)'),
            ('area_period', 'public.may_write_area_admin(area_id)')) AS x(tbl, rule) LOOP
        FOREACH cmd IN ARRAY ARRAY['insert', 'update'] || CASE WHEN t.tbl = 'area_period' THEN ARRAY['delete'] ELSE '{}' END LOOP
            EXECUTE format('CREATE POLICY %I ON public.%I FOR %s %s %s', t.tbl || '_' || cmd || '_scoped', t.tbl, cmd,
                           CASE WHEN cmd = 'insert' THEN '' ELSE format('USING (%s)', t.rule) END,
                           CASE WHEN cmd = 'delete' THEN '' ELSE format('WITH CHECK (%s)', t.rule) END);
        END LOOP;
    END LOOP;
END $$;
DROP POLICY area_period_admins_write ON area_period;

-- Areas by their site's administrators, rooms by their area's.
DROP POLICY area_admins_write ON area;
CREATE POLICY area_insert_scoped ON area FOR INSERT WITH CHECK (public.may_write_area(site_id));
CREATE POLICY area_update_scoped ON area FOR UPDATE USING (public.may_write_area(site_id)) WITH CHECK (public.may_write_area(site_id));
DROP POLICY room_admins_write ON room;
CREATE POLICY room_insert_scoped ON room FOR INSERT WITH CHECK (public.administers_area(area_id));
CREATE POLICY room_update_scoped ON room FOR UPDATE USING (public.administers_area(area_id)) WITH CHECK (public.administers_area(area_id));

-- What a setup file writes (it deletes nothing but an area's periods, already granted); the
-- rest, and every removal, goes through the admin functions.
SELECT grant_to_members('INSERT, UPDATE', 'site', 'booking_type', 'blocked_day', 'cycle_day', 'area_field');
SELECT grant_to_members('INSERT', 'site_admin', 'area_admin', 'area_access', 'room_manager', 'room_mail', 'room_delegate');
