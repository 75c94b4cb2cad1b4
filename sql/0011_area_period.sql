-- 0011 named periods as rows: each period's label and its two times, read by the one parser
-- (the app's, when an administrator loads the setup) and never parsed again. Before, the
-- database and the app each read the label and disagreed ("8h5-9h": 08:00 here, 08:05 there),
-- so the form could offer a slot the database refused.
CREATE TABLE area_period (
    area_id bigint NOT NULL REFERENCES area ON DELETE CASCADE,
    position smallint NOT NULL CHECK (position BETWEEN 1 AND 50),
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    starts time NOT NULL,
    ends time NOT NULL,
    PRIMARY KEY (area_id, position),
    CHECK (starts < ends)
);

-- The labels already stored, read this once (hours and minutes of one or two digits, as the
-- app reads them).
INSERT INTO area_period (area_id, position, label, starts, ends)
SELECT a.id, p.n, p.label, t.times[1], t.times[2]
  FROM area a, unnest(a.periods) WITH ORDINALITY AS p(label, n),
       LATERAL (SELECT (array_agg(make_time(m[1]::int, coalesce(nullif(m[2], '')::int, 0), 0) ORDER BY k))[1:2] AS times
                  FROM regexp_matches(p.label, '([0-9]{1,2})[h:]([0-9]{1,2})?', 'g') WITH ORDINALITY AS x(m, k)
                 WHERE m[1]::int < 24 AND coalesce(nullif(m[2], '')::int, 0) < 60) AS t
 WHERE cardinality(t.times) = 2 AND t.times[1] < t.times[2];

ALTER TABLE area_period ENABLE ROW LEVEL SECURITY;
CREATE POLICY area_period_visible ON area_period FOR SELECT USING (public.can_see_area(area_id));
CREATE POLICY area_period_admins_write ON area_period FOR ALL USING (public.is_admin()) WITH CHECK (public.is_admin());
SELECT grant_to_members('SELECT', 'area_period');
SELECT grant_to_members('INSERT, UPDATE, DELETE', 'area_period');

CREATE OR REPLACE FUNCTION check_rules(rm room, occ tstzrange[], d jsonb, who text, replacing bigint[]) RETURNS void
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
    IF NOT EXISTS (SELECT FROM public.area_period WHERE area_id = a.id) THEN
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
         WHERE NOT EXISTS (SELECT FROM public.area_period p
                            WHERE p.area_id = a.id AND p.starts = (lower(o) AT TIME ZONE tz)::time)
            OR NOT EXISTS (SELECT FROM public.area_period p
                            WHERE p.area_id = a.id AND p.ends = (upper(o) AT TIME ZONE tz)::time)
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

ALTER TABLE area DROP COLUMN periods;
DROP FUNCTION period_bounds(text);
