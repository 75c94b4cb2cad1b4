-- 0003 booking (GRR): sites ⊃ areas ⊃ rooms, booking types, per-area fields, the calendar
-- (blocked days, cycle days), the rights tables, series and their occurrences.
-- Occurrences live in `booking`, which external reporting tools query. PostgreSQL alone
-- guarantees that no room is booked twice (the exclusion constraint). Members get no direct
-- write privilege on bookings: writes will go through SECURITY DEFINER functions that apply
-- GRR's rules (seed 003 sections 1.5, 3, 4, 5).

CREATE TABLE site (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,20}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    sort_order integer NOT NULL DEFAULT 0
);

CREATE TABLE booking_type (
    letter text PRIMARY KEY CHECK (letter ~ '^[A-Z]{1,2}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    color text NOT NULL CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
    sort_order integer NOT NULL DEFAULT 0
);

CREATE TABLE area (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id bigint NOT NULL REFERENCES site,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    access text NOT NULL DEFAULT 'public' CHECK (access IN ('public', 'restricted')),
    -- ISO day numbers: 1 = Monday.
    week_starts smallint NOT NULL DEFAULT 1 CHECK (week_starts BETWEEN 1 AND 7),
    -- Bit 0 = Monday … bit 6 = Sunday.
    days_shown smallint NOT NULL DEFAULT 31 CHECK (days_shown BETWEEN 1 AND 127),
    day_start time NOT NULL DEFAULT '08:00',
    day_end time NOT NULL DEFAULT '19:00',
    resolution interval NOT NULL DEFAULT '15 minutes' CHECK (resolution BETWEEN '1 minute' AND '1 day'),
    -- Named periods ("créneaux") instead of times, when set.
    periods text[] CHECK (periods IS NULL OR cardinality(periods) BETWEEN 1 AND 50),
    twelve_hour boolean NOT NULL DEFAULT false,
    default_duration interval NOT NULL DEFAULT '1 hour' CHECK (default_duration > '0'),
    default_type text REFERENCES booking_type ON UPDATE CASCADE,
    -- NULL: every type.
    enabled_types text[],
    max_bookings_per_user integer NOT NULL DEFAULT -1 CHECK (max_bookings_per_user >= -1),
    sort_order integer NOT NULL DEFAULT 0,
    UNIQUE (site_id, name),
    CHECK (day_end > day_start)
);

CREATE TABLE room (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    area_id bigint NOT NULL REFERENCES area,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description text NOT NULL DEFAULT '',
    capacity integer NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    max_bookings_per_user integer NOT NULL DEFAULT -1 CHECK (max_bookings_per_user >= -1),
    max_days_ahead integer NOT NULL DEFAULT -1 CHECK (max_days_ahead >= -1),
    min_minutes_before integer NOT NULL DEFAULT 0 CHECK (min_minutes_before >= 0),
    max_duration interval CHECK (max_duration > '0'),
    allow_past boolean NOT NULL DEFAULT false,
    unavailable boolean NOT NULL DEFAULT false,
    moderated boolean NOT NULL DEFAULT false,
    -- Days a tentative booking has to be confirmed; 0: no tentative bookings.
    tentative_days integer NOT NULL DEFAULT 0 CHECK (tentative_days >= 0),
    -- The lowest status that may book for someone else (admin < user_manager < user); NULL: room managers and up only.
    book_for_others user_status,
    users_may_not_modify_own boolean NOT NULL DEFAULT false,
    tracks_loans boolean NOT NULL DEFAULT false,
    -- The lowest status that sees the room.
    visibility user_status NOT NULL DEFAULT 'visitor',
    sort_order integer NOT NULL DEFAULT 0,
    UNIQUE (area_id, name)
);

CREATE TABLE area_field (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    area_id bigint NOT NULL REFERENCES area ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    kind text NOT NULL CHECK (kind IN ('text', 'multiline', 'list')),
    choices text[] NOT NULL DEFAULT '{}',
    mandatory boolean NOT NULL DEFAULT false,
    sort_order integer NOT NULL DEFAULT 0,
    UNIQUE (area_id, name),
    CHECK (kind <> 'list' OR cardinality(choices) >= 1)
);

CREATE TABLE blocked_day (
    day date PRIMARY KEY,
    reason text NOT NULL DEFAULT ''
);

CREATE TABLE cycle_day (
    day date PRIMARY KEY,
    cycle smallint NOT NULL CHECK (cycle BETWEEN 1 AND 100)
);

-- Rights (seed 003 section 1.5): who administers a site or an area, manages a room, enters
-- a restricted area, and who is told by mail about a room.
CREATE TABLE site_admin (
    site_id bigint NOT NULL REFERENCES site ON DELETE CASCADE,
    login text NOT NULL REFERENCES app_user ON UPDATE CASCADE,
    PRIMARY KEY (site_id, login)
);
CREATE TABLE area_admin (
    area_id bigint NOT NULL REFERENCES area ON DELETE CASCADE,
    login text NOT NULL REFERENCES app_user ON UPDATE CASCADE,
    PRIMARY KEY (area_id, login)
);
CREATE TABLE room_manager (
    room_id bigint NOT NULL REFERENCES room ON DELETE CASCADE,
    login text NOT NULL REFERENCES app_user ON UPDATE CASCADE,
    PRIMARY KEY (room_id, login)
);
CREATE TABLE area_access (
    area_id bigint NOT NULL REFERENCES area ON DELETE CASCADE,
    login text NOT NULL REFERENCES app_user ON UPDATE CASCADE,
    PRIMARY KEY (area_id, login)
);
CREATE TABLE room_mail (
    room_id bigint NOT NULL REFERENCES room ON DELETE CASCADE,
    login text NOT NULL REFERENCES app_user ON UPDATE CASCADE,
    PRIMARY KEY (room_id, login)
);

CREATE TABLE booking_series (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id bigint NOT NULL REFERENCES room,
    -- The repeat rule as src/booking/repeat.rs reads it.
    rule jsonb NOT NULL CHECK (jsonb_typeof(rule) = 'object' AND rule ? 'kind'),
    -- The first occurrence in local time, and the last date one may start on.
    start_local timestamp NOT NULL,
    end_local timestamp NOT NULL,
    until date NOT NULL,
    created_by text NOT NULL DEFAULT session_user,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (end_local > start_local),
    CHECK (until >= start_local::date)
);

CREATE TABLE booking (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id bigint NOT NULL REFERENCES room,
    -- Deleting a series' periodicity makes its occurrences independent (seed 003 section 4.6).
    series_id bigint REFERENCES booking_series ON DELETE SET NULL,
    during tstzrange NOT NULL CHECK (
        NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
        AND NOT lower_inf(during) AND NOT upper_inf(during)),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    type text NOT NULL REFERENCES booking_type ON UPDATE CASCADE,
    owner text NOT NULL DEFAULT session_user,
    -- A registered beneficiary, or an external name and email; neither: the owner.
    beneficiary text REFERENCES app_user ON UPDATE CASCADE,
    external_name text CHECK (length(external_name) BETWEEN 1 AND 80),
    external_email text CHECK (external_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    short_description text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    fields jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(fields) = 'object'),
    moderation text NOT NULL DEFAULT 'none' CHECK (moderation IN ('none', 'pending', 'accepted', 'refused')),
    tentative_until timestamptz,
    loan text NOT NULL DEFAULT 'none' CHECK (loan IN ('none', 'borrowed', 'overdue', 'returned')),
    -- Deleting archives: nothing users entered is ever hard-deleted by the app.
    archived_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (beneficiary IS NULL OR external_name IS NULL),
    CHECK (external_email IS NULL OR external_name IS NOT NULL),
    CONSTRAINT no_double_booking EXCLUDE USING gist (room_id WITH =, during WITH &&)
        WHERE (archived_at IS NULL AND moderation <> 'refused')
);
-- At most one borrowed booking per room.
CREATE UNIQUE INDEX booking_one_loan_per_room ON booking (room_id)
    WHERE loan IN ('borrowed', 'overdue') AND archived_at IS NULL;
CREATE INDEX booking_series_members ON booking (series_id) WHERE series_id IS NOT NULL;

SELECT track_history_bulk('booking', 'id', 'id');
SELECT track_history('booking_series', 'id');

-- Live refresh: one NOTIFY per statement with the rooms and the time span it touched.
CREATE FUNCTION notify_booking_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE
    touched jsonb;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT jsonb_build_object('rooms', jsonb_agg(DISTINCT room_id), 'from', min(lower(during)), 'to', max(upper(during)))
          INTO touched FROM new_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT jsonb_build_object('rooms', jsonb_agg(DISTINCT room_id), 'from', min(lower(during)), 'to', max(upper(during)))
          INTO touched FROM (SELECT room_id, during FROM new_rows UNION ALL SELECT room_id, during FROM old_rows) AS r;
    ELSE
        SELECT jsonb_build_object('rooms', jsonb_agg(DISTINCT room_id), 'from', min(lower(during)), 'to', max(upper(during)))
          INTO touched FROM old_rows;
    END IF;
    IF touched ->> 'from' IS NOT NULL THEN
        PERFORM public.notify_change('booking', jsonb_build_object('op', lower(TG_OP)) || touched);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER notify_insert AFTER INSERT ON booking REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_booking_change();
CREATE TRIGGER notify_update AFTER UPDATE ON booking REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_booking_change();
CREATE TRIGGER notify_delete AFTER DELETE ON booking REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_booking_change();

-- Who sees what. Restricted areas, their rooms and bookings are invisible without access;
-- a room's visibility level hides it from lower statuses. Admins of the room's site or area
-- and its managers always see it.
CREATE FUNCTION administers_area(target_area bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT public.is_admin()
        OR EXISTS (SELECT FROM public.area_admin WHERE area_id = target_area AND login = session_user)
        OR EXISTS (SELECT FROM public.area a JOIN public.site_admin s ON s.site_id = a.site_id
                    WHERE a.id = target_area AND s.login = session_user)
$$;

CREATE FUNCTION can_see_area(target_area bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT public.current_status() IS NOT NULL AND (
           EXISTS (SELECT FROM public.area WHERE id = target_area AND access = 'public')
        OR EXISTS (SELECT FROM public.area_access WHERE area_id = target_area AND login = session_user)
        OR public.administers_area(target_area)
        OR EXISTS (SELECT FROM public.room r JOIN public.room_manager m ON m.room_id = r.id
                    WHERE r.area_id = target_area AND m.login = session_user))
    OR public.is_admin()
$$;

CREATE FUNCTION can_see_room(target_room bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (
        SELECT FROM public.room r
         WHERE r.id = target_room AND public.can_see_area(r.area_id)
           AND (public.current_status() <= r.visibility
                OR public.administers_area(r.area_id)
                OR EXISTS (SELECT FROM public.room_manager WHERE room_id = r.id AND login = session_user)))
$$;

ALTER TABLE area ENABLE ROW LEVEL SECURITY;
CREATE POLICY area_visible ON area FOR SELECT USING (public.can_see_area(id));
CREATE POLICY area_admins_write ON area FOR ALL USING (public.is_admin()) WITH CHECK (public.is_admin());
ALTER TABLE room ENABLE ROW LEVEL SECURITY;
CREATE POLICY room_visible ON room FOR SELECT USING (public.can_see_room(id));
CREATE POLICY room_admins_write ON room FOR ALL USING (public.is_admin()) WITH CHECK (public.is_admin());
ALTER TABLE area_field ENABLE ROW LEVEL SECURITY;
CREATE POLICY area_field_visible ON area_field FOR SELECT USING (public.can_see_area(area_id));
ALTER TABLE booking ENABLE ROW LEVEL SECURITY;
CREATE POLICY booking_visible ON booking FOR SELECT USING (public.can_see_room(room_id));
ALTER TABLE booking_series ENABLE ROW LEVEL SECURITY;
CREATE POLICY booking_series_visible ON booking_series FOR SELECT USING (public.can_see_room(room_id));

SELECT grant_to_members('SELECT', 'site', 'booking_type', 'area', 'room', 'area_field', 'blocked_day', 'cycle_day',
                        'site_admin', 'area_admin', 'room_manager', 'area_access', 'room_mail', 'booking_series', 'booking');
SELECT grant_to_members('INSERT, UPDATE', 'area', 'room');
