-- 0007 security: what an attacker with psql, the CLI or a second connection must not be able
-- to do. Each part answers one way in that was found open.

-- 1. This database's group role gets a name no other database can share. The first name was
--    the database's name cut at 52 characters, so two databases with a long common prefix
--    shared one role, and a member of one read the other's tables. The new name carries a
--    random token, recorded on the role and in `setting`; a client refuses to run when the
--    role's token is not this database's (see `group_role_owned()`).
DO $$
DECLARE
    old_group text := public.group_role();
    token text := substr(md5(random()::text || clock_timestamp()::text || current_database()), 1, 12);
    g text := left(current_database(), 40) || '_' || token || '_intendant';
    r record;
BEGIN
    EXECUTE format('CREATE ROLE %I NOLOGIN', g);
    EXECUTE format('COMMENT ON ROLE %I IS %L', g,
                   format('Intendant group of database %s; token %s', current_database(), token));
    -- Move every privilege the old group holds here to the new one.
    FOR r IN SELECT c.oid::regclass AS obj, c.relkind, a.privilege_type
               FROM pg_class c, aclexplode(c.relacl) a
              WHERE c.relnamespace = 'public'::regnamespace AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = old_group) LOOP
        EXECUTE format('GRANT %s ON %s %s TO %I', r.privilege_type,
                       CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.obj, g);
        EXECUTE format('REVOKE %s ON %s %s FROM %I', r.privilege_type,
                       CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.obj, old_group);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS fn
               FROM pg_proc p, aclexplode(p.proacl) a
              WHERE p.pronamespace = 'public'::regnamespace AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = old_group) LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', r.fn, g);
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM %I', r.fn, old_group);
    END LOOP;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', g);
    EXECUTE format('REVOKE USAGE ON SCHEMA public FROM %I', old_group);
    -- This database's users who were members of the old group join the new one.
    FOR r IN SELECT u.login FROM public.app_user u JOIN pg_roles m ON m.rolname = u.login
              WHERE pg_has_role(u.login, old_group, 'MEMBER') LOOP
        EXECUTE format('GRANT %I TO %I', g, r.login);
    END LOOP;
    ALTER TABLE public.setting DISABLE TRIGGER setting_check;
    UPDATE public.setting SET value = g WHERE name = 'group_role';
    ALTER TABLE public.setting ENABLE TRIGGER setting_check;
    INSERT INTO public.setting (name, value) VALUES ('group_token', token);
    -- The old role goes when nothing anywhere depends on it any more; a database that still
    -- uses it (the collision this fixes) keeps it.
    BEGIN
        EXECUTE format('DROP ROLE %I', old_group);
    EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
        NULL;
    END;
END $$;

CREATE OR REPLACE FUNCTION check_setting() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.name = 'timezone' AND NOT EXISTS (SELECT FROM pg_timezone_names WHERE name = NEW.value) THEN
        RAISE EXCEPTION 'setting timezone: "%" is not a time zone name', NEW.value
            USING ERRCODE = 'check_violation', HINT = 'Use a name such as Europe/Paris or America/Montreal.';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.name IN ('group_role', 'group_token') AND NEW.value IS DISTINCT FROM OLD.value THEN
        RAISE EXCEPTION 'setting % cannot be changed', OLD.name USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.name IN ('group_role', 'group_token')
       AND EXISTS (SELECT FROM public.setting WHERE name = NEW.name) THEN
        RAISE EXCEPTION 'setting % cannot be changed', NEW.name USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

-- Does the group role carry this database's token? A role of the same name made by another
-- database (or by hand) does not.
CREATE FUNCTION group_role_owned() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(shobj_description(r.oid, 'pg_authid') LIKE
                    '%; token ' || (SELECT value FROM public.setting WHERE name = 'group_token'), false)
      FROM pg_roles r WHERE r.rolname = public.group_role()
$$;

-- 2. Logins never change: rights, history and bookings name the login, and renaming one
--    carried another person's rights over (ON UPDATE CASCADE) to whoever holds the new name.
CREATE FUNCTION refuse_login_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.login IS DISTINCT FROM OLD.login THEN
        RAISE EXCEPTION 'user %: a login cannot be renamed', OLD.login
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Create a user with the new login and move the rights explicitly.';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER app_user_login_fixed BEFORE UPDATE OF login ON app_user
    FOR EACH ROW EXECUTE FUNCTION refuse_login_change();

-- 3. Records of imports and snapshots are written only by the import itself: whoever runs it
--    is its author (not what the row says), a run is finished in the transaction that made
--    it and never changed afterwards, nothing is deleted, and the history keeps each run.
ALTER TABLE import_run ADD COLUMN written_in bigint NOT NULL DEFAULT txid_current();
ALTER TABLE directory_run ADD COLUMN written_in bigint NOT NULL DEFAULT txid_current();

CREATE FUNCTION guard_run() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE
    author text := TG_ARGV[0];
    stamp text := TG_ARGV[1];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '%: the record of run % is kept for good', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW := jsonb_populate_record(NEW, jsonb_build_object(author, session_user::text, stamp, now(),
                                                             'written_in', txid_current()));
        RETURN NEW;
    END IF;
    IF OLD.written_in <> txid_current() THEN
        RAISE EXCEPTION '%: run % is finished; its record cannot be changed', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Finishing a run in its own transaction: who, when and which file stay as they were.
    RETURN jsonb_populate_record(NEW, jsonb_build_object(author, to_jsonb(OLD) -> author, stamp, to_jsonb(OLD) -> stamp,
                                                         'written_in', OLD.written_in, 'id', OLD.id,
                                                         'file_name', OLD.file_name));
END $$;
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON import_run
    FOR EACH ROW EXECUTE FUNCTION guard_run('run_by', 'run_at');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON directory_run
    FOR EACH ROW EXECUTE FUNCTION guard_run('imported_by', 'imported_at');

-- A run's history without its report (which can hold a line per rejected row).
CREATE FUNCTION record_run_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    INSERT INTO public.change_history (table_name, row_key, action, before, after)
    VALUES (TG_TABLE_NAME, NEW.id::text, lower(TG_OP),
            CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) - 'report' END, to_jsonb(NEW) - 'report');
    RETURN NULL;
END $$;
CREATE TRIGGER history AFTER INSERT OR UPDATE ON import_run
    FOR EACH ROW EXECUTE FUNCTION record_run_history();
CREATE TRIGGER history AFTER INSERT OR UPDATE ON directory_run
    FOR EACH ROW EXECUTE FUNCTION record_run_history();

-- A snapshot's entries belong to a run made in the same transaction, and stay as read.
CREATE FUNCTION guard_entries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'directory_entry: a snapshot is kept as it was read' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT FROM new_rows n LEFT JOIN public.directory_run r ON r.id = n.run_id
                WHERE r.written_in IS DISTINCT FROM txid_current()) THEN
        RAISE EXCEPTION 'directory_entry: entries are added only by the import of their snapshot'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER guard_insert AFTER INSERT ON directory_entry REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION guard_entries();
CREATE TRIGGER guard_change BEFORE UPDATE OR DELETE ON directory_entry
    FOR EACH STATEMENT EXECUTE FUNCTION guard_entries();

DO $$
BEGIN
    EXECUTE format('REVOKE DELETE ON directory_run, directory_entry FROM %I', public.group_role());
    EXECUTE format('REVOKE UPDATE ON directory_entry FROM %I', public.group_role());
END $$;

-- Who made a link, a decision or an apply is whoever's session wrote it. (Plain assignments:
-- the cascade writes 100,000 links at once.)
CREATE FUNCTION stamp_maker() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    NEW.made_by := session_user;
    NEW.made_at := now();
    RETURN NEW;
END $$;
CREATE FUNCTION stamp_applier() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    NEW.applied_by := session_user;
    NEW.applied_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON correlation_link
    FOR EACH ROW EXECUTE FUNCTION stamp_maker();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON correlation_decision
    FOR EACH ROW EXECUTE FUNCTION stamp_maker();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON correlation_apply
    FOR EACH ROW EXECUTE FUNCTION stamp_applier();

-- 4. The live channel says what kind of thing changed and nothing else: any role may LISTEN,
--    so a room, a time, a login or a name in a payload would leak what RLS hides. Clients
--    re-read through RLS. Identical payloads of one transaction are delivered once.
CREATE OR REPLACE FUNCTION notify_change(kind text, detail jsonb DEFAULT '{}') RETURNS void
LANGUAGE sql SET search_path = pg_catalog, public
AS $$ SELECT pg_notify('intendant', jsonb_build_object('kind', kind)::text) $$;

CREATE OR REPLACE FUNCTION notify_booking_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM public.notify_change('booking');
    RETURN NULL;
END $$;

-- 5. Lengths: every text a user types has a limit the database holds, and the write path
--    names the field and its limit before a raw constraint would.
ALTER TABLE booking
    ADD CONSTRAINT booking_short_description_length CHECK (length(short_description) <= 1000) NOT VALID,
    ADD CONSTRAINT booking_description_length CHECK (length(description) <= 65536) NOT VALID,
    ADD CONSTRAINT booking_fields_length CHECK (length(fields::text) <= 65536) NOT VALID;
ALTER TABLE room ADD CONSTRAINT room_description_length CHECK (length(description) <= 65536) NOT VALID;
ALTER TABLE booking_decision ADD CONSTRAINT booking_decision_reason_length CHECK (length(reason) <= 2000) NOT VALID;

CREATE FUNCTION check_lengths(d jsonb) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public
AS $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT * FROM (VALUES ('name', 80), ('external_name', 80), ('short_description', 1000),
                                   ('description', 65536)) AS x(field, lim) LOOP
        IF length(d ->> f.field) > f.lim THEN
            PERFORM public.refuse('too_long', format('%s: at most %s characters, not %s', f.field, f.lim, length(d ->> f.field)),
                jsonb_build_object('field', f.field, 'limit', f.lim, 'length', length(d ->> f.field)));
        END IF;
    END LOOP;
    IF length(coalesce(d -> 'fields', '{}')::text) > 65536 THEN
        PERFORM public.refuse('too_long', 'fields: at most 65536 characters in all',
            jsonb_build_object('field', 'fields', 'limit', 65536, 'length', length((d -> 'fields')::text)));
    END IF;
END $$;

-- 6. Booking: quotas serialised per beneficiary, lengths named, the destination's rights
--    checked when a booking moves, and nothing done (or mailed) to what is gone.
CREATE TABLE quota_guard (
    login text PRIMARY KEY,
    writes bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE quota_guard IS 'One row per beneficiary, updated by every quota check: concurrent bookings for one person queue here, so a quota is counted after the previous booking committed (and a repeatable-read transaction that raced fails to serialise).';

CREATE OR REPLACE FUNCTION check_booking(rm room, occ tstzrange[], d jsonb, replacing bigint[], check_beneficiary boolean)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE
    me public.user_status := public.current_status();
    handler boolean := public.handles_room(rm.id);
    who text := coalesce(d ->> 'beneficiary', session_user);
    max_occ integer := (SELECT value::integer FROM public.setting WHERE name = 'series.max_occurrences');
BEGIN
    IF cardinality(occ) IS NULL THEN
        PERFORM public.refuse('no_occurrence', 'nothing to book: no occurrence', '{}');
    END IF;
    IF max_occ >= 0 AND cardinality(occ) > max_occ THEN
        PERFORM public.refuse('too_many', format('a series has at most %s occurrences, not %s', max_occ, cardinality(occ)),
            jsonb_build_object('limit', max_occ, 'count', cardinality(occ)));
    END IF;
    PERFORM public.check_lengths(d);
    IF EXISTS (SELECT FROM unnest(occ) WITH ORDINALITY AS x(o, i)
                 JOIN unnest(occ) WITH ORDINALITY AS y(o, i) ON x.i < y.i AND x.o && y.o) THEN
        PERFORM public.refuse('series_overlaps', 'the occurrences overlap each other', '{}');
    END IF;
    IF check_beneficiary AND ((d ? 'beneficiary' AND d ->> 'beneficiary' <> session_user) OR d ? 'external_name') THEN
        IF NOT handler AND NOT (rm.book_for_others IS NOT NULL AND me <= rm.book_for_others)
           AND NOT EXISTS (SELECT FROM public.room_delegate WHERE room_id = rm.id AND login = session_user) THEN
            PERFORM public.refuse('book_for_others', format('you may not book room %s for someone else', rm.name),
                jsonb_build_object('room', rm.name), '42501');
        END IF;
        IF d ? 'beneficiary' AND NOT EXISTS (SELECT FROM public.app_user WHERE login = d ->> 'beneficiary' AND active) THEN
            PERFORM public.refuse('unknown_beneficiary', format('no active user %s', d ->> 'beneficiary'),
                jsonb_build_object('login', d ->> 'beneficiary'));
        END IF;
    END IF;
    IF NOT handler THEN
        -- Waits for any other booking for the same person to commit; the count below is
        -- taken after it (a new statement sees what committed meanwhile).
        INSERT INTO public.quota_guard AS g (login) VALUES (who)
        ON CONFLICT (login) DO UPDATE SET writes = g.writes + 1;
    END IF;
    PERFORM public.check_rules(rm, occ, d, who, replacing);
END $$;

CREATE OR REPLACE FUNCTION booking_row(booking_id bigint) RETURNS booking
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
DECLARE b public.booking;
BEGIN
    SELECT * INTO b FROM public.booking WHERE id = booking_id FOR UPDATE;
    IF NOT FOUND OR b.archived_at IS NOT NULL OR NOT public.can_see_room(b.room_id) THEN
        PERFORM public.refuse('no_such_booking', format('no booking %s', booking_id), jsonb_build_object('id', booking_id));
    END IF;
    RETURN b;
END $$;

-- Moving a booking is booking it in the destination: every right there is checked as if it
-- were made there, for the person it is for.
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
            'short_description', b.short_description, 'description', b.description, 'fields', b.fields,
            'tentative_until', b.tentative_until));
    IF changes ? 'external_name' THEN
        d := d - 'beneficiary';
    END IF;
    IF changes ? 'beneficiary' THEN
        d := d - 'external_name' - 'external_email';
    END IF;
    d := public.complete_details(rm, jsonb_strip_nulls(d || changes));
    -- The person the booking is for: its beneficiary, else its owner (not whoever edits it).
    for_check := CASE WHEN d ? 'beneficiary' OR d ? 'external_name' THEN d
                      ELSE d || jsonb_build_object('beneficiary', b.owner) END;
    span := coalesce(during, b.during);
    PERFORM public.check_booking(rm, ARRAY[span], for_check, ARRAY[b.id],
                                 moved OR changes ? 'beneficiary' OR changes ? 'external_name');
    IF moved AND NOT public.handles_room(rm.id) AND rm.users_may_not_modify_own THEN
        PERFORM public.refuse('not_yours', format('only the managers of room %s change its bookings', rm.name),
            jsonb_build_object('id', b.id), '42501');
    END IF;
    clash := public.conflicts_json(rm.id, ARRAY[span], ARRAY[b.id]);
    IF clash IS NOT NULL THEN
        PERFORM public.refuse_conflicts(clash);
    END IF;
    BEGIN
        UPDATE public.booking
           SET room_id = rm.id, during = span, series_id = NULL, name = d ->> 'name', type = d ->> 'type',
               beneficiary = d ->> 'beneficiary', external_name = d ->> 'external_name',
               external_email = d ->> 'external_email', short_description = coalesce(d ->> 'short_description', ''),
               description = coalesce(d ->> 'description', ''), fields = coalesce(d -> 'fields', '{}'),
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

CREATE OR REPLACE FUNCTION booking_delete(booking_id bigint, whole_series boolean DEFAULT false) RETURNS bigint[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
    m public.booking;
    gone bigint[] := '{}';
BEGIN
    PERFORM public.check_may_change(b);
    FOR m IN SELECT * FROM public.booking
              WHERE archived_at IS NULL
                AND (id = b.id OR (whole_series AND b.series_id IS NOT NULL AND series_id = b.series_id))
              ORDER BY lower(during) FOR UPDATE LOOP
        IF whole_series AND m.id <> b.id AND lower(m.during) < now() AND NOT public.is_admin()
           AND NOT (SELECT allow_past FROM public.room WHERE id = m.room_id) THEN
            CONTINUE;
        END IF;
        PERFORM public.check_may_change(m);
        gone := gone || m.id;
    END LOOP;
    IF cardinality(gone) = 0 THEN
        PERFORM public.refuse('no_such_booking', format('no booking %s', b.id), jsonb_build_object('id', b.id));
    END IF;
    UPDATE public.booking SET archived_at = now(), updated_at = now() WHERE id = ANY (gone);
    PERFORM public.queue_mail('booking_deleted', b.id, public.concerned(b),
                              jsonb_build_object('occurrences', cardinality(gone)));
    RETURN gone;
END $$;

CREATE OR REPLACE FUNCTION booking_confirm(booking_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
BEGIN
    PERFORM public.check_may_change(b);
    IF b.tentative_until IS NULL THEN
        PERFORM public.refuse('not_tentative', format('booking %s is not waiting for confirmation', b.id),
            jsonb_build_object('id', b.id));
    END IF;
    UPDATE public.booking SET tentative_until = NULL, updated_at = now() WHERE id = b.id;
END $$;

CREATE OR REPLACE FUNCTION booking_moderate(booking_id bigint, accept boolean, reason text DEFAULT '', whole_series boolean DEFAULT false)
RETURNS bigint[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    b public.booking := public.booking_row(booking_id);
    m public.booking;
    done bigint[] := '{}';
BEGIN
    IF NOT public.handles_room(b.room_id) THEN
        PERFORM public.refuse('not_moderator', 'only the managers of the room moderate its bookings',
            jsonb_build_object('id', b.id), '42501');
    END IF;
    IF length(reason) > 2000 THEN
        PERFORM public.refuse('too_long', format('reason: at most 2000 characters, not %s', length(reason)),
            jsonb_build_object('field', 'reason', 'limit', 2000, 'length', length(reason)));
    END IF;
    IF b.moderation <> 'pending' AND NOT whole_series THEN
        PERFORM public.refuse('not_pending', format('booking %s is not waiting for moderation', b.id),
            jsonb_build_object('id', b.id));
    END IF;
    FOR m IN SELECT * FROM public.booking
              WHERE archived_at IS NULL AND moderation = 'pending'
                AND (id = b.id OR (whole_series AND b.series_id IS NOT NULL AND series_id = b.series_id))
              FOR UPDATE LOOP
        INSERT INTO public.booking_decision (booking_id, decision, reason, booking_copy)
        VALUES (m.id, CASE WHEN accept THEN 'accepted' ELSE 'refused' END, coalesce(reason, ''), to_jsonb(m));
        done := done || m.id;
    END LOOP;
    IF cardinality(done) = 0 THEN
        PERFORM public.refuse('not_pending', format('booking %s is not waiting for moderation', b.id),
            jsonb_build_object('id', b.id));
    END IF;
    UPDATE public.booking
       SET moderation = CASE WHEN accept THEN 'accepted' ELSE 'refused' END,
           archived_at = CASE WHEN accept THEN NULL ELSE now() END, updated_at = now()
     WHERE id = ANY (done);
    IF NOT accept AND whole_series AND b.series_id IS NOT NULL THEN
        UPDATE public.booking SET series_id = NULL, updated_at = now()
         WHERE series_id = b.series_id AND NOT id = ANY (done);
    END IF;
    PERFORM public.queue_mail('moderation_decided', b.id, public.concerned(b),
        jsonb_build_object('decision', CASE WHEN accept THEN 'accepted' ELSE 'refused' END, 'reason', reason,
                           'occurrences', cardinality(done)));
    RETURN done;
END $$;

REVOKE EXECUTE ON FUNCTION check_lengths(jsonb), guard_run(), guard_entries(), stamp_maker(), stamp_applier(),
    record_run_history(), refuse_login_change() FROM PUBLIC;
