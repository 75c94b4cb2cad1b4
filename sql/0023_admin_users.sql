-- 0023 administration, users who can log in: an administrator, or a user manager for users
-- below administrator (seed 003 section 1.5), creates a user and with it the PostgreSQL login
-- that is its identity, member of this database's group; deactivating takes the login away.
-- The functions run as the installing role (which must be allowed to create roles); they make
-- only plain logins (no superuser, no role creation, no replication, no RLS bypass), never take
-- over a role that exists already for something else, and grant nothing but this database's
-- group. Passwords arrive as SCRAM verifiers made by the client (as psql's \password does),
-- never in clear.

CREATE FUNCTION may_manage_user(target_status user_status) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT public.is_admin()
        OR (public.current_status() = 'user_manager' AND target_status IS DISTINCT FROM 'admin')
$$;
REVOKE EXECUTE ON FUNCTION may_manage_user(user_status) FROM PUBLIC;

CREATE FUNCTION check_login_name(login text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public
AS $$
BEGIN
    IF login IS NULL OR login !~ '^[a-z][a-z0-9._-]{0,62}$' THEN
        PERFORM public.refuse('bad_login',
            format('login %s: a lower-case letter, then letters, digits, dots, dashes or underscores (63 at most)',
                   coalesce(login, '')),
            jsonb_build_object('login', login));
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION check_login_name(text) FROM PUBLIC;

CREATE FUNCTION check_verifier(verifier text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public
AS $$
BEGIN
    IF verifier IS NOT NULL AND verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        PERFORM public.refuse('bad_password', 'a password is given as a SCRAM-SHA-256 verifier, never in clear', '{}');
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION check_verifier(text) FROM PUBLIC;

-- The user `login`, if the caller may manage it (else refused).
CREATE FUNCTION managed_user(login text) RETURNS app_user
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
DECLARE
    u public.app_user;
BEGIN
    SELECT * INTO u FROM public.app_user a WHERE a.login = managed_user.login;
    IF NOT FOUND THEN
        PERFORM public.refuse('no_such_user', format('no user %s', managed_user.login),
            jsonb_build_object('login', managed_user.login));
    END IF;
    IF NOT public.may_manage_user(u.status) THEN
        PERFORM public.refuse('admin_only', 'only an administrator or a user manager may do that', '{}', '42501');
    END IF;
    RETURN u;
END $$;
REVOKE EXECUTE ON FUNCTION managed_user(text) FROM PUBLIC;

CREATE FUNCTION admin_user_create(login text, display_name text, email text DEFAULT NULL,
                                  status user_status DEFAULT 'user', password_verifier text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    wanted text := admin_user_create.login;
    g text := public.group_role();
    r pg_roles;
    u public.app_user;
BEGIN
    IF NOT public.may_manage_user(admin_user_create.status) THEN
        PERFORM public.refuse('admin_only',
            CASE WHEN admin_user_create.status = 'admin' THEN 'only an administrator may create an administrator'
                 ELSE 'only an administrator or a user manager may create users' END, '{}', '42501');
    END IF;
    PERFORM public.check_login_name(wanted);
    PERFORM public.check_verifier(password_verifier);
    IF EXISTS (SELECT FROM public.app_user a WHERE a.login = wanted) THEN
        PERFORM public.refuse('user_exists', format('user %s exists already', wanted), jsonb_build_object('login', wanted));
    END IF;
    SELECT * INTO r FROM pg_roles WHERE rolname = wanted;
    IF FOUND THEN
        -- A role this database did not make is somebody else's (a server account, another
        -- database's user): it is not taken over.
        IF r.rolsuper OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls OR NOT r.rolcanlogin
           OR NOT pg_has_role(wanted, g, 'MEMBER') THEN
            PERFORM public.refuse('login_taken',
                format('a PostgreSQL role named %s exists already and is not one of this database''s users', wanted),
                jsonb_build_object('login', wanted));
        END IF;
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', wanted);
        EXECUTE format('GRANT %I TO %I', g, wanted);
    END IF;
    IF password_verifier IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', wanted, password_verifier);
    END IF;
    INSERT INTO public.app_user AS a (login, display_name, email, status)
    VALUES (wanted, coalesce(admin_user_create.display_name, ''), admin_user_create.email, admin_user_create.status)
    RETURNING * INTO u;
    RETURN jsonb_build_object('login', u.login, 'name', u.display_name, 'email', u.email, 'status', u.status,
                              'active', u.active);
END $$;

-- A new temporary password (a SCRAM verifier) for a user the caller manages.
CREATE FUNCTION admin_user_password(login text, password_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    u public.app_user := public.managed_user(admin_user_password.login);
BEGIN
    IF password_verifier IS NULL THEN
        PERFORM public.refuse('bad_password', 'a password is given as a SCRAM-SHA-256 verifier, never in clear', '{}');
    END IF;
    PERFORM public.check_verifier(password_verifier);
    IF NOT pg_has_role(u.login, public.group_role(), 'MEMBER') THEN
        PERFORM public.refuse('login_taken', format('%s is not one of this database''s logins', u.login),
            jsonb_build_object('login', u.login));
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', u.login, password_verifier);
END $$;

-- Deactivating a user takes away its login to this database (its membership of the group, so
-- it reads nothing here; NOLOGIN as well when it belongs to no other Intendant database);
-- bookings and history keep the name. Activating gives both back.
CREATE FUNCTION admin_user_active(login text, active boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    u public.app_user := public.managed_user(admin_user_active.login);
    g text := public.group_role();
    elsewhere boolean;
BEGIN
    IF u.login = session_user AND NOT admin_user_active.active THEN
        PERFORM public.refuse('not_yourself', 'you cannot deactivate yourself', '{}');
    END IF;
    UPDATE public.app_user a SET active = admin_user_active.active WHERE a.login = u.login;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = u.login AND NOT rolsuper) THEN
        SELECT EXISTS (SELECT FROM pg_auth_members m JOIN pg_roles gr ON gr.oid = m.roleid
                        JOIN pg_roles me ON me.oid = m.member
                       WHERE me.rolname = u.login AND gr.rolname <> g AND gr.rolname LIKE '%\_intendant')
          INTO elsewhere;
        IF admin_user_active.active THEN
            EXECUTE format('GRANT %I TO %I', g, u.login);
            EXECUTE format('ALTER ROLE %I LOGIN', u.login);
        ELSE
            EXECUTE format('REVOKE %I FROM %I', g, u.login);
            IF NOT elsewhere THEN
                EXECUTE format('ALTER ROLE %I NOLOGIN', u.login);
            END IF;
        END IF;
    END IF;
END $$;
