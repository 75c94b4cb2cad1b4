-- 0013 editing series, moving bookings between areas, naming the rule that refuses.
--
-- A series remembers what it left out: the dates skipped when it was made or regenerated
-- (blocked days, conflicts) and the occurrences edited alone (detached). Regenerating it
-- (seed 003 section 4.6) re-creates deleted occurrences but neither of those: a detached
-- occurrence stays as it was, on its own, and its date is not booked twice. Changing only
-- what the occurrences say (name, descriptions, type, fields) changes them in place and
-- keeps their ids.

ALTER TABLE booking_series ADD COLUMN skipped date[] NOT NULL DEFAULT '{}';

-- The local date an occurrence had in its series, kept when it is edited alone.
ALTER TABLE booking ADD COLUMN series_date date;
-- The series an occurrence left by being edited alone.
ALTER TABLE booking ADD COLUMN detached_from bigint REFERENCES booking_series ON DELETE SET NULL;
CREATE INDEX booking_detached ON booking (detached_from) WHERE detached_from IS NOT NULL;

UPDATE booking SET series_date = local_time(lower(during))::date WHERE series_id IS NOT NULL;

CREATE FUNCTION stamp_series_date() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.series_id IS NOT NULL THEN
        NEW.series_date := public.local_time(lower(NEW.during))::date;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER booking_series_date BEFORE INSERT ON booking
    FOR EACH ROW EXECUTE FUNCTION stamp_series_date();

-- A user whose room says "users may not modify their own bookings" is told that rule, not
-- that the booking is someone else's.
CREATE OR REPLACE FUNCTION check_may_change(b booking) RETURNS void
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
            PERFORM public.refuse('managers_only', format('only the managers of room %s change its bookings', rm.name),
                jsonb_build_object('id', b.id, 'room', rm.name), '42501');
        END IF;
    END IF;
    IF lower(b.during) < now() AND NOT rm.allow_past AND NOT public.is_admin() THEN
        PERFORM public.refuse('past', format('%s is in the past: room %s does not take changes in the past',
            public.show_time(lower(b.during)), rm.name), jsonb_build_object('start', lower(b.during), 'room', rm.name));
    END IF;
END $$;

-- The additional fields a booking keeps: `changes` over `old`, emptied ones dropped, and only
-- those the area defines (a booking moved to another area takes that area's fields).
CREATE FUNCTION fields_for_area(area bigint, old jsonb, changes jsonb) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(jsonb_object_agg(k, v), '{}')
      FROM jsonb_each_text(coalesce(old, '{}') || coalesce(changes, '{}')) AS x(k, v)
     WHERE btrim(v) <> '' AND EXISTS (SELECT FROM public.area_field f WHERE f.area_id = area AND f.name = k)
$$;

CREATE OR REPLACE FUNCTION booking_edit(booking_id bigint, changes jsonb, during tstzrange DEFAULT NULL, room_id bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
    rm public.room;
    d jsonb;
    for_check jsonb;
    span tstzrange;
    clash jsonb;
    moved boolean;
BEGIN
    PERFORM public.check_may_change(b);
    rm := public.bookable_room(coalesce(room_id, b.room_id));
    moved := rm.id <> b.room_id;
    d := jsonb_strip_nulls(jsonb_build_object('name', b.name, 'type', b.type, 'beneficiary', b.beneficiary,
            'external_name', b.external_name, 'external_email', b.external_email,
            'short_description', b.short_description, 'description', b.description,
            'tentative_until', b.tentative_until));
    IF changes ? 'external_name' THEN
        d := d - 'beneficiary';
    END IF;
    IF changes ? 'beneficiary' THEN
        d := d - 'external_name' - 'external_email';
    END IF;
    d := public.complete_details(rm, jsonb_strip_nulls(d || (changes - 'fields')))
         || jsonb_build_object('fields', public.fields_for_area(rm.area_id, b.fields, changes -> 'fields'));
    -- The person the booking is for: its beneficiary, else its owner (not whoever edits it).
    for_check := CASE WHEN d ? 'beneficiary' OR d ? 'external_name' THEN d
                      ELSE d || jsonb_build_object('beneficiary', b.owner) END;
    span := coalesce(during, b.during);
    PERFORM public.check_booking(rm, ARRAY[span], for_check, ARRAY[b.id],
                                 moved OR changes ? 'beneficiary' OR changes ? 'external_name');
    IF moved AND NOT public.handles_room(rm.id) AND rm.users_may_not_modify_own THEN
        PERFORM public.refuse('managers_only', format('only the managers of room %s change its bookings', rm.name),
            jsonb_build_object('id', b.id, 'room', rm.name), '42501');
    END IF;
    clash := public.conflicts_json(rm.id, ARRAY[span], ARRAY[b.id]);
    IF clash IS NOT NULL THEN
        PERFORM public.refuse_conflicts(clash);
    END IF;
    BEGIN
        UPDATE public.booking
           SET room_id = rm.id, during = span, series_id = NULL,
               detached_from = coalesce(b.series_id, b.detached_from),
               name = d ->> 'name', type = d ->> 'type',
               beneficiary = d ->> 'beneficiary', external_name = d ->> 'external_name',
               external_email = d ->> 'external_email', short_description = coalesce(d ->> 'short_description', ''),
               description = coalesce(d ->> 'description', ''), fields = d -> 'fields',
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

-- The dates of a `skipped` report ([{"date": …}, …]).
CREATE FUNCTION skipped_dates(report jsonb) RETURNS date[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(DISTINCT (x ->> 'date')::date), '{}')
      FROM jsonb_array_elements(coalesce(report, '[]')) AS x WHERE x ->> 'date' IS NOT NULL
$$;

-- The dates a series left out: those it had, and those of two `skipped` reports (the
-- client's blocked days, the conflicts skipped here), each once, in order.
CREATE FUNCTION left_out(had date[], client jsonb, here jsonb) RETURNS date[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public
AS $$
    SELECT ARRAY(SELECT DISTINCT x
                   FROM unnest(had || public.skipped_dates(client) || public.skipped_dates(here)) AS x
                  ORDER BY x)
$$;

-- As before, and the series remembers the dates it left out (`series.skipped`, the client's
-- blocked days, and the conflicts skipped here).
CREATE OR REPLACE FUNCTION book(room_id bigint, occurrences tstzrange[], details jsonb, series jsonb DEFAULT NULL,
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
    IF series_id IS NOT NULL THEN
        UPDATE public.booking_series
           SET skipped = public.left_out('{}', series -> 'skipped', result -> 'skipped')
         WHERE id = series_id;
    END IF;
    RETURN jsonb_build_object('series_id', series_id) || result;
END $$;

-- Changing a whole series. Same rule, first occurrence and end date, and every occurrence
-- still to be changed among those asked for: they take the new details in place (their ids
-- stay). Otherwise the series is
-- regenerated from `occurrences`, except the dates it left out before and the dates of its
-- detached occurrences, which are reported as skipped. Whoever may not change the past keeps
-- the series' past occurrences as they were.
CREATE OR REPLACE FUNCTION series_edit(series_id bigint, occurrences tstzrange[], details jsonb, series jsonb,
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
    spans tstzrange[];
    base jsonb;
    d jsonb;
    left_out jsonb;
    result jsonb;
BEGIN
    SELECT * INTO s FROM public.booking_series WHERE id = series_id FOR UPDATE;
    IF NOT FOUND OR NOT public.can_see_room(s.room_id) THEN
        PERFORM public.refuse('no_such_booking', format('no series %s', series_id), jsonb_build_object('id', series_id));
    END IF;
    rm := public.bookable_room(s.room_id);
    keep_past := NOT rm.allow_past AND NOT public.is_admin();
    FOR b IN SELECT * FROM public.booking WHERE booking.series_id = s.id AND archived_at IS NULL
                AND NOT (keep_past AND lower(booking.during) < now()) ORDER BY lower(booking.during) FOR UPDATE LOOP
        PERFORM public.check_may_change(b);
        old_ids := old_ids || b.id;
        spans := spans || b.during;
    END LOOP;
    IF old_ids IS NULL AND NOT public.handles_room(s.room_id) AND s.created_by <> session_user THEN
        PERFORM public.refuse('not_yours', format('series %s is not yours', s.id), jsonb_build_object('id', s.id), '42501');
    END IF;
    -- What the occurrences say now is the base the changes apply to.
    SELECT jsonb_strip_nulls(jsonb_build_object('name', m.name, 'type', m.type, 'beneficiary', m.beneficiary,
               'external_name', m.external_name, 'external_email', m.external_email,
               'short_description', m.short_description, 'description', m.description, 'fields', m.fields))
      INTO base FROM public.booking m WHERE m.series_id = s.id ORDER BY m.archived_at DESC NULLS FIRST, lower(m.during) LIMIT 1;
    base := coalesce(base, '{}');
    d := public.complete_details(rm, jsonb_strip_nulls(base || (details - 'fields')))
         || jsonb_build_object('fields', public.fields_for_area(rm.area_id, base -> 'fields', details -> 'fields'));

    IF s.rule = series -> 'rule' AND s.start_local = (series ->> 'start')::timestamp
       AND s.end_local = (series ->> 'end')::timestamp AND s.until = (series ->> 'until')::date
       AND coalesce((SELECT bool_and(sp = ANY (occurrences)) FROM unnest(spans) AS sp), true) THEN
        IF old_ids IS NULL THEN
            PERFORM public.refuse('no_occurrence', 'nothing to change: no occurrence of the series is left', '{}');
        END IF;
        PERFORM public.check_booking(rm, spans, d, old_ids, details ? 'beneficiary' OR details ? 'external_name');
        UPDATE public.booking
           SET name = d ->> 'name', type = d ->> 'type', beneficiary = d ->> 'beneficiary',
               external_name = d ->> 'external_name', external_email = d ->> 'external_email',
               short_description = coalesce(d ->> 'short_description', ''),
               description = coalesce(d ->> 'description', ''), fields = d -> 'fields', updated_at = now()
         WHERE id = ANY (old_ids);
        PERFORM public.queue_mail('booking_changed', old_ids[1], public.concerned(n),
                                  jsonb_build_object('occurrences', cardinality(old_ids)))
           FROM public.booking n WHERE n.id = old_ids[1];
        RETURN jsonb_build_object('series_id', s.id, 'replaces', '[]'::jsonb, 'skipped', '[]'::jsonb,
            'occurrences', (SELECT jsonb_agg(jsonb_build_object('id', id, 'start', lower(during), 'end', upper(during))
                                             ORDER BY lower(during))
                              FROM public.booking WHERE id = ANY (old_ids)));
    END IF;

    UPDATE public.booking SET archived_at = now(), updated_at = now() WHERE id = ANY (coalesce(old_ids, '{}'));
    IF keep_past THEN
        occurrences := ARRAY(SELECT o FROM unnest(occurrences) AS o WHERE lower(o) >= now());
    END IF;
    SELECT jsonb_agg(jsonb_build_object('date', x.day, 'reason', x.reason) ORDER BY x.day)
      INTO left_out
      FROM (SELECT public.local_time(lower(o))::date AS day,
                   CASE WHEN public.local_time(lower(o))::date = ANY (s.skipped) THEN 'skipped_before'
                        ELSE 'detached' END AS reason
              FROM unnest(occurrences) AS o
             WHERE public.local_time(lower(o))::date = ANY (s.skipped)
                OR EXISTS (SELECT FROM public.booking m
                            WHERE m.detached_from = s.id AND m.archived_at IS NULL
                              AND m.series_date = public.local_time(lower(o))::date)) AS x;
    occurrences := ARRAY(SELECT o FROM unnest(occurrences) AS o
                          WHERE NOT public.local_time(lower(o))::date = ANY (public.skipped_dates(left_out)));
    UPDATE public.booking_series
       SET rule = series -> 'rule', start_local = (series ->> 'start')::timestamp,
           end_local = (series ->> 'end')::timestamp, until = (series ->> 'until')::date
     WHERE id = s.id;
    result := public.insert_occurrences(rm, occurrences, d, s.id, skip_conflicts, coalesce(old_ids, '{}'));
    UPDATE public.booking_series
       SET skipped = public.left_out(s.skipped, series -> 'skipped', result -> 'skipped')
     WHERE id = s.id;
    RETURN jsonb_build_object('series_id', s.id, 'replaces', to_jsonb(coalesce(old_ids, '{}')))
           || result || jsonb_build_object('skipped', coalesce(left_out, '[]') || (result -> 'skipped'));
END $$;

-- Deleting a periodicity: the occurrences stay, independent of each other; the count is of
-- the bookings that are still there, not of their deleted versions.
CREATE OR REPLACE FUNCTION series_detach(series_id bigint) RETURNS bigint
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
    SELECT count(*) INTO n FROM public.booking WHERE booking.series_id = s.id AND archived_at IS NULL;
    UPDATE public.booking SET series_id = NULL, updated_at = now() WHERE booking.series_id = s.id;
    DELETE FROM public.booking_series WHERE id = s.id;
    RETURN n;
END $$;

-- The type a bulk booking takes in a room: the one asked for if the room's area uses it (else
-- refused, naming the area), else the area's default type, else the first type it uses.
CREATE FUNCTION bulk_type(target_room bigint, wanted text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area;
    t text;
BEGIN
    SELECT area.* INTO a FROM public.area JOIN public.room ON room.area_id = area.id WHERE room.id = target_room;
    t := coalesce(wanted, a.default_type,
                  (SELECT letter FROM public.booking_type
                    WHERE a.enabled_types IS NULL OR letter = ANY (a.enabled_types)
                    ORDER BY sort_order, letter LIMIT 1));
    IF a.enabled_types IS NOT NULL AND NOT (t = ANY (a.enabled_types)) THEN
        PERFORM public.refuse('type_not_enabled', format('type %s is not used in area %s', t, a.name),
            jsonb_build_object('type', t, 'area', a.name));
    END IF;
    RETURN t;
END $$;

-- As before, with each room's type checked against its area before anything is written.
CREATE OR REPLACE FUNCTION bulk_book(rooms bigint[], ranges tstzrange[], details jsonb, force boolean DEFAULT false)
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
        IF d ->> 'name' IS NOT NULL THEN
            PERFORM public.bulk_type(r, d ->> 'type');
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
        SELECT x.room_id, o, d ->> 'name', public.bulk_type(x.room_id, d ->> 'type'),
               session_user, coalesce(d ->> 'short_description', ''), coalesce(d ->> 'description', '')
          FROM unnest(rooms) AS x(room_id), unnest(ranges) AS o;
        GET DIAGNOSTICS made = ROW_COUNT;
    END IF;
    RETURN jsonb_build_object('created', coalesce(made, 0), 'replaced', coalesce(clash, '[]'));
END $$;

REVOKE EXECUTE ON FUNCTION stamp_series_date() FROM PUBLIC;

-- A booking starts and ends on its area's grid (day start + n × resolution; the end may also
-- be the day's end), as GRR offers only slot boundaries: 10:07–10:52 is refused on a
-- 15-minute grid, whoever writes it. Areas with named periods are held to them elsewhere.
CREATE FUNCTION check_grid() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE
    a public.area;
    tz text := public.install_tz();
    s time;
    e time;
    step double precision;
BEGIN
    SELECT area.* INTO a FROM public.area JOIN public.room ON room.area_id = area.id WHERE room.id = NEW.room_id;
    IF EXISTS (SELECT FROM public.area_period WHERE area_id = a.id) THEN
        RETURN NEW;
    END IF;
    s := (lower(NEW.during) AT TIME ZONE tz)::time;
    e := (upper(NEW.during) AT TIME ZONE tz)::time;
    step := extract(epoch FROM a.resolution);
    IF extract(epoch FROM (s - a.day_start))::numeric % step::numeric <> 0
       OR (extract(epoch FROM (e - a.day_start))::numeric % step::numeric <> 0 AND e <> a.day_end) THEN
        PERFORM public.refuse('off_grid', format('%s–%s is not on the %s-minute grid of area %s (from %s)',
            public.show_time(lower(NEW.during)), public.show_time(upper(NEW.during)), (step / 60)::int, a.name,
            to_char(a.day_start, 'HH24:MI')),
            jsonb_build_object('start', lower(NEW.during), 'end', upper(NEW.during), 'area', a.name,
                'minutes', (step / 60)::int, 'from', to_char(a.day_start, 'HH24:MI'),
                'to', to_char(a.day_end, 'HH24:MI')));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER booking_on_grid BEFORE INSERT OR UPDATE OF during, room_id ON booking
    FOR EACH ROW WHEN (NEW.archived_at IS NULL) EXECUTE FUNCTION check_grid();
REVOKE EXECUTE ON FUNCTION check_grid() FROM PUBLIC;

-- Confirming a tentative booking of a series confirms every tentative occurrence of it still
-- to be changed, in one action (what the user confirmed is the series). Returns the ids.
DROP FUNCTION booking_confirm(bigint);
CREATE FUNCTION booking_confirm(booking_id bigint) RETURNS bigint[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
    m public.booking;
    done bigint[] := '{}';
BEGIN
    PERFORM public.check_may_change(b);
    IF b.tentative_until IS NULL THEN
        PERFORM public.refuse('not_tentative', format('booking %s is not waiting for confirmation', b.id),
            jsonb_build_object('id', b.id));
    END IF;
    FOR m IN SELECT * FROM public.booking
              WHERE archived_at IS NULL AND tentative_until IS NOT NULL
                AND (id = b.id OR (b.series_id IS NOT NULL AND series_id = b.series_id))
              ORDER BY lower(during) FOR UPDATE LOOP
        IF m.id <> b.id AND lower(m.during) < now() AND NOT public.is_admin()
           AND NOT (SELECT allow_past FROM public.room WHERE id = m.room_id) THEN
            CONTINUE;
        END IF;
        PERFORM public.check_may_change(m);
        done := done || m.id;
    END LOOP;
    UPDATE public.booking SET tentative_until = NULL, updated_at = now() WHERE id = ANY (done);
    RETURN done;
END $$;

-- The area a user without a place of their own lands on (its name; empty: the first area of
-- the first site).
INSERT INTO setting (name, value) VALUES ('default_area', '') ON CONFLICT (name) DO NOTHING;
