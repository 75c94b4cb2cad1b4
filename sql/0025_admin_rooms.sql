-- 0025 administration, rooms: each field changed by those allowed (seed 003 section 1.5). The
-- administrators of the room's area or site (and the administrators) change any of them; its
-- managers only whether it is moderated or unavailable, and its description (the room sheet).

CREATE FUNCTION admin_room_set(target_room bigint, changes jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    r public.room;
    k text;
    managers text[] := ARRAY['moderated', 'unavailable', 'description'];
    known text[] := ARRAY['name', 'description', 'capacity', 'max_bookings_per_user', 'max_days_ahead',
                          'min_minutes_before', 'max_duration', 'allow_past', 'unavailable', 'moderated',
                          'tentative_days', 'book_for_others', 'users_may_not_modify_own', 'tracks_loans',
                          'visibility', 'sort_order'];
BEGIN
    SELECT * INTO r FROM public.room WHERE id = target_room;
    IF NOT FOUND OR NOT public.can_see_room(target_room) THEN
        PERFORM public.refuse('no_such_room', format('no room %s', target_room), jsonb_build_object('room', target_room::text));
    END IF;
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
    r := jsonb_populate_record(r, changes - 'id' - 'area_id');
    UPDATE public.room
       SET (name, description, capacity, max_bookings_per_user, max_days_ahead, min_minutes_before, max_duration,
            allow_past, unavailable, moderated, tentative_days, book_for_others, users_may_not_modify_own,
            tracks_loans, visibility, sort_order)
         = (r.name, r.description, r.capacity, r.max_bookings_per_user, r.max_days_ahead, r.min_minutes_before,
            r.max_duration, r.allow_past, r.unavailable, r.moderated, r.tentative_days, r.book_for_others,
            r.users_may_not_modify_own, r.tracks_loans, r.visibility, r.sort_order)
     WHERE id = target_room;
    RETURN (SELECT to_jsonb(x) FROM public.room x WHERE x.id = target_room);
END $$;
