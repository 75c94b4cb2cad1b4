-- 0017 reads of rooms linear in rooms, and the week's read planned once a session.
--
-- 1. Who the session is, asked once a call, not once a row: `rooms_visible` and
--    `handled_rooms` named `current_status()` and `is_admin()` in a CTE the planner inlined,
--    so both ran (each a query) for every room: 500 rooms cost ~3 ms where the scan costs
--    0.4 ms. `visible_areas` asked `can_see_area()` area by area: set-based now, as the rooms.

CREATE OR REPLACE FUNCTION rooms_visible(only_rooms bigint[]) RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    my_status public.user_status := public.current_status();
    admin boolean := public.is_admin();
BEGIN
    IF admin THEN
        RETURN (SELECT coalesce(array_agg(r.id ORDER BY r.id), '{}') FROM public.room r
                 WHERE only_rooms IS NULL OR r.id = ANY (only_rooms));
    END IF;
    IF my_status IS NULL THEN
        RETURN '{}';
    END IF;
    RETURN (
    WITH managed AS MATERIALIZED (SELECT room_id FROM public.room_manager WHERE login = session_user),
    areas AS (
        SELECT a.id, a.access,
               EXISTS (SELECT FROM public.area_admin x WHERE x.area_id = a.id AND x.login = session_user)
               OR EXISTS (SELECT FROM public.site_admin s WHERE s.site_id = a.site_id AND s.login = session_user)
                   AS administers
          FROM public.area a)
    SELECT coalesce(array_agg(r.id ORDER BY r.id), '{}')
      FROM public.room r JOIN areas a ON a.id = r.area_id
     WHERE (only_rooms IS NULL OR r.id = ANY (only_rooms))
       AND (a.access = 'public'
            OR EXISTS (SELECT FROM public.area_access x WHERE x.area_id = a.id AND x.login = session_user)
            OR a.administers
            OR EXISTS (SELECT FROM public.room r2 JOIN managed m ON m.room_id = r2.id
                        WHERE r2.area_id = a.id))
       AND (my_status <= r.visibility OR a.administers OR r.id IN (SELECT room_id FROM managed)));
END $$;

CREATE OR REPLACE FUNCTION visible_areas() RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    IF public.is_admin() THEN
        RETURN (SELECT coalesce(array_agg(id), '{}') FROM public.area);
    END IF;
    IF public.current_status() IS NULL THEN
        RETURN '{}';
    END IF;
    RETURN (
    SELECT coalesce(array_agg(a.id), '{}')
      FROM public.area a
     WHERE a.access = 'public'
        OR EXISTS (SELECT FROM public.area_access x WHERE x.area_id = a.id AND x.login = session_user)
        OR EXISTS (SELECT FROM public.area_admin x WHERE x.area_id = a.id AND x.login = session_user)
        OR EXISTS (SELECT FROM public.site_admin s WHERE s.site_id = a.site_id AND s.login = session_user)
        OR EXISTS (SELECT FROM public.room r JOIN public.room_manager m ON m.room_id = r.id
                    WHERE r.area_id = a.id AND m.login = session_user));
END $$;

-- From the rights a user holds (a few rows), not from every room asking about each right.
CREATE OR REPLACE FUNCTION handled_rooms() RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    IF public.is_admin() THEN
        RETURN (SELECT coalesce(array_agg(id), '{}') FROM public.room);
    END IF;
    RETURN (
    SELECT coalesce(array_agg(DISTINCT h.id), '{}')
      FROM (SELECT room_id AS id FROM public.room_manager WHERE login = session_user
            UNION ALL
            SELECT r.id FROM public.area_admin x JOIN public.room r ON r.area_id = x.area_id
             WHERE x.login = session_user
            UNION ALL
            SELECT r.id FROM public.site_admin s JOIN public.area a ON a.site_id = s.site_id
                   JOIN public.room r ON r.area_id = a.id
             WHERE s.login = session_user) AS h);
END $$;

-- 2. `bookings_in` in PL/pgSQL: an SQL function's body is planned again at every call (2,000
--    rows read in 5–6 ms, half of it planning); PL/pgSQL keeps the plan for the session (3 ms).
CREATE OR REPLACE FUNCTION bookings_in(rooms bigint[], from_at timestamptz, to_at timestamptz) RETURNS SETOF booking
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    RETURN QUERY
    SELECT b.* FROM unnest(public.rooms_visible(rooms)) AS x(id)
      JOIN public.booking b ON b.room_id = x.id
     WHERE b.during && tstzrange(from_at, to_at)
       AND b.archived_at IS NULL AND b.moderation <> 'refused';
END $$;

-- 3. `id = ANY (array)` compares each row with every element: 500 rooms against 500 visible
--    rooms is 250,000 comparisons a read of the rooms. `IN (SELECT unnest(…))` is hashed once.
DROP POLICY room_visible ON room;
CREATE POLICY room_visible ON room FOR SELECT USING (id IN (SELECT unnest(public.visible_rooms())));
