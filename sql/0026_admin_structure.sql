-- 0026 administration, the structure: sites, areas, rooms, their additional fields and the
-- rights on them, each written by those seed 003 section 1.5 allows, through functions that
-- check who asks (a psql user can do no more than the app):
--   sites, site administrators, booking types: the administrators;
--   an area (its hours, access, quotas…), its administrators: the administrators of its site;
--   an area's rooms, fields, enabled types, access list, and its rooms' managers, mail lists
--   and delegates: the administrators of the area (and of its site);
--   a room's moderation, availability and sheet: its managers too (admin_room_set).
-- Nothing is deleted: a site, an area or a room is archived (hidden, its bookings kept), a
-- booking type hidden (no new booking takes it; the old ones keep it).

ALTER TABLE site ADD COLUMN archived_at timestamptz;
ALTER TABLE area ADD COLUMN archived_at timestamptz;
ALTER TABLE room ADD COLUMN archived_at timestamptz,
                 ADD COLUMN picture_url text CHECK (picture_url IS NULL OR (length(picture_url) <= 2000 AND picture_url ~ '^https?://[^[:space:]]+$')),
                 ADD COLUMN show_sheet boolean NOT NULL DEFAULT true;
ALTER TABLE booking_type ADD COLUMN hidden boolean NOT NULL DEFAULT false;

-- The administrators and the site's own.
CREATE FUNCTION governs_site(target_site bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT public.is_admin()
        OR EXISTS (SELECT FROM public.site_admin WHERE site_id = target_site AND login = session_user)
$$;

CREATE FUNCTION refuse_scope(what text, args jsonb) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, public
AS $$ SELECT public.refuse('not_in_scope', format('you may not change %s', what), args || jsonb_build_object('what', what), '42501') $$;
REVOKE EXECUTE ON FUNCTION refuse_scope(text, jsonb) FROM PUBLIC;

CREATE FUNCTION site_row(code text) RETURNS site
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
DECLARE s public.site;
BEGIN
    SELECT * INTO s FROM public.site x WHERE lower(x.code) = lower(site_row.code) OR x.id::text = site_row.code;
    IF NOT FOUND THEN
        PERFORM public.refuse('no_such_site', format('no site %s', code), jsonb_build_object('site', code));
    END IF;
    RETURN s;
END $$;

CREATE FUNCTION area_row(target_area bigint) RETURNS area
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
DECLARE a public.area;
BEGIN
    SELECT * INTO a FROM public.area WHERE id = target_area;
    IF NOT FOUND OR NOT public.can_see_area(target_area) THEN
        PERFORM public.refuse('no_such_area', format('no area %s', target_area), jsonb_build_object('area', target_area::text));
    END IF;
    RETURN a;
END $$;

CREATE FUNCTION room_row(target_room bigint) RETURNS room
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
DECLARE r public.room;
BEGIN
    SELECT * INTO r FROM public.room WHERE id = target_room;
    IF NOT FOUND OR NOT public.can_see_room(target_room) THEN
        PERFORM public.refuse('no_such_room', format('no room %s', target_room), jsonb_build_object('room', target_room::text));
    END IF;
    RETURN r;
END $$;
REVOKE EXECUTE ON FUNCTION site_row(text), area_row(bigint), room_row(bigint) FROM PUBLIC;

-- What archiving would keep out of sight: the areas, rooms and live future bookings under it.
CREATE FUNCTION archive_counts(site_ids bigint[], area_ids bigint[], room_ids bigint[]) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    WITH areas AS (SELECT id FROM public.area WHERE archived_at IS NULL AND (site_id = ANY (site_ids) OR id = ANY (area_ids))),
         rooms AS (SELECT id FROM public.room WHERE archived_at IS NULL
                      AND (area_id IN (SELECT id FROM areas) OR id = ANY (room_ids)))
    SELECT jsonb_build_object(
        'areas', (SELECT count(*) FROM areas),
        'rooms', (SELECT count(*) FROM rooms),
        'future_bookings', (SELECT count(*) FROM public.booking b
                             WHERE b.room_id IN (SELECT id FROM rooms) AND b.archived_at IS NULL
                               AND upper(b.during) > now()))
$$;
REVOKE EXECUTE ON FUNCTION archive_counts(bigint[], bigint[], bigint[]) FROM PUBLIC;

-- Sites.
CREATE FUNCTION admin_site_save(code text, name text, sort_order integer DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE s public.site;
BEGIN
    PERFORM public.admin_only('the sites');
    INSERT INTO public.site AS x (code, name, sort_order)
    VALUES (admin_site_save.code, admin_site_save.name, coalesce(admin_site_save.sort_order, 0))
    ON CONFLICT ON CONSTRAINT site_code_key DO UPDATE SET name = EXCLUDED.name, sort_order = coalesce(admin_site_save.sort_order, x.sort_order)
    RETURNING * INTO s;
    RETURN to_jsonb(s);
END $$;

-- Archives a site with its areas and rooms (or brings back what was archived with it). With
-- dry_run, only says what it would hide.
CREATE FUNCTION admin_site_archive(code text, archived boolean, dry_run boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    s public.site;
    counts jsonb;
BEGIN
    PERFORM public.admin_only('the sites');
    s := public.site_row(code);
    counts := public.archive_counts(ARRAY[s.id], '{}', '{}');
    IF dry_run THEN
        RETURN counts;
    END IF;
    IF archived AND s.archived_at IS NULL THEN
        UPDATE public.room SET archived_at = now()
         WHERE archived_at IS NULL AND area_id IN (SELECT id FROM public.area WHERE site_id = s.id);
        UPDATE public.area SET archived_at = now() WHERE archived_at IS NULL AND site_id = s.id;
        UPDATE public.site SET archived_at = now() WHERE id = s.id;
    ELSIF NOT archived AND s.archived_at IS NOT NULL THEN
        UPDATE public.room SET archived_at = NULL
         WHERE archived_at = s.archived_at AND area_id IN (SELECT id FROM public.area WHERE site_id = s.id);
        UPDATE public.area SET archived_at = NULL WHERE archived_at = s.archived_at AND site_id = s.id;
        UPDATE public.site SET archived_at = NULL WHERE id = s.id;
    END IF;
    RETURN counts;
END $$;

-- Areas: created in a site and configured by its administrators; an area's own
-- administrators choose only which booking types it offers.
CREATE FUNCTION admin_area_save(target_area bigint, changes jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area;
    k text;
    target_site public.site;
    p jsonb;
    known text[] := ARRAY['site', 'name', 'access', 'week_starts', 'days_shown', 'day_start', 'day_end',
                          'resolution', 'twelve_hour', 'default_duration', 'default_type', 'enabled_types',
                          'max_bookings_per_user', 'sort_order', 'periods'];
    wanted_type text;
BEGIN
    changes := coalesce(changes, '{}');
    FOR k IN SELECT jsonb_object_keys(changes) LOOP
        IF NOT k = ANY (known) THEN
            PERFORM public.refuse('unknown_area_field', format('an area has no %s', k),
                jsonb_build_object('field', k, 'known', array_to_string(known, ', ')));
        END IF;
    END LOOP;
    IF changes ? 'site' THEN
        target_site := public.site_row(changes ->> 'site');
        IF NOT public.governs_site(target_site.id) THEN
            PERFORM public.refuse_scope(format('the areas of site %s', target_site.name), jsonb_build_object('site', target_site.code));
        END IF;
    END IF;
    IF target_area IS NULL THEN
        IF target_site.id IS NULL OR changes ->> 'name' IS NULL THEN
            PERFORM public.refuse('area_needs_site', 'a new area needs a site and a name', '{}');
        END IF;
        IF EXISTS (SELECT FROM public.area x WHERE x.site_id = target_site.id AND lower(x.name) = lower(changes ->> 'name')) THEN
            PERFORM public.refuse('area_exists', format('site %s already has an area %s', target_site.name, changes ->> 'name'),
                jsonb_build_object('site', target_site.code, 'area', changes ->> 'name'));
        END IF;
        INSERT INTO public.area (site_id, name) VALUES (target_site.id, changes ->> 'name') RETURNING * INTO a;
    ELSE
        a := public.area_row(target_area);
        FOR k IN SELECT jsonb_object_keys(changes) LOOP
            IF NOT public.governs_site(a.site_id) AND NOT (k = 'enabled_types' AND public.administers_area(a.id)) THEN
                PERFORM public.refuse_scope(format('%s of area %s', k, a.name), jsonb_build_object('field', k, 'area', a.name));
            END IF;
        END LOOP;
    END IF;
    FOR wanted_type IN SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(changes -> 'enabled_types') = 'array'
                                                             THEN changes -> 'enabled_types' ELSE '[]' END)
                       UNION ALL SELECT changes ->> 'default_type' WHERE changes ->> 'default_type' IS NOT NULL LOOP
        IF NOT EXISTS (SELECT FROM public.booking_type t WHERE t.letter = upper(wanted_type)) THEN
            PERFORM public.refuse('no_such_type', format('no booking type %s', wanted_type), jsonb_build_object('type', wanted_type));
        END IF;
    END LOOP;
    a := jsonb_populate_record(a, changes - 'id' - 'site' - 'periods' - 'archived_at'
                                  || CASE WHEN target_site.id IS NULL THEN '{}'::jsonb
                                          ELSE jsonb_build_object('site_id', target_site.id) END);
    UPDATE public.area
       SET (site_id, name, access, week_starts, days_shown, day_start, day_end, resolution, twelve_hour,
            default_duration, default_type, enabled_types, max_bookings_per_user, sort_order)
         = (a.site_id, a.name, a.access, a.week_starts, a.days_shown, a.day_start, a.day_end, a.resolution,
            a.twelve_hour, a.default_duration, upper(a.default_type),
            (SELECT array_agg(upper(t)) FROM unnest(a.enabled_types) AS t), a.max_bookings_per_user, a.sort_order)
     WHERE id = a.id;
    IF changes ? 'periods' THEN
        DELETE FROM public.area_period WHERE area_id = a.id;
        INSERT INTO public.area_period (area_id, position, label, starts, ends)
        SELECT a.id, n, p ->> 'label', (p ->> 'starts')::time, (p ->> 'ends')::time
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(changes -> 'periods') = 'array'
                                         THEN changes -> 'periods' ELSE '[]' END) WITH ORDINALITY AS x(p, n);
    END IF;
    RETURN (SELECT to_jsonb(x) FROM public.area x WHERE x.id = a.id);
END $$;

CREATE FUNCTION admin_area_archive(target_area bigint, archived boolean, dry_run boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area := public.area_row(target_area);
    counts jsonb := public.archive_counts('{}', ARRAY[target_area], '{}');
BEGIN
    IF NOT public.governs_site(a.site_id) THEN
        PERFORM public.refuse_scope(format('area %s', a.name), jsonb_build_object('area', a.name));
    END IF;
    IF dry_run THEN
        RETURN counts;
    END IF;
    IF archived AND a.archived_at IS NULL THEN
        UPDATE public.room SET archived_at = now() WHERE archived_at IS NULL AND area_id = a.id;
        UPDATE public.area SET archived_at = now() WHERE id = a.id;
    ELSIF NOT archived AND a.archived_at IS NOT NULL THEN
        UPDATE public.room SET archived_at = NULL WHERE archived_at = a.archived_at AND area_id = a.id;
        UPDATE public.area SET archived_at = NULL WHERE id = a.id;
    END IF;
    RETURN counts;
END $$;

-- Rooms: every field by the area's administrators, three by the room's managers.
CREATE OR REPLACE FUNCTION admin_room_set(target_room bigint, changes jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    r public.room := public.room_row(target_room);
    k text;
    managers text[] := ARRAY['moderated', 'unavailable', 'description'];
    known text[] := ARRAY['name', 'description', 'capacity', 'max_bookings_per_user', 'max_days_ahead',
                          'min_minutes_before', 'max_duration', 'allow_past', 'unavailable', 'moderated',
                          'tentative_days', 'book_for_others', 'users_may_not_modify_own', 'tracks_loans',
                          'visibility', 'sort_order', 'picture_url', 'show_sheet', 'area_id'];
BEGIN
    FOR k IN SELECT jsonb_object_keys(coalesce(changes, '{}')) LOOP
        IF NOT k = ANY (known) THEN
            PERFORM public.refuse('unknown_room_field', format('a room has no %s', k),
                jsonb_build_object('field', k, 'known', array_to_string(known, ', ')));
        END IF;
        IF NOT public.administers_area(r.area_id) AND NOT (k = ANY (managers) AND public.handles_room(target_room)) THEN
            PERFORM public.refuse('not_room_admin', format('you may not change %s of room %s', k, r.name),
                jsonb_build_object('field', k, 'room', r.name), '42501');
        END IF;
    END LOOP;
    -- Moving a room is taking it out of one area and putting it in another: both are the mover's.
    IF changes ? 'area_id' AND (changes ->> 'area_id')::bigint <> r.area_id THEN
        PERFORM public.area_row((changes ->> 'area_id')::bigint);
        IF NOT public.administers_area((changes ->> 'area_id')::bigint) THEN
            PERFORM public.refuse_scope(format('the rooms of area %s', changes ->> 'area_id'),
                jsonb_build_object('area', changes ->> 'area_id'));
        END IF;
    END IF;
    r := jsonb_populate_record(r, changes - 'id' - 'archived_at');
    UPDATE public.room
       SET (area_id, name, description, capacity, max_bookings_per_user, max_days_ahead, min_minutes_before,
            max_duration, allow_past, unavailable, moderated, tentative_days, book_for_others,
            users_may_not_modify_own, tracks_loans, visibility, sort_order, picture_url, show_sheet)
         = (r.area_id, r.name, r.description, r.capacity, r.max_bookings_per_user, r.max_days_ahead,
            r.min_minutes_before, r.max_duration, r.allow_past, r.unavailable, r.moderated, r.tentative_days,
            r.book_for_others, r.users_may_not_modify_own, r.tracks_loans, r.visibility, r.sort_order,
            nullif(r.picture_url, ''), r.show_sheet)
     WHERE id = target_room;
    RETURN (SELECT to_jsonb(x) FROM public.room x WHERE x.id = target_room);
END $$;

CREATE FUNCTION admin_room_add(target_area bigint, name text, changes jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area := public.area_row(target_area);
    new_id bigint;
BEGIN
    IF NOT public.administers_area(a.id) THEN
        PERFORM public.refuse_scope(format('the rooms of area %s', a.name), jsonb_build_object('area', a.name));
    END IF;
    IF EXISTS (SELECT FROM public.room x WHERE x.area_id = a.id AND lower(x.name) = lower(admin_room_add.name)) THEN
        PERFORM public.refuse('room_exists', format('area %s already has a room %s', a.name, admin_room_add.name),
            jsonb_build_object('area', a.name, 'room', admin_room_add.name));
    END IF;
    INSERT INTO public.room (area_id, name) VALUES (a.id, admin_room_add.name) RETURNING id INTO new_id;
    RETURN public.admin_room_set(new_id, coalesce(changes, '{}') - 'name' - 'area_id');
END $$;

CREATE FUNCTION admin_room_archive(target_room bigint, archived boolean, dry_run boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    r public.room := public.room_row(target_room);
    counts jsonb := public.archive_counts('{}', '{}', ARRAY[target_room]);
BEGIN
    IF NOT public.administers_area(r.area_id) THEN
        PERFORM public.refuse_scope(format('room %s', r.name), jsonb_build_object('room', r.name));
    END IF;
    IF NOT dry_run THEN
        UPDATE public.room SET archived_at = CASE WHEN archived THEN coalesce(archived_at, now()) END
         WHERE id = r.id;
    END IF;
    RETURN counts;
END $$;

-- An archived room takes no new booking (its old ones stay, in history and in lists).
CREATE OR REPLACE FUNCTION bookable_room(target_room bigint) RETURNS room
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
DECLARE
    rm public.room;
    me public.user_status := public.current_status();
BEGIN
    IF (me IS NULL OR me = 'visitor') AND NOT public.is_admin() THEN
        PERFORM public.refuse('visitor', 'visitors and unknown users may not book', '{}', '42501');
    END IF;
    SELECT * INTO rm FROM public.room WHERE id = target_room;
    IF NOT FOUND OR NOT public.can_see_room(target_room) THEN
        PERFORM public.refuse('no_such_room', format('no room %s', target_room), jsonb_build_object('room', target_room::text));
    END IF;
    IF rm.archived_at IS NOT NULL THEN
        PERFORM public.refuse('room_archived', format('room %s is archived', rm.name), jsonb_build_object('room', rm.name));
    END IF;
    RETURN rm;
END $$;

-- Additional fields of an area's booking form.
CREATE FUNCTION admin_field_save(target_area bigint, name text, kind text, choices text[] DEFAULT '{}',
                                 mandatory boolean DEFAULT false, sort_order integer DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area := public.area_row(target_area);
    f public.area_field;
BEGIN
    IF NOT public.administers_area(a.id) THEN
        PERFORM public.refuse_scope(format('the fields of area %s', a.name), jsonb_build_object('area', a.name));
    END IF;
    INSERT INTO public.area_field AS x (area_id, name, kind, choices, mandatory, sort_order)
    VALUES (a.id, admin_field_save.name, admin_field_save.kind, coalesce(admin_field_save.choices, '{}'),
            coalesce(admin_field_save.mandatory, false), coalesce(admin_field_save.sort_order, 0))
    ON CONFLICT ON CONSTRAINT area_field_area_id_name_key DO UPDATE
       SET kind = EXCLUDED.kind, choices = EXCLUDED.choices, mandatory = EXCLUDED.mandatory,
           sort_order = coalesce(admin_field_save.sort_order, x.sort_order)
    RETURNING * INTO f;
    RETURN to_jsonb(f);
END $$;

-- A field taken off the form: the values bookings hold stay in them.
CREATE FUNCTION admin_field_remove(target_area bigint, name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area := public.area_row(target_area);
BEGIN
    IF NOT public.administers_area(a.id) THEN
        PERFORM public.refuse_scope(format('the fields of area %s', a.name), jsonb_build_object('area', a.name));
    END IF;
    DELETE FROM public.area_field f WHERE f.area_id = a.id AND f.name = admin_field_remove.name;
    RETURN FOUND;
END $$;

-- Rights: kind, the site, area or room it is on, the user; granted or taken back. True when
-- something changed.
CREATE FUNCTION admin_right(kind text, target bigint, login text, granted boolean) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area;
    r public.room;
    s public.site;
    n bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM public.app_user u WHERE u.login = admin_right.login) THEN
        PERFORM public.refuse('no_such_user', format('no user %s', login), jsonb_build_object('login', login));
    END IF;
    CASE kind
    WHEN 'site_admin' THEN
        PERFORM public.admin_only('the administrators of a site');
        s := public.site_row(target::text);
    WHEN 'area_admin', 'area_access' THEN
        a := public.area_row(target);
        IF NOT (CASE WHEN kind = 'area_admin' THEN public.governs_site(a.site_id) ELSE public.administers_area(a.id) END) THEN
            PERFORM public.refuse_scope(format('who %s area %s', CASE WHEN kind = 'area_admin' THEN 'administers' ELSE 'enters' END, a.name),
                jsonb_build_object('area', a.name));
        END IF;
    WHEN 'room_manager', 'room_mail', 'room_delegate' THEN
        r := public.room_row(target);
        IF NOT public.administers_area(r.area_id) THEN
            PERFORM public.refuse_scope(format('the rights on room %s', r.name), jsonb_build_object('room', r.name));
        END IF;
    ELSE
        PERFORM public.refuse('unknown_right', format('no right %s', kind),
            jsonb_build_object('right', kind, 'known', 'site_admin, area_admin, area_access, room_manager, room_mail, room_delegate'));
    END CASE;
    IF granted THEN
        EXECUTE format('INSERT INTO public.%I (%I, login) VALUES ($1, $2) ON CONFLICT DO NOTHING',
                       kind, CASE WHEN kind LIKE 'site%' THEN 'site_id' WHEN kind LIKE 'area%' THEN 'area_id' ELSE 'room_id' END)
        USING coalesce(s.id, a.id, r.id), login;
    ELSE
        EXECUTE format('DELETE FROM public.%I WHERE %I = $1 AND login = $2',
                       kind, CASE WHEN kind LIKE 'site%' THEN 'site_id' WHEN kind LIKE 'area%' THEN 'area_id' ELSE 'room_id' END)
        USING coalesce(s.id, a.id, r.id), login;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n > 0;
END $$;

-- Booking types: one in use is hidden rather than removed.
CREATE FUNCTION admin_type_hide(letter text, hidden boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM public.admin_only('the booking types');
    UPDATE public.booking_type t SET hidden = admin_type_hide.hidden WHERE t.letter = upper(admin_type_hide.letter);
    IF NOT FOUND THEN
        PERFORM public.refuse('no_such_type', format('no booking type %s', letter), jsonb_build_object('type', letter));
    END IF;
END $$;

-- Once a statement (a series of 365 is one insert): a new booking, or one changing its type,
-- may not take a hidden type.
CREATE FUNCTION refuse_hidden_type() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE t text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT n.type INTO t FROM new_rows n JOIN public.booking_type bt ON bt.letter = n.type WHERE bt.hidden LIMIT 1;
    ELSE
        SELECT n.type INTO t FROM new_rows n JOIN old_rows o ON o.id = n.id
          JOIN public.booking_type bt ON bt.letter = n.type
         WHERE bt.hidden AND n.type <> o.type LIMIT 1;
    END IF;
    IF t IS NOT NULL THEN
        PERFORM public.refuse('type_hidden', format('booking type %s is no longer offered', t), jsonb_build_object('type', t));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER hidden_type_insert AFTER INSERT ON booking REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_hidden_type();
CREATE TRIGGER hidden_type_update AFTER UPDATE ON booking REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_hidden_type();

-- Logins disabled (GRR's "disable logins"): only the administrators may connect, which
-- PostgreSQL itself enforces through the CONNECT privilege on the database. Whether PUBLIC
-- could connect before is kept, so enabling gives back exactly that.
CREATE FUNCTION logins_disabled() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$ SELECT NOT has_database_privilege(public.group_role(), current_database(), 'CONNECT') $$;

CREATE FUNCTION admin_logins(allowed boolean) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    db text := current_database();
    r record;
BEGIN
    PERFORM public.admin_only('whether users may log in');
    IF NOT allowed AND NOT public.logins_disabled() THEN
        INSERT INTO public.setting (name, value)
        VALUES ('logins.public_connect', has_database_privilege('public', db, 'CONNECT')::text)
        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
        FOR r IN SELECT u.login FROM public.app_user u JOIN pg_roles p ON p.rolname = u.login
                  WHERE u.status = 'admin' AND u.active LOOP
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', db, r.login);
        END LOOP;
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', db);
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', db, public.group_role());
    ELSIF allowed AND public.logins_disabled() THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', db, public.group_role());
        IF (SELECT value FROM public.setting WHERE name = 'logins.public_connect') = 'true' THEN
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO PUBLIC', db);
        END IF;
        -- The administrators' own grants go: a later demotion must not leave one behind.
        FOR r IN SELECT u.login FROM public.app_user u
                  JOIN pg_database d ON d.datname = db, aclexplode(d.datacl) x
                  JOIN pg_roles p ON p.oid = x.grantee
                 WHERE p.rolname = u.login AND x.privilege_type = 'CONNECT' AND NOT p.rolsuper
                   AND p.oid <> (SELECT datdba FROM pg_database WHERE datname = db) LOOP
            EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', db, r.login);
        END LOOP;
    END IF;
    RETURN NOT public.logins_disabled();
END $$;

DO $$
DECLARE f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['admin_site_save(text, text, integer)', 'admin_site_archive(text, boolean, boolean)',
                             'admin_area_save(bigint, jsonb)', 'admin_area_archive(bigint, boolean, boolean)',
                             'admin_room_add(bigint, text, jsonb)', 'admin_room_archive(bigint, boolean, boolean)',
                             'admin_field_save(bigint, text, text, text[], boolean, integer)',
                             'admin_field_remove(bigint, text)', 'admin_right(text, bigint, text, boolean)',
                             'admin_type_hide(text, boolean)', 'admin_logins(boolean)', 'governs_site(bigint)',
                             'logins_disabled()'] LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', f, public.group_role());
    END LOOP;
END $$;
