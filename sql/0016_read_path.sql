-- 0016 reads that cost the week they show, not the years behind it.
--
-- 1. Under row-level security the planner may not use `during && range` as an index
--    condition (the range operator is not leakproof, so it runs after the policy): a week's
--    read scanned every booking of its rooms, the whole history. `bookings_in` applies the
--    visibility itself (the same `visible_rooms()` as the policy) and lets the index take the
--    range. A psql user calling it sees exactly what the policy lets them see.
-- 2. `visible_rooms()` asked `can_see_room()` room by room, each asking again who the user is
--    and what they administer: set-based now, one pass over areas and rooms.

-- The rooms among `only` (every room when NULL) the session may see.
CREATE FUNCTION rooms_visible(only_rooms bigint[]) RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    -- PL/pgSQL keeps this plan for the session (an SQL function is planned at every call).
    RETURN (
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
     WHERE (only_rooms IS NULL OR r.id = ANY (only_rooms))
       AND (a.admin
            OR (a.status IS NOT NULL
                AND (a.access = 'public'
                     OR EXISTS (SELECT FROM public.area_access x WHERE x.area_id = a.id AND x.login = session_user)
                     OR a.administers
                     OR EXISTS (SELECT FROM public.room r2 JOIN managed m ON m.room_id = r2.id
                                 WHERE r2.area_id = a.id))))
       AND (a.status <= r.visibility OR a.administers OR r.id IN (SELECT room_id FROM managed)));
END $$;

CREATE OR REPLACE FUNCTION visible_rooms() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT public.rooms_visible(NULL) $$;

-- The live bookings of `rooms` the session may see that overlap [from_at, to_at). One index
-- probe a room (a GiST index given the whole array would be scanned once per element pair);
-- the visibility is asked of the rooms asked for only, once.
CREATE FUNCTION bookings_in(rooms bigint[], from_at timestamptz, to_at timestamptz) RETURNS SETOF booking
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT b.* FROM unnest((SELECT public.rooms_visible(rooms))) AS x(id)
      JOIN public.booking b ON b.room_id = x.id
     WHERE true
       AND b.during && tstzrange(from_at, to_at)
       AND b.archived_at IS NULL AND b.moderation <> 'refused'
$$;

-- 3. The rooms' and areas' own policies asked `can_see_room()` / `can_see_area()` row by row:
--    every read that joins a room paid for every room. The same rule, computed once per
--    statement (a scalar subquery is an InitPlan), as the bookings' policy does.
CREATE FUNCTION visible_areas() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT coalesce(array_agg(id), '{}') FROM public.area WHERE public.can_see_area(id) $$;

DROP POLICY room_visible ON room;
CREATE POLICY room_visible ON room FOR SELECT USING (id = ANY ((SELECT public.visible_rooms())::bigint[]));
DROP POLICY area_visible ON area;
CREATE POLICY area_visible ON area FOR SELECT USING (id = ANY ((SELECT public.visible_areas())::bigint[]));

-- 4. The rooms the session handles (moderates, bypasses delays on), all at once: the
--    planning asked `handles_room()` twice a room.
CREATE FUNCTION handled_rooms() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(r.id), '{}')
      FROM public.room r JOIN public.area a ON a.id = r.area_id
     WHERE public.is_admin()
        OR EXISTS (SELECT FROM public.room_manager m WHERE m.room_id = r.id AND m.login = session_user)
        OR EXISTS (SELECT FROM public.area_admin x WHERE x.area_id = a.id AND x.login = session_user)
        OR EXISTS (SELECT FROM public.site_admin s WHERE s.site_id = a.site_id AND s.login = session_user)
$$;

-- 5. A policy for all commands applies to reads too: `OR is_admin()` ran once a row of every
--    read of rooms and areas. Asked once a statement instead.
DROP POLICY room_admins_write ON room;
CREATE POLICY room_admins_write ON room FOR ALL
    USING ((SELECT public.is_admin())) WITH CHECK ((SELECT public.is_admin()));
DROP POLICY area_admins_write ON area;
CREATE POLICY area_admins_write ON area FOR ALL
    USING ((SELECT public.is_admin())) WITH CHECK ((SELECT public.is_admin()));
DROP POLICY area_period_admins_write ON area_period;
CREATE POLICY area_period_admins_write ON area_period FOR ALL
    USING ((SELECT public.is_admin())) WITH CHECK ((SELECT public.is_admin()));
