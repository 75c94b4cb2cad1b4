-- 0012 booking fixes.
--
-- A loan is marked only on a room that tracks loans (GRR's "équipement à prêter"); a
-- booking that was deleted cannot be marked (booking_row refuses it already).
CREATE OR REPLACE FUNCTION booking_loan(booking_id bigint, state text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
BEGIN
    IF NOT public.handles_room(b.room_id) THEN
        PERFORM public.refuse('not_moderator', 'only the managers of the room mark loans',
            jsonb_build_object('id', b.id), '42501');
    END IF;
    IF NOT (SELECT r.tracks_loans FROM public.room r WHERE r.id = b.room_id) THEN
        PERFORM public.refuse('no_loans', format('room %s does not track loans',
                (SELECT r.name FROM public.room r WHERE r.id = b.room_id)),
            jsonb_build_object('room', (SELECT r.name FROM public.room r WHERE r.id = b.room_id)));
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

-- Each recipient once per mail, whatever writes the row (run_tasks put a beneficiary who also
-- handles the room twice: {alice,alice}).
CREATE FUNCTION outbox_recipients_once() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    NEW.recipients := ARRAY(SELECT DISTINCT x FROM unnest(NEW.recipients) AS x
                             WHERE x IS NOT NULL ORDER BY x);
    RETURN NEW;
END $$;
CREATE TRIGGER recipients_once BEFORE INSERT OR UPDATE OF recipients ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_recipients_once();
