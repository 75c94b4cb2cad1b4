-- 0029 the kiosk (seed 003 section 1.4, reading without an account): a visitor login without a
-- password, for a screen in a hallway. It connects only from the hosts an administrator lists
-- in pg_hba.conf (`intendant admin kiosk` prints the lines), sees what visitors see of the
-- public areas, and nothing of the people: not the users' list, not even their names.

CREATE FUNCTION kiosk_login() RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public
AS $$ SELECT left(current_database(), 50) || '_kiosk' $$;

CREATE FUNCTION is_kiosk() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$ SELECT session_user::text = public.kiosk_login() $$;

CREATE POLICY kiosk_sees_no_one ON app_user AS RESTRICTIVE FOR SELECT
    USING (NOT (SELECT public.is_kiosk()) OR login = session_user);

CREATE FUNCTION admin_kiosk(enabled boolean) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    k text := public.kiosk_login();
    g text := public.group_role();
    ours boolean;
BEGIN
    PERFORM public.admin_only('the kiosk');
    SELECT pg_has_role(r.oid, g, 'MEMBER') OR EXISTS (SELECT FROM public.app_user WHERE login = k)
      INTO ours FROM pg_roles r WHERE r.rolname = k;
    IF ours IS NOT NULL AND NOT ours THEN
        PERFORM public.refuse('login_taken', format('a role %s exists and is not this database''s kiosk', k),
            jsonb_build_object('login', k));
    END IF;
    IF enabled THEN
        IF ours IS NULL THEN
            EXECUTE format('CREATE ROLE %I LOGIN', k);
        END IF;
        -- No password: it connects only where pg_hba.conf trusts it, from the hosts listed there.
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD NULL', k);
        EXECUTE format('GRANT %I TO %I', g, k);
        INSERT INTO public.app_user (login, display_name, status, active) VALUES (k, 'Kiosk', 'visitor', true)
        ON CONFLICT (login) DO UPDATE SET status = 'visitor', active = true;
    ELSIF ours THEN
        EXECUTE format('REVOKE %I FROM %I', g, k);
        EXECUTE format('ALTER ROLE %I NOLOGIN', k);
        UPDATE public.app_user SET active = false WHERE login = k;
    END IF;
    RETURN jsonb_build_object('login', k, 'database', current_database(), 'enabled', enabled);
END $$;
REVOKE EXECUTE ON FUNCTION admin_kiosk(boolean) FROM PUBLIC;
DO $$ BEGIN EXECUTE format('GRANT EXECUTE ON FUNCTION admin_kiosk(boolean) TO %I', public.group_role()); END $$;
