-- A series' occurrences carry their date in the series from the statement that makes them.
--
-- The date was stamped by a row trigger that asked for the installation's zone once per
-- occurrence: a 365-day series ran it 365 times, about a tenth of the whole command
-- (`intendant booking add --repeat daily`, 85 -> 76 ms on the machine it was measured on).
-- The insert now works the date out itself, with the zone read once; the trigger stays for
-- any other insert of a series member that leaves the date out, so the column means the same
-- whoever writes the row.
CREATE OR REPLACE FUNCTION insert_occurrences(rm room, occ tstzrange[], d jsonb, series bigint, skip_conflicts boolean,
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
                                        tentative_until, series_date)
            SELECT rm.id, series, o, d ->> 'name', d ->> 'type', session_user, d ->> 'beneficiary',
                   d ->> 'external_name', d ->> 'external_email', coalesce(d ->> 'short_description', ''),
                   coalesce(d ->> 'description', ''), coalesce(d -> 'fields', '{}'), state,
                   (d ->> 'tentative_until')::timestamptz,
                   CASE WHEN series IS NOT NULL THEN (lower(o) AT TIME ZONE (SELECT public.install_tz()))::date END
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

DROP TRIGGER booking_series_date ON booking;
CREATE TRIGGER booking_series_date BEFORE INSERT ON booking
    FOR EACH ROW WHEN (NEW.series_id IS NOT NULL AND NEW.series_date IS NULL)
    EXECUTE FUNCTION stamp_series_date();
