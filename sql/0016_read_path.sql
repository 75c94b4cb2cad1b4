-- 0016 reads that cost the week they show, not the years behind it.
--
-- 1. Under row-level security the planner may not use `during && range` as an index
--    condition (the range operator is not leakproof, so it runs after the policy): a week's
--    read scanned every booking of its rooms, the whole history. `bookings_in` applies the
--    visibility itself (the same `visible_rooms()` as the policy) and lets the index take the
--    range. A psql user calling it sees exactly what the policy lets them see.
-- 2. `visible_rooms()` asked `can_see_room()` room by room, each asking again who the user is
--    and what they administer: set-based now, one pass over areas and rooms.

CREATE OR REPLACE FUNCTION visible_rooms() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    WITH me AS (SELECT public.current_status() AS status, public.is_admin() AS admin),
    managed AS (SELECT room_id FROM public.room_manager WHERE login = session_user),
    areas AS (
        SELECT a.id, a.access, me.status, me.admin,
               me.admin
               OR EXISTS (SELECT FROM public.area_admin x WHERE x.area_id = a.id AND x.login = session_user)
               OR EXISTS (SELECT FROM public.site_admin s WHERE s.site_id = a.site_id AND s.login = session_user)
                   AS administers
          FROM public.area a, me)
    SELECT coalesce(array_agg(r.id ORDER BY r.id), '{}')
      FROM public.room r JOIN areas a ON a.id = r.area_id
     WHERE (a.admin
            OR (a.status IS NOT NULL
                AND (a.access = 'public'
                     OR EXISTS (SELECT FROM public.area_access x WHERE x.area_id = a.id AND x.login = session_user)
                     OR a.administers
                     OR EXISTS (SELECT FROM public.room r2 JOIN managed m ON m.room_id = r2.id
                                 WHERE r2.area_id = a.id))))
       AND (a.status <= r.visibility OR a.administers OR r.id IN (SELECT room_id FROM managed))
$$;

-- The live bookings of `rooms` the session may see that overlap [from_at, to_at).
CREATE FUNCTION bookings_in(rooms bigint[], from_at timestamptz, to_at timestamptz) RETURNS SETOF booking
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT b.* FROM public.booking b
     WHERE b.room_id = ANY (rooms) AND b.room_id = ANY (public.visible_rooms())
       AND b.during && tstzrange(from_at, to_at)
       AND b.archived_at IS NULL AND b.moderation <> 'refused'
$$;
