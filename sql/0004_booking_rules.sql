-- 0004 booking rules: the only write path to bookings.
-- Members have no INSERT/UPDATE/DELETE on `booking`; these SECURITY DEFINER functions are the
-- way in, and each applies GRR's rules and rights (seed 003 sections 1.5, 3.4, 3.5, 4.3–4.7,
-- 5.3, 5.5) keyed on session_user, so psql, the CLI and the TUI obey the same rules.
--
-- A refusal is an exception whose DETAIL is a JSON object: {"rule": "<name>", …the limit and
-- what broke it…}. The message is English for psql users; the application translates from the
-- rule name. SQLSTATE IB000 marks a broken rule, 42501 a missing right.

INSERT INTO setting (name, value) VALUES ('booking.max_per_user', '-1');

CREATE FUNCTION check_booking_setting() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.name IN ('booking.max_per_user', 'series.max_occurrences')
       AND (NEW.value !~ '^-?[0-9]{1,9}$' OR NEW.value::integer < -1) THEN
        RAISE EXCEPTION 'setting %: "%" is not a whole number (-1: no limit)', NEW.name, NEW.value
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER setting_check_booking BEFORE INSERT OR UPDATE ON setting FOR EACH ROW EXECUTE FUNCTION check_booking_setting();

-- Users who may book a room for someone else whatever their status (seed 003 section 1.3).
CREATE TABLE room_delegate (
    room_id bigint NOT NULL REFERENCES room ON DELETE CASCADE,
    login text NOT NULL REFERENCES app_user ON UPDATE CASCADE,
    PRIMARY KEY (room_id, login)
);
SELECT grant_to_members('SELECT', 'room_delegate');

-- Moderation decisions keep a copy of the booking as it was decided on (seed 003 section 5.3).
CREATE TABLE booking_decision (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id bigint NOT NULL REFERENCES booking,
    decision text NOT NULL CHECK (decision IN ('accepted', 'refused')),
    reason text NOT NULL DEFAULT '',
    decided_by text NOT NULL DEFAULT session_user,
    decided_at timestamptz NOT NULL DEFAULT now(),
    booking_copy jsonb NOT NULL
);
CREATE INDEX booking_decision_of ON booking_decision (booking_id);

-- Mails to send. The mail worker (a later issue) reads and marks them; the rules only record.
CREATE TABLE outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('booking_created', 'booking_changed', 'booking_deleted',
        'moderation_pending', 'moderation_decided', 'tentative_expired', 'loan_overdue')),
    booking_id bigint REFERENCES booking,
    -- Logins, or an external beneficiary's address.
    recipients text[] NOT NULL CHECK (cardinality(recipients) >= 1),
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

ALTER TABLE booking_decision ENABLE ROW LEVEL SECURITY;
CREATE POLICY booking_decision_visible ON booking_decision FOR SELECT
    USING (EXISTS (SELECT FROM public.booking b WHERE b.id = booking_id));
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY outbox_admin_read ON outbox FOR SELECT USING (public.is_admin());
SELECT grant_to_members('SELECT', 'booking_decision', 'outbox');

-- Rooms a session may see, computed once per statement rather than once per booking row.
CREATE FUNCTION visible_rooms() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT coalesce(array_agg(id), '{}') FROM public.room WHERE public.can_see_room(id) $$;

DROP POLICY booking_visible ON booking;
-- A scalar subquery is an InitPlan: run once per statement, not once per row.
CREATE POLICY booking_visible ON booking FOR SELECT USING (room_id = ANY ((SELECT public.visible_rooms())::bigint[]));

CREATE FUNCTION install_tz() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$ SELECT coalesce((SELECT value FROM public.setting WHERE name = 'timezone'), 'UTC') $$;

-- Room managers, area admins, site admins and admins "handle" a room: they moderate it, mark
-- loans, and bypass delays, quotas and durations on it (seed 003 sections 3.4, 3.5).
CREATE FUNCTION handles_room(target_room bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT public.is_admin()
        OR EXISTS (SELECT FROM public.room_manager WHERE room_id = target_room AND login = session_user)
        OR EXISTS (SELECT FROM public.room r WHERE r.id = target_room AND public.administers_area(r.area_id))
$$;

-- Who is told about a room's moderation and loans: its managers, else its area's admins, else
-- its site's admins, else the administrators.
CREATE FUNCTION room_handlers(target_room bigint) RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(
        (SELECT array_agg(login ORDER BY login) FROM public.room_manager WHERE room_id = target_room),
        (SELECT array_agg(a.login ORDER BY a.login) FROM public.area_admin a JOIN public.room r ON r.area_id = a.area_id
          WHERE r.id = target_room),
        (SELECT array_agg(s.login ORDER BY s.login) FROM public.site_admin s JOIN public.area ar ON ar.site_id = s.site_id
           JOIN public.room r ON r.area_id = ar.id WHERE r.id = target_room),
        (SELECT array_agg(login ORDER BY login) FROM public.app_user WHERE status = 'admin' AND active),
        ARRAY[]::text[])
$$;

CREATE FUNCTION refuse(rule text, message text, args jsonb DEFAULT '{}', code text DEFAULT 'IB000') RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = message, ERRCODE = code,
        DETAIL = (jsonb_build_object('rule', rule) || args)::text;
END $$;

-- "8h10-9h00", "08:10 - 09:00", "Créneau 1 : 8h10 - 9h00" → {08:10, 09:00}; NULL without two times.
CREATE FUNCTION period_bounds(label text) RETURNS time[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public
AS $$
    SELECT CASE WHEN count(*) >= 2 THEN (array_agg(t ORDER BY n))[1:2] END
      FROM (SELECT make_time(m[1]::int, coalesce(nullif(m[2], '')::int, 0), 0) AS t, n
              FROM regexp_matches(label, '([0-9]{1,2})[h:]([0-9]{2})?', 'g') WITH ORDINALITY AS x(m, n)
             WHERE m[1]::int < 24) AS times
$$;

CREATE FUNCTION local_time(t timestamptz) RETURNS timestamp
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$ SELECT t AT TIME ZONE public.install_tz() $$;

CREATE FUNCTION show_time(t timestamptz) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$ SELECT to_char(t AT TIME ZONE public.install_tz(), 'YYYY-MM-DD HH24:MI') $$;

-- Whose quota a booking counts against: its registered beneficiary, else its owner.
CREATE FUNCTION booked_for(b booking) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(b.beneficiary, b.owner) $$;

-- Every rule but conflicts, for occurrences `occ` of one room with details `d` (name, type,
-- fields, tentative_until) booked for `who`. `replacing` are bookings this write replaces:
-- they do not count against quotas.
CREATE FUNCTION check_rules(rm room, occ tstzrange[], d jsonb, who text, replacing bigint[]) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area;
    admin boolean := public.is_admin();
    handler boolean := public.handles_room(rm.id);
    tz text := public.install_tz();
    bad tstzrange;
    bad_day date;
    f record;
    v text;
    n bigint;
    global_max integer;
    until timestamptz;
BEGIN
    SELECT * INTO a FROM public.area WHERE id = rm.area_id;
    IF rm.unavailable AND NOT handler THEN
        PERFORM public.refuse('room_unavailable', format('room %s is unavailable for now', rm.name),
            jsonb_build_object('room', rm.name));
    END IF;
    IF NOT rm.allow_past AND NOT admin THEN
        SELECT o INTO bad FROM unnest(occ) AS o WHERE lower(o) < now() ORDER BY lower(o) LIMIT 1;
        IF FOUND THEN
            PERFORM public.refuse('past', format('%s is in the past: room %s does not take bookings in the past',
                public.show_time(lower(bad)), rm.name), jsonb_build_object('start', lower(bad), 'room', rm.name));
        END IF;
    END IF;
    IF NOT handler THEN
        IF rm.min_minutes_before > 0 THEN
            SELECT o INTO bad FROM unnest(occ) AS o
             WHERE lower(o) >= now() AND lower(o) < now() + make_interval(mins => rm.min_minutes_before)
             ORDER BY lower(o) LIMIT 1;
            IF FOUND THEN
                PERFORM public.refuse('min_minutes_before', format('%s starts less than %s minutes from now',
                    public.show_time(lower(bad)), rm.min_minutes_before),
                    jsonb_build_object('start', lower(bad), 'limit', rm.min_minutes_before));
            END IF;
        END IF;
        IF rm.max_days_ahead >= 0 THEN
            SELECT o INTO bad FROM unnest(occ) AS o
             WHERE lower(o) > now() + make_interval(days => rm.max_days_ahead) ORDER BY lower(o) LIMIT 1;
            IF FOUND THEN
                PERFORM public.refuse('max_days_ahead', format('%s is more than %s days ahead',
                    public.show_time(lower(bad)), rm.max_days_ahead),
                    jsonb_build_object('start', lower(bad), 'limit', rm.max_days_ahead));
            END IF;
        END IF;
        IF rm.max_duration IS NOT NULL THEN
            SELECT o INTO bad FROM unnest(occ) AS o WHERE upper(o) - lower(o) > rm.max_duration LIMIT 1;
            IF FOUND THEN
                PERFORM public.refuse('max_duration', format('a booking of room %s lasts at most %s', rm.name, rm.max_duration),
                    jsonb_build_object('limit', extract(epoch FROM rm.max_duration)::bigint / 60,
                                       'minutes', extract(epoch FROM upper(bad) - lower(bad))::bigint / 60));
            END IF;
        END IF;
    END IF;
    IF NOT admin THEN
        SELECT b.day INTO bad_day FROM unnest(occ) AS o
          JOIN public.blocked_day b ON b.day BETWEEN (lower(o) AT TIME ZONE tz)::date
                                              AND ((upper(o) - interval '1 microsecond') AT TIME ZONE tz)::date
         ORDER BY b.day LIMIT 1;
        IF FOUND THEN
            PERFORM public.refuse('blocked_day', format('%s is a day without bookings', bad_day),
                jsonb_build_object('date', bad_day));
        END IF;
    END IF;
    -- The area's days.
    SELECT o INTO bad FROM unnest(occ) AS o
     WHERE a.days_shown & (1 << (extract(isodow FROM lower(o) AT TIME ZONE tz)::int - 1)) = 0
        OR a.days_shown & (1 << (extract(isodow FROM (upper(o) - interval '1 microsecond') AT TIME ZONE tz)::int - 1)) = 0
     LIMIT 1;
    IF FOUND THEN
        PERFORM public.refuse('closed_day', format('area %s does not open on %s', a.name,
            to_char(lower(bad) AT TIME ZONE tz, 'FMDay YYYY-MM-DD')),
            jsonb_build_object('area', a.name, 'date', (lower(bad) AT TIME ZONE tz)::date));
    END IF;
    -- The area's hours, or its named periods.
    IF a.periods IS NULL THEN
        SELECT o INTO bad FROM unnest(occ) AS o
         WHERE (lower(o) AT TIME ZONE tz)::time < a.day_start
            OR (lower(o) AT TIME ZONE tz)::time >= a.day_end
            OR (upper(o) AT TIME ZONE tz)::time > a.day_end
            OR ((upper(o) AT TIME ZONE tz)::time <= a.day_start AND NOT ((upper(o) AT TIME ZONE tz)::time = '00:00' AND a.day_end = '24:00'))
         LIMIT 1;
        IF FOUND THEN
            PERFORM public.refuse('outside_hours', format('%s–%s is outside the hours of area %s (%s–%s)',
                public.show_time(lower(bad)), public.show_time(upper(bad)), a.name,
                to_char(a.day_start, 'HH24:MI'), to_char(a.day_end, 'HH24:MI')),
                jsonb_build_object('start', lower(bad), 'end', upper(bad), 'area', a.name,
                    'from', to_char(a.day_start, 'HH24:MI'), 'to', to_char(a.day_end, 'HH24:MI')));
        END IF;
    ELSE
        SELECT o INTO bad FROM unnest(occ) AS o
         WHERE NOT EXISTS (SELECT FROM unnest(a.periods) AS p
                            WHERE (public.period_bounds(p))[1] = (lower(o) AT TIME ZONE tz)::time)
            OR NOT EXISTS (SELECT FROM unnest(a.periods) AS p
                            WHERE (public.period_bounds(p))[2] = (upper(o) AT TIME ZONE tz)::time)
         LIMIT 1;
        IF FOUND THEN
            PERFORM public.refuse('outside_periods', format('%s–%s does not match the periods of area %s',
                public.show_time(lower(bad)), public.show_time(upper(bad)), a.name),
                jsonb_build_object('start', lower(bad), 'end', upper(bad), 'area', a.name));
        END IF;
    END IF;
    IF a.enabled_types IS NOT NULL AND NOT (d ->> 'type' = ANY (a.enabled_types)) THEN
        PERFORM public.refuse('type_not_enabled', format('type %s is not used in area %s', d ->> 'type', a.name),
            jsonb_build_object('type', d ->> 'type', 'area', a.name));
    END IF;
    -- Additional fields.
    SELECT k INTO v FROM jsonb_object_keys(coalesce(d -> 'fields', '{}')) AS k
     WHERE NOT EXISTS (SELECT FROM public.area_field WHERE area_id = a.id AND name = k) LIMIT 1;
    IF FOUND THEN
        PERFORM public.refuse('unknown_field', format('area %s has no field %s', a.name, v),
            jsonb_build_object('field', v, 'area', a.name));
    END IF;
    FOR f IN SELECT * FROM public.area_field WHERE area_id = a.id ORDER BY sort_order, name LOOP
        v := btrim(coalesce(d -> 'fields' ->> f.name, ''));
        IF f.mandatory AND v = '' THEN
            PERFORM public.refuse('mandatory_field', format('field %s is mandatory', f.name),
                jsonb_build_object('field', f.name));
        END IF;
        IF f.kind = 'list' AND v <> '' AND NOT v = ANY (f.choices) THEN
            PERFORM public.refuse('field_choice', format('field %s: %s is not one of %s', f.name, v, array_to_string(f.choices, '|')),
                jsonb_build_object('field', f.name, 'value', v, 'choices', f.choices));
        END IF;
    END LOOP;
    -- Quotas count the bookings still to come of whoever the booking is for.
    IF NOT handler THEN
        n := (SELECT count(*) FROM unnest(occ) AS o WHERE upper(o) > now());
        IF rm.max_bookings_per_user >= 0 AND n + (SELECT count(*) FROM public.booking b
               WHERE b.room_id = rm.id AND public.booked_for(b) = who AND b.archived_at IS NULL
                 AND b.moderation <> 'refused' AND upper(b.during) > now() AND NOT b.id = ANY (replacing))
               > rm.max_bookings_per_user THEN
            PERFORM public.refuse('max_per_room', format('%s may have at most %s bookings of room %s to come',
                who, rm.max_bookings_per_user, rm.name),
                jsonb_build_object('limit', rm.max_bookings_per_user, 'room', rm.name, 'login', who));
        END IF;
        IF a.max_bookings_per_user >= 0 AND n + (SELECT count(*) FROM public.booking b JOIN public.room r ON r.id = b.room_id
               WHERE r.area_id = a.id AND public.booked_for(b) = who AND b.archived_at IS NULL
                 AND b.moderation <> 'refused' AND upper(b.during) > now() AND NOT b.id = ANY (replacing))
               > a.max_bookings_per_user THEN
            PERFORM public.refuse('max_per_area', format('%s may have at most %s bookings in area %s to come',
                who, a.max_bookings_per_user, a.name),
                jsonb_build_object('limit', a.max_bookings_per_user, 'area', a.name, 'login', who));
        END IF;
        global_max := (SELECT value::integer FROM public.setting WHERE name = 'booking.max_per_user');
        IF global_max >= 0 AND n + (SELECT count(*) FROM public.booking b
               WHERE public.booked_for(b) = who AND b.archived_at IS NULL
                 AND b.moderation <> 'refused' AND upper(b.during) > now() AND NOT b.id = ANY (replacing))
               > global_max THEN
            PERFORM public.refuse('max_per_user', format('%s may have at most %s bookings to come', who, global_max),
                jsonb_build_object('limit', global_max, 'login', who));
        END IF;
    END IF;
    until := (d ->> 'tentative_until')::timestamptz;
    IF until IS NOT NULL THEN
        IF rm.tentative_days = 0 THEN
            PERFORM public.refuse('tentative_not_allowed', format('room %s does not take tentative bookings', rm.name),
                jsonb_build_object('room', rm.name));
        END IF;
        IF until < now() OR until > now() + make_interval(days => rm.tentative_days)
           OR until > (SELECT min(lower(o)) FROM unnest(occ) AS o) THEN
            PERFORM public.refuse('tentative_deadline', format('confirm-by date %s: between now, the start and %s days from now',
                public.show_time(until), rm.tentative_days),
                jsonb_build_object('until', until, 'limit', rm.tentative_days));
        END IF;
    END IF;
END $$;

-- Bookings in the way of `occ` in room `target_room`, with what may be shown of them.
CREATE FUNCTION conflicts_of(target_room bigint, occ tstzrange[], replacing bigint[])
RETURNS TABLE (wanted tstzrange, id bigint, during tstzrange, name text, beneficiary text)
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT o, b.id, b.during, b.name,
           coalesce(u.display_name, b.external_name, b.beneficiary, b.owner)
      FROM unnest(occ) AS o
      JOIN public.booking b ON b.room_id = target_room AND b.during && o
                           AND b.archived_at IS NULL AND b.moderation <> 'refused'
                           AND NOT b.id = ANY (replacing)
      LEFT JOIN public.app_user u ON u.login = coalesce(b.beneficiary, CASE WHEN b.external_name IS NULL THEN b.owner END)
     ORDER BY lower(o)
$$;

-- The same, as the JSON a refusal carries: time, name, beneficiary and the wanted date.
CREATE FUNCTION conflicts_json(target_room bigint, occ tstzrange[], replacing bigint[]) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT jsonb_agg(jsonb_build_object('start', lower(c.during), 'end', upper(c.during), 'name', c.name,
                                        'beneficiary', c.beneficiary, 'date', public.local_time(lower(c.wanted))::date))
      FROM public.conflicts_of(target_room, occ, replacing) AS c
$$;

CREATE FUNCTION refuse_conflicts(clash jsonb) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM public.refuse('conflict', format('the room is already booked: %s',
        (SELECT string_agg(format('%s–%s %s (%s)', public.show_time((c ->> 'start')::timestamptz),
                to_char(public.local_time((c ->> 'end')::timestamptz), 'HH24:MI'), c ->> 'name', c ->> 'beneficiary'), '; ')
           FROM jsonb_array_elements(clash) AS c)),
        jsonb_build_object('conflicts', clash));
END $$;

CREATE FUNCTION queue_mail(kind text, booking_id bigint, recipients text[], payload jsonb DEFAULT '{}') RETURNS void
LANGUAGE sql SET search_path = pg_catalog, public
AS $$
    INSERT INTO public.outbox (kind, booking_id, recipients, payload)
    SELECT kind, booking_id, r, payload
      FROM (SELECT array_agg(DISTINCT x ORDER BY x) AS r FROM unnest(recipients) AS x WHERE x IS NOT NULL) AS t
     WHERE cardinality(r) > 0
$$;

-- Everyone a change to booking `b` concerns: its beneficiary (or external address), its owner
-- and the room's listed recipients.
CREATE FUNCTION concerned(b booking) RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT ARRAY[coalesce(b.beneficiary, b.external_email, b.owner), b.owner]
           || coalesce((SELECT array_agg(login) FROM public.room_mail WHERE room_id = b.room_id), '{}')
$$;

-- The shared core of booking and regenerating: checks, conflicts, insert. Returns
-- {"occurrences": [...], "skipped": [...]}.
-- Everything a booking must pass but conflicts: the count, the beneficiary, the rules.
CREATE FUNCTION check_booking(rm room, occ tstzrange[], d jsonb, replacing bigint[], check_beneficiary boolean)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE
    me public.user_status := public.current_status();
    handler boolean := public.handles_room(rm.id);
    who text := coalesce(d ->> 'beneficiary', session_user);
    max_occ integer := (SELECT value::integer FROM public.setting WHERE name = 'series.max_occurrences');
BEGIN
    IF cardinality(occ) IS NULL THEN
        PERFORM public.refuse('no_occurrence', 'nothing to book: no occurrence', '{}');
    END IF;
    IF max_occ >= 0 AND cardinality(occ) > max_occ THEN
        PERFORM public.refuse('too_many', format('a series has at most %s occurrences, not %s', max_occ, cardinality(occ)),
            jsonb_build_object('limit', max_occ, 'count', cardinality(occ)));
    END IF;
    IF EXISTS (SELECT FROM unnest(occ) WITH ORDINALITY AS x(o, i)
                 JOIN unnest(occ) WITH ORDINALITY AS y(o, i) ON x.i < y.i AND x.o && y.o) THEN
        PERFORM public.refuse('series_overlaps', 'the occurrences overlap each other', '{}');
    END IF;
    IF check_beneficiary AND ((d ? 'beneficiary' AND d ->> 'beneficiary' <> session_user) OR d ? 'external_name') THEN
        IF NOT handler AND NOT (rm.book_for_others IS NOT NULL AND me <= rm.book_for_others)
           AND NOT EXISTS (SELECT FROM public.room_delegate WHERE room_id = rm.id AND login = session_user) THEN
            PERFORM public.refuse('book_for_others', format('you may not book room %s for someone else', rm.name),
                jsonb_build_object('room', rm.name), '42501');
        END IF;
        IF d ? 'beneficiary' AND NOT EXISTS (SELECT FROM public.app_user WHERE login = d ->> 'beneficiary' AND active) THEN
            PERFORM public.refuse('unknown_beneficiary', format('no active user %s', d ->> 'beneficiary'),
                jsonb_build_object('login', d ->> 'beneficiary'));
        END IF;
    END IF;
    PERFORM public.check_rules(rm, occ, d, who, replacing);
END $$;

CREATE FUNCTION insert_occurrences(rm room, occ tstzrange[], d jsonb, series bigint, skip_conflicts boolean,
                                   replacing bigint[] DEFAULT '{}')
RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE
    handler boolean := public.handles_room(rm.id);
    clash jsonb;
    skipped jsonb := '[]';
    kept tstzrange[];
    made jsonb;
    state text;
BEGIN
    PERFORM public.check_booking(rm, occ, d, replacing, true);
    SELECT jsonb_agg(jsonb_build_object('start', lower(c.during), 'end', upper(c.during), 'name', c.name,
                                        'beneficiary', c.beneficiary, 'date', public.local_time(lower(c.wanted))::date)),
           array_agg(c.wanted)
      INTO clash, kept
      FROM public.conflicts_of(rm.id, occ, replacing) AS c;
    IF clash IS NOT NULL THEN
        IF NOT skip_conflicts THEN
            PERFORM public.refuse_conflicts(clash);
        END IF;
        skipped := (SELECT jsonb_agg(jsonb_build_object('date', c ->> 'date', 'reason', 'conflict',
                                                        'with', c ->> 'name', 'beneficiary', c ->> 'beneficiary'))
                      FROM jsonb_array_elements(clash) AS c);
        occ := ARRAY(SELECT o FROM unnest(occ) AS o WHERE NOT o = ANY (kept));
        IF cardinality(occ) = 0 THEN
            PERFORM public.refuse_conflicts(clash);
        END IF;
    END IF;
    state := CASE WHEN rm.moderated AND NOT handler THEN 'pending' ELSE 'none' END;
    BEGIN
        WITH made_rows AS (
            INSERT INTO public.booking (room_id, series_id, during, name, type, owner, beneficiary, external_name,
                                        external_email, short_description, description, fields, moderation,
                                        tentative_until)
            SELECT rm.id, series, o, d ->> 'name', d ->> 'type', session_user, d ->> 'beneficiary',
                   d ->> 'external_name', d ->> 'external_email', coalesce(d ->> 'short_description', ''),
                   coalesce(d ->> 'description', ''), coalesce(d -> 'fields', '{}'), state,
                   (d ->> 'tentative_until')::timestamptz
              FROM unnest(occ) AS o
            RETURNING id, during)
        SELECT jsonb_agg(jsonb_build_object('id', id, 'start', lower(during), 'end', upper(during)) ORDER BY lower(during))
          INTO made FROM made_rows;
    EXCEPTION WHEN exclusion_violation THEN
        -- Someone booked the slot between the check and the insert.
        PERFORM public.refuse_conflicts(coalesce(public.conflicts_json(rm.id, occ, replacing), '[]'));
    END;
    PERFORM public.queue_mail(CASE WHEN replacing = '{}' THEN 'booking_created' ELSE 'booking_changed' END,
                              (made -> 0 ->> 'id')::bigint, public.concerned(b),
                              jsonb_build_object('occurrences', jsonb_array_length(made)))
       FROM public.booking b WHERE b.id = (made -> 0 ->> 'id')::bigint;
    IF state = 'pending' THEN
        PERFORM public.queue_mail('moderation_pending', (made -> 0 ->> 'id')::bigint, public.room_handlers(rm.id),
                                  jsonb_build_object('requester', session_user::text));
    END IF;
    RETURN jsonb_build_object('occurrences', made, 'skipped', skipped);
END $$;

-- The room, if the session sees it and may book at all.
CREATE FUNCTION bookable_room(target_room bigint) RETURNS room
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
    RETURN rm;
END $$;

-- Fills in what a booking takes by default: the area's default type, else the first type.
CREATE FUNCTION complete_details(rm room, d jsonb) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT CASE WHEN d ->> 'type' IS NOT NULL THEN d ELSE d || jsonb_build_object('type', coalesce(
        (SELECT default_type FROM public.area WHERE id = rm.area_id),
        (SELECT letter FROM public.booking_type ORDER BY sort_order, letter LIMIT 1))) END
$$;

-- Books `occurrences` of one room: one booking, or a series when `series` holds its rule
-- ({"rule": {...}, "start": local, "end": local, "until": date}). All or nothing, unless
-- skip_conflicts books what is free and reports the rest.
CREATE FUNCTION book(room_id bigint, occurrences tstzrange[], details jsonb, series jsonb DEFAULT NULL,
                     skip_conflicts boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    rm public.room := public.bookable_room(room_id);
    d jsonb := public.complete_details(rm, jsonb_strip_nulls(details));
    series_id bigint;
    result jsonb;
BEGIN
    IF series IS NOT NULL THEN
        INSERT INTO public.booking_series (room_id, rule, start_local, end_local, until)
        VALUES (rm.id, series -> 'rule', (series ->> 'start')::timestamp, (series ->> 'end')::timestamp,
                (series ->> 'until')::date)
        RETURNING id INTO series_id;
    END IF;
    result := public.insert_occurrences(rm, occurrences, d, series_id, skip_conflicts);
    RETURN jsonb_build_object('series_id', series_id) || result;
END $$;

-- May the session change or delete booking `b`? Raises if not. Seed 003 section 1.5: admins
-- everything; site and area admins their areas; room managers their rooms; users their own
-- bookings on available rooms, unless the room says users may not modify their own.
CREATE FUNCTION check_may_change(b booking) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
DECLARE
    rm public.room;
    me public.user_status := public.current_status();
BEGIN
    SELECT * INTO rm FROM public.room WHERE id = b.room_id;
    IF b.archived_at IS NOT NULL OR NOT public.can_see_room(b.room_id) THEN
        PERFORM public.refuse('no_such_booking', format('no booking %s', b.id), jsonb_build_object('id', b.id));
    END IF;
    IF NOT public.handles_room(b.room_id) THEN
        IF me IS NULL OR me = 'visitor' OR session_user NOT IN (b.owner, coalesce(b.beneficiary, b.owner)) THEN
            PERFORM public.refuse('not_yours', format('booking %s is not yours', b.id), jsonb_build_object('id', b.id), '42501');
        END IF;
        IF rm.unavailable THEN
            PERFORM public.refuse('room_unavailable', format('room %s is unavailable for now', rm.name),
                jsonb_build_object('room', rm.name));
        END IF;
        IF rm.users_may_not_modify_own THEN
            PERFORM public.refuse('not_yours', format('only the managers of room %s change its bookings', rm.name),
                jsonb_build_object('id', b.id), '42501');
        END IF;
    END IF;
    IF lower(b.during) < now() AND NOT rm.allow_past AND NOT public.is_admin() THEN
        PERFORM public.refuse('past', format('%s is in the past: room %s does not take changes in the past',
            public.show_time(lower(b.during)), rm.name), jsonb_build_object('start', lower(b.during), 'room', rm.name));
    END IF;
END $$;

CREATE FUNCTION booking_row(booking_id bigint) RETURNS booking
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE b public.booking;
BEGIN
    SELECT * INTO b FROM public.booking WHERE id = booking_id FOR UPDATE;
    IF NOT FOUND OR NOT public.can_see_room(b.room_id) THEN
        PERFORM public.refuse('no_such_booking', format('no booking %s', booking_id), jsonb_build_object('id', booking_id));
    END IF;
    RETURN b;
END $$;

-- Edits one booking in place: the keys present in `changes` replace its values; `during` and
-- `room_id` move it. An edited occurrence leaves its series (seed 003 section 4.6).
CREATE FUNCTION booking_edit(booking_id bigint, changes jsonb, during tstzrange DEFAULT NULL, room_id bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
    rm public.room;
    d jsonb;
    span tstzrange;
    clash jsonb;
BEGIN
    PERFORM public.check_may_change(b);
    rm := public.bookable_room(coalesce(room_id, b.room_id));
    d := jsonb_strip_nulls(jsonb_build_object('name', b.name, 'type', b.type, 'beneficiary', b.beneficiary,
            'external_name', b.external_name, 'external_email', b.external_email,
            'short_description', b.short_description, 'description', b.description, 'fields', b.fields,
            'tentative_until', b.tentative_until));
    IF changes ? 'external_name' THEN
        d := d - 'beneficiary';
    END IF;
    IF changes ? 'beneficiary' THEN
        d := d - 'external_name' - 'external_email';
    END IF;
    d := public.complete_details(rm, jsonb_strip_nulls(d || changes));
    span := coalesce(during, b.during);
    PERFORM public.check_booking(rm, ARRAY[span], d, ARRAY[b.id], changes ? 'beneficiary' OR changes ? 'external_name');
    clash := public.conflicts_json(rm.id, ARRAY[span], ARRAY[b.id]);
    IF clash IS NOT NULL THEN
        PERFORM public.refuse_conflicts(clash);
    END IF;
    BEGIN
        UPDATE public.booking
           SET room_id = rm.id, during = span, series_id = NULL, name = d ->> 'name', type = d ->> 'type',
               beneficiary = d ->> 'beneficiary', external_name = d ->> 'external_name',
               external_email = d ->> 'external_email', short_description = coalesce(d ->> 'short_description', ''),
               description = coalesce(d ->> 'description', ''), fields = coalesce(d -> 'fields', '{}'),
               tentative_until = (d ->> 'tentative_until')::timestamptz,
               moderation = CASE WHEN rm.moderated AND NOT public.handles_room(rm.id)
                                 AND (rm.id <> b.room_id OR span <> b.during) THEN 'pending' ELSE b.moderation END,
               updated_at = now()
         WHERE id = b.id;
    EXCEPTION WHEN exclusion_violation THEN
        PERFORM public.refuse_conflicts(coalesce(public.conflicts_json(rm.id, ARRAY[span], ARRAY[b.id]), '[]'));
    END;
    PERFORM public.queue_mail('booking_changed', b.id, public.concerned(n)) FROM public.booking n WHERE n.id = b.id;
    RETURN jsonb_build_object('series_id', NULL, 'skipped', '[]'::jsonb,
        'occurrences', jsonb_build_array(jsonb_build_object('id', b.id, 'start', lower(span), 'end', upper(span))));
END $$;

-- Regenerates a series from its new rule and occurrences, re-creating deleted ones. Whoever may
-- not change the past keeps the series' past occurrences as they were.
CREATE FUNCTION series_edit(series_id bigint, occurrences tstzrange[], details jsonb, series jsonb,
                            skip_conflicts boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    s public.booking_series;
    rm public.room;
    b public.booking;
    keep_past boolean;
    old_ids bigint[];
    base jsonb;
    result jsonb;
BEGIN
    SELECT * INTO s FROM public.booking_series WHERE id = series_id FOR UPDATE;
    IF NOT FOUND OR NOT public.can_see_room(s.room_id) THEN
        PERFORM public.refuse('no_such_booking', format('no series %s', series_id), jsonb_build_object('id', series_id));
    END IF;
    rm := public.bookable_room(s.room_id);
    keep_past := NOT rm.allow_past AND NOT public.is_admin();
    FOR b IN SELECT * FROM public.booking WHERE booking.series_id = s.id AND archived_at IS NULL
                AND NOT (keep_past AND lower(booking.during) < now()) FOR UPDATE LOOP
        PERFORM public.check_may_change(b);
        old_ids := old_ids || b.id;
    END LOOP;
    IF old_ids IS NULL AND NOT public.handles_room(s.room_id) AND s.created_by <> session_user THEN
        PERFORM public.refuse('not_yours', format('series %s is not yours', s.id), jsonb_build_object('id', s.id), '42501');
    END IF;
    UPDATE public.booking SET archived_at = now(), updated_at = now() WHERE id = ANY (coalesce(old_ids, '{}'));
    UPDATE public.booking_series
       SET rule = series -> 'rule', start_local = (series ->> 'start')::timestamp,
           end_local = (series ->> 'end')::timestamp, until = (series ->> 'until')::date
     WHERE id = s.id;
    IF keep_past THEN
        occurrences := ARRAY(SELECT o FROM unnest(occurrences) AS o WHERE lower(o) >= now());
    END IF;
    -- What the occurrences say now is the base the changes apply to.
    SELECT jsonb_strip_nulls(jsonb_build_object('name', m.name, 'type', m.type, 'beneficiary', m.beneficiary,
               'external_name', m.external_name, 'external_email', m.external_email,
               'short_description', m.short_description, 'description', m.description, 'fields', m.fields))
      INTO base FROM public.booking m WHERE m.series_id = s.id ORDER BY m.archived_at DESC NULLS FIRST, lower(m.during) LIMIT 1;
    result := public.insert_occurrences(rm, occurrences,
                                        public.complete_details(rm, jsonb_strip_nulls(coalesce(base, '{}') || details)),
                                        s.id, skip_conflicts, coalesce(old_ids, '{}'));
    RETURN jsonb_build_object('series_id', s.id, 'replaces', to_jsonb(coalesce(old_ids, '{}'))) || result;
END $$;

-- Deleting archives. With whole_series, every occurrence of the booking's series still to be
-- changed goes, and the periodicity with them.
CREATE FUNCTION booking_delete(booking_id bigint, whole_series boolean DEFAULT false) RETURNS bigint[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
    m public.booking;
    gone bigint[] := '{}';
BEGIN
    FOR m IN SELECT * FROM public.booking
              WHERE archived_at IS NULL
                AND (id = b.id OR (whole_series AND b.series_id IS NOT NULL AND series_id = b.series_id))
              ORDER BY lower(during) FOR UPDATE LOOP
        IF whole_series AND m.id <> b.id AND lower(m.during) < now() AND NOT public.is_admin()
           AND NOT (SELECT allow_past FROM public.room WHERE id = m.room_id) THEN
            CONTINUE;
        END IF;
        PERFORM public.check_may_change(m);
        gone := gone || m.id;
    END LOOP;
    UPDATE public.booking SET archived_at = now(), updated_at = now() WHERE id = ANY (gone);
    PERFORM public.queue_mail('booking_deleted', b.id, public.concerned(b),
                              jsonb_build_object('occurrences', cardinality(gone)));
    RETURN gone;
END $$;

-- Deleting a periodicity: the occurrences stay, independent of each other.
CREATE FUNCTION series_detach(series_id bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    s public.booking_series;
    n bigint;
BEGIN
    SELECT * INTO s FROM public.booking_series WHERE id = series_id FOR UPDATE;
    IF NOT FOUND OR NOT public.can_see_room(s.room_id) THEN
        PERFORM public.refuse('no_such_booking', format('no series %s', series_id), jsonb_build_object('id', series_id));
    END IF;
    IF NOT public.handles_room(s.room_id) AND s.created_by <> session_user THEN
        PERFORM public.refuse('not_yours', format('series %s is not yours', s.id), jsonb_build_object('id', s.id), '42501');
    END IF;
    UPDATE public.booking SET series_id = NULL, updated_at = now() WHERE booking.series_id = s.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM public.booking_series WHERE id = s.id;
    RETURN n;
END $$;

-- Accepts or refuses a pending booking, or every pending occurrence of its series. A refusal
-- archives; refusing a series also detaches the occurrences already accepted (seed 003 5.3).
CREATE FUNCTION booking_moderate(booking_id bigint, accept boolean, reason text DEFAULT '', whole_series boolean DEFAULT false)
RETURNS bigint[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
    m public.booking;
    done bigint[] := '{}';
BEGIN
    IF NOT public.handles_room(b.room_id) THEN
        PERFORM public.refuse('not_moderator', 'only the managers of the room moderate its bookings',
            jsonb_build_object('id', b.id), '42501');
    END IF;
    IF b.moderation <> 'pending' AND NOT whole_series THEN
        PERFORM public.refuse('not_pending', format('booking %s is not waiting for moderation', b.id),
            jsonb_build_object('id', b.id));
    END IF;
    FOR m IN SELECT * FROM public.booking
              WHERE archived_at IS NULL AND moderation = 'pending'
                AND (id = b.id OR (whole_series AND b.series_id IS NOT NULL AND series_id = b.series_id))
              FOR UPDATE LOOP
        INSERT INTO public.booking_decision (booking_id, decision, reason, booking_copy)
        VALUES (m.id, CASE WHEN accept THEN 'accepted' ELSE 'refused' END, coalesce(reason, ''), to_jsonb(m));
        done := done || m.id;
    END LOOP;
    IF cardinality(done) = 0 THEN
        PERFORM public.refuse('not_pending', format('booking %s is not waiting for moderation', b.id),
            jsonb_build_object('id', b.id));
    END IF;
    UPDATE public.booking
       SET moderation = CASE WHEN accept THEN 'accepted' ELSE 'refused' END,
           archived_at = CASE WHEN accept THEN NULL ELSE now() END, updated_at = now()
     WHERE id = ANY (done);
    IF NOT accept AND whole_series AND b.series_id IS NOT NULL THEN
        UPDATE public.booking SET series_id = NULL, updated_at = now()
         WHERE series_id = b.series_id AND NOT id = ANY (done);
    END IF;
    PERFORM public.queue_mail('moderation_decided', b.id, public.concerned(b),
        jsonb_build_object('decision', CASE WHEN accept THEN 'accepted' ELSE 'refused' END, 'reason', reason,
                           'occurrences', cardinality(done)));
    RETURN done;
END $$;

-- Loans (seed 003 section 4.7): returned, borrowed, or borrowed with overdue notices.
CREATE FUNCTION booking_loan(booking_id bigint, state text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
BEGIN
    IF NOT public.handles_room(b.room_id) THEN
        PERFORM public.refuse('not_moderator', 'only the managers of the room mark loans',
            jsonb_build_object('id', b.id), '42501');
    END IF;
    IF state NOT IN ('returned', 'borrowed', 'overdue') THEN
        PERFORM public.refuse('loan_state', format('%s: returned, borrowed or overdue', state), jsonb_build_object('state', state));
    END IF;
    BEGIN
        UPDATE public.booking SET loan = state, updated_at = now() WHERE id = b.id;
    EXCEPTION WHEN unique_violation THEN
        PERFORM public.refuse('one_loan_per_room', 'another booking of this room is already marked borrowed',
            jsonb_build_object('id', (SELECT id FROM public.booking WHERE room_id = b.room_id AND archived_at IS NULL
                                       AND loan IN ('borrowed', 'overdue') LIMIT 1)));
    END;
    IF state = 'overdue' THEN
        PERFORM public.queue_mail('loan_overdue', b.id,
            ARRAY[coalesce(b.beneficiary, b.external_email, b.owner)] || public.room_handlers(b.room_id));
    END IF;
END $$;

-- Confirms a tentative booking: it no longer expires.
CREATE FUNCTION booking_confirm(booking_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
BEGIN
    PERFORM public.check_may_change(b);
    UPDATE public.booking SET tentative_until = NULL, updated_at = now() WHERE id = b.id;
END $$;

-- The periodic tasks (`intendant tasks run`, from cron): archive tentative bookings not
-- confirmed in time, and queue one overdue notice a day per overdue loan.
CREATE FUNCTION run_tasks() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    expired bigint;
    notices bigint;
BEGIN
    IF NOT public.is_admin() THEN
        PERFORM public.refuse('admin_only', 'only an administrator runs the tasks', '{}', '42501');
    END IF;
    WITH gone AS (
        UPDATE public.booking SET archived_at = now(), updated_at = now()
         WHERE archived_at IS NULL AND tentative_until IS NOT NULL AND tentative_until < now()
        RETURNING *)
    INSERT INTO public.outbox (kind, booking_id, recipients, payload)
    SELECT 'tentative_expired', g.id, public.concerned(g::public.booking), jsonb_build_object('until', g.tentative_until)
      FROM gone AS g;
    GET DIAGNOSTICS expired = ROW_COUNT;
    INSERT INTO public.outbox (kind, booking_id, recipients)
    SELECT 'loan_overdue', b.id, ARRAY[coalesce(b.beneficiary, b.external_email, b.owner)] || public.room_handlers(b.room_id)
      FROM public.booking b
     WHERE b.archived_at IS NULL AND b.loan = 'overdue' AND upper(b.during) < now()
       AND NOT EXISTS (SELECT FROM public.outbox o WHERE o.booking_id = b.id AND o.kind = 'loan_overdue'
                                                     AND o.created_at >= date_trunc('day', now()));
    GET DIAGNOSTICS notices = ROW_COUNT;
    RETURN jsonb_build_object('tentative_expired', expired, 'overdue_notices', notices);
END $$;

-- Bulk booking (seed 003 section 5.5): the same ranges on many rooms, for the administrators of
-- every room concerned. Conflicting bookings are replaced (archived, so the history keeps them)
-- only with `force`; without it they are listed and nothing is written.
CREATE FUNCTION bulk_book(rooms bigint[], ranges tstzrange[], details jsonb, force boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    r bigint;
    clash jsonb;
    replaced bigint[];
    made bigint;
    d jsonb := jsonb_strip_nulls(details);
BEGIN
    FOREACH r IN ARRAY rooms LOOP
        IF NOT EXISTS (SELECT FROM public.room WHERE id = r) OR NOT public.can_see_room(r)
           OR NOT EXISTS (SELECT FROM public.room WHERE id = r AND public.administers_area(area_id)) THEN
            PERFORM public.refuse('bulk_admin_only', format('bulk booking needs the administration of room %s', r),
                jsonb_build_object('room', r::text), '42501');
        END IF;
    END LOOP;
    SELECT jsonb_agg(jsonb_build_object('id', c.id, 'room', rm.name, 'start', lower(c.during), 'end', upper(c.during),
                                        'name', c.name, 'beneficiary', c.beneficiary) ORDER BY rm.name, lower(c.during)),
           array_agg(c.id)
      INTO clash, replaced
      FROM unnest(rooms) AS x(room_id) JOIN public.room rm ON rm.id = x.room_id,
           LATERAL public.conflicts_of(x.room_id, ranges, '{}') AS c;
    IF clash IS NOT NULL AND NOT force THEN
        PERFORM public.refuse('bulk_conflict', format('%s bookings are in the way; --force replaces them',
            jsonb_array_length(clash)), jsonb_build_object('conflicts', clash));
    END IF;
    UPDATE public.booking SET archived_at = now(), updated_at = now() WHERE id = ANY (coalesce(replaced, '{}'));
    IF d ->> 'name' IS NOT NULL THEN
        INSERT INTO public.booking (room_id, during, name, type, owner, short_description, description)
        SELECT x.room_id, o, d ->> 'name',
               coalesce(d ->> 'type', (SELECT letter FROM public.booking_type ORDER BY sort_order, letter LIMIT 1)),
               session_user, coalesce(d ->> 'short_description', ''), coalesce(d ->> 'description', '')
          FROM unnest(rooms) AS x(room_id), unnest(ranges) AS o;
        GET DIAGNOSTICS made = ROW_COUNT;
    END IF;
    RETURN jsonb_build_object('created', coalesce(made, 0), 'replaced', coalesce(clash, '[]'));
END $$;

REVOKE EXECUTE ON FUNCTION refuse(text, text, jsonb, text), check_rules(room, tstzrange[], jsonb, text, bigint[]),
    insert_occurrences(room, tstzrange[], jsonb, bigint, boolean, bigint[]), queue_mail(text, bigint, text[], jsonb),
    check_may_change(booking), booking_row(bigint), check_booking(room, tstzrange[], jsonb, bigint[], boolean), bookable_room(bigint), refuse_conflicts(jsonb)
    FROM PUBLIC;

-- "Make a room temporarily unavailable" belongs to whoever handles it (seed 003 section 1.5).
CREATE FUNCTION room_set_unavailable(target_room bigint, unavailable boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT public.can_see_room(target_room) OR NOT public.handles_room(target_room) THEN
        PERFORM public.refuse('not_moderator', 'only the managers of the room may make it unavailable',
            jsonb_build_object('room', target_room::text), '42501');
    END IF;
    UPDATE public.room SET unavailable = room_set_unavailable.unavailable WHERE id = target_room;
END $$;
