-- 0028 a day blocked with its bookings moved (seed 003: kept, moved, or archived with mail; the
-- administrator chooses). `move` takes each live booking of the day to the same local hours on
-- `move_to`, out of its series (an exception to it), and tells those concerned; a booking that
-- would collide there refuses the whole change, listing the collisions, so nothing half moves.

DROP FUNCTION admin_blocked_add(date, text, text);

CREATE FUNCTION admin_blocked_add(day date, reason text DEFAULT '', bookings text DEFAULT NULL, move_to date DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    hits jsonb;
    done bigint[] := '{}';
    b public.booking;
    tz text := public.install_tz();
    span tstzrange;
    clash jsonb;
BEGIN
    PERFORM public.admin_only('the days without bookings');
    IF bookings IS NOT NULL AND bookings NOT IN ('keep', 'archive', 'move') THEN
        PERFORM public.refuse('bad_choice', format('%s: keep, move or archive', bookings), jsonb_build_object('bookings', bookings));
    END IF;
    IF bookings = 'move' AND (move_to IS NULL OR move_to = day
                              OR EXISTS (SELECT FROM public.blocked_day d WHERE d.day = move_to)) THEN
        PERFORM public.refuse('bad_move', format('the bookings of %s move to another day that takes bookings', day),
            jsonb_build_object('day', day, 'to', move_to));
    END IF;
    hits := public.admin_blocked_hits(day);
    IF jsonb_array_length(hits) > 0 AND bookings IS NULL THEN
        PERFORM public.refuse('blocked_day_has_bookings',
            format('%s booking(s) on %s: say whether they are kept, moved or archived', jsonb_array_length(hits), day),
            jsonb_build_object('day', day, 'bookings', hits));
    END IF;
    INSERT INTO public.blocked_day AS d (day, reason) VALUES (admin_blocked_add.day, coalesce(admin_blocked_add.reason, ''))
    ON CONFLICT ON CONSTRAINT blocked_day_pkey DO UPDATE SET reason = EXCLUDED.reason;
    FOR b IN SELECT * FROM public.booking
              WHERE bookings IN ('archive', 'move')
                AND id IN (SELECT (h ->> 'id')::bigint FROM jsonb_array_elements(hits) AS h)
              ORDER BY lower(during) FOR UPDATE LOOP
        IF bookings = 'archive' THEN
            UPDATE public.booking SET archived_at = now(), updated_at = now() WHERE id = b.id;
            PERFORM public.queue_mail('booking_deleted', b.id, public.concerned(b),
                jsonb_build_object('occurrences', 1, 'blocked_day', day, 'reason', reason));
        ELSE
            span := tstzrange(((lower(b.during) AT TIME ZONE tz) + make_interval(days => move_to - day)) AT TIME ZONE tz,
                              ((upper(b.during) AT TIME ZONE tz) + make_interval(days => move_to - day)) AT TIME ZONE tz);
            clash := public.conflicts_json(b.room_id, ARRAY[span], ARRAY[b.id]);
            IF clash IS NOT NULL THEN
                PERFORM public.refuse_conflicts(clash);
            END IF;
            UPDATE public.booking SET during = span, series_id = NULL, updated_at = now() WHERE id = b.id;
            PERFORM public.queue_mail('booking_changed', b.id, public.concerned(n),
                jsonb_build_object('blocked_day', day, 'reason', reason, 'moved_to', move_to))
               FROM public.booking n WHERE n.id = b.id;
        END IF;
        done := done || b.id;
    END LOOP;
    RETURN jsonb_build_object('day', day, 'reason', coalesce(reason, ''), 'bookings', hits,
                              'archived', CASE WHEN bookings = 'archive' THEN to_jsonb(done) ELSE '[]' END,
                              'moved', CASE WHEN bookings = 'move' THEN to_jsonb(done) ELSE '[]' END);
END $$;
