-- 0022 administration, first part: booking types, blocked days and cycle days, written by an
-- Intendant administrator (not only the database's owner) through functions that check who
-- asks (seed 003 section 1.5: general settings, the calendar of days off and the booking types
-- are the administrators' alone). A psql user can do no more than the app.

CREATE FUNCTION admin_only(what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT public.is_admin() THEN
        PERFORM public.refuse('admin_only', format('only an administrator may change %s', what),
            jsonb_build_object('what', what), '42501');
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION admin_only(text) FROM PUBLIC;

-- A booking type, added or changed (its letter is its key).
CREATE FUNCTION admin_type_save(letter text, name text, color text, sort_order integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    t public.booking_type;
BEGIN
    PERFORM public.admin_only('the booking types');
    INSERT INTO public.booking_type AS b (letter, name, color, sort_order)
    VALUES (upper(admin_type_save.letter), admin_type_save.name, admin_type_save.color,
            coalesce(admin_type_save.sort_order, 0))
    ON CONFLICT ON CONSTRAINT booking_type_pkey DO UPDATE
       SET name = EXCLUDED.name, color = EXCLUDED.color,
           sort_order = coalesce(admin_type_save.sort_order, b.sort_order)
    RETURNING * INTO t;
    RETURN to_jsonb(t);
END $$;

-- Removes a type nobody uses; one in use is refused with its count (bookings keep their type).
CREATE FUNCTION admin_type_remove(letter text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    used bigint;
    wanted text := upper(admin_type_remove.letter);
BEGIN
    PERFORM public.admin_only('the booking types');
    IF NOT EXISTS (SELECT FROM public.booking_type t WHERE t.letter = wanted) THEN
        PERFORM public.refuse('no_such_type', format('no booking type %s', wanted), jsonb_build_object('type', wanted));
    END IF;
    SELECT count(*) INTO used FROM public.booking b WHERE b.type = wanted;
    IF used > 0 OR EXISTS (SELECT FROM public.area a WHERE a.default_type = wanted OR wanted = ANY (a.enabled_types)) THEN
        PERFORM public.refuse('type_in_use',
            format('type %s is used by %s booking(s) or named by an area: it stays', wanted, used),
            jsonb_build_object('type', wanted, 'bookings', used));
    END IF;
    DELETE FROM public.booking_type t WHERE t.letter = wanted;
END $$;

-- The live bookings on a day (in the installation's zone): what blocking it would hit.
CREATE FUNCTION admin_blocked_hits(day date) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', b.id, 'room', r.name, 'name', b.name,
                                                 'start', lower(b.during), 'end', upper(b.during),
                                                 'beneficiary', coalesce(b.beneficiary, b.external_name, b.owner))
                              ORDER BY lower(b.during), r.name), '[]')
      FROM public.booking b JOIN public.room r ON r.id = b.room_id
     WHERE public.is_admin() AND b.archived_at IS NULL
       AND b.during && tstzrange((day::timestamp) AT TIME ZONE public.install_tz(),
                                 ((day + 1)::timestamp) AT TIME ZONE public.install_tz())
$$;

-- Blocks a day (a holiday: nobody books it). The bookings already on it are kept, or archived
-- with a mail to those concerned: the administrator says which (`keep` or `archive`); without
-- saying, a day with bookings is refused and they are listed.
CREATE FUNCTION admin_blocked_add(day date, reason text DEFAULT '', bookings text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    hits jsonb;
    gone bigint[] := '{}';
    b public.booking;
BEGIN
    PERFORM public.admin_only('the days without bookings');
    IF bookings IS NOT NULL AND bookings NOT IN ('keep', 'archive') THEN
        PERFORM public.refuse('bad_choice', format('%s: keep or archive', bookings), jsonb_build_object('bookings', bookings));
    END IF;
    hits := public.admin_blocked_hits(day);
    IF jsonb_array_length(hits) > 0 AND bookings IS NULL THEN
        PERFORM public.refuse('blocked_day_has_bookings',
            format('%s booking(s) on %s: say whether they are kept or archived', jsonb_array_length(hits), day),
            jsonb_build_object('day', day, 'bookings', hits));
    END IF;
    INSERT INTO public.blocked_day AS d (day, reason) VALUES (admin_blocked_add.day, coalesce(admin_blocked_add.reason, ''))
    ON CONFLICT ON CONSTRAINT blocked_day_pkey DO UPDATE SET reason = EXCLUDED.reason;
    IF bookings = 'archive' THEN
        FOR b IN SELECT * FROM public.booking
                  WHERE id IN (SELECT (h ->> 'id')::bigint FROM jsonb_array_elements(hits) AS h) FOR UPDATE LOOP
            UPDATE public.booking SET archived_at = now(), updated_at = now() WHERE id = b.id;
            PERFORM public.queue_mail('booking_deleted', b.id, public.concerned(b),
                jsonb_build_object('occurrences', 1, 'blocked_day', day, 'reason', reason));
            gone := gone || b.id;
        END LOOP;
    END IF;
    RETURN jsonb_build_object('day', day, 'reason', coalesce(reason, ''), 'bookings', hits,
                              'archived', to_jsonb(gone));
END $$;

CREATE FUNCTION admin_blocked_remove(day date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM public.admin_only('the days without bookings');
    DELETE FROM public.blocked_day d WHERE d.day = admin_blocked_remove.day;
    RETURN FOUND;
END $$;

-- Cycle days (GRR's "jours cycles"): day N of the school's rotation, or none.
CREATE FUNCTION admin_cycle_set(day date, cycle integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM public.admin_only('the cycle days');
    IF cycle IS NULL THEN
        DELETE FROM public.cycle_day c WHERE c.day = admin_cycle_set.day;
    ELSE
        INSERT INTO public.cycle_day AS c (day, cycle) VALUES (admin_cycle_set.day, admin_cycle_set.cycle)
        ON CONFLICT ON CONSTRAINT cycle_day_pkey DO UPDATE SET cycle = EXCLUDED.cycle;
    END IF;
END $$;
