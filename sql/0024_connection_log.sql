-- 0024 the connection log (GRR's "suivi des connexions", seed 003 section 5.2): each session of
-- the full-screen app records who, when, from where and with what, and how it ended: a clean
-- exit, or "lost" once its connection to the server is gone without one. Administrators read
-- it; nobody writes it but these functions, and nobody ends another's session.

CREATE TABLE connection_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login text NOT NULL,
    pid integer NOT NULL,
    backend_start timestamptz,
    client_addr inet,
    application text NOT NULL CHECK (length(application) BETWEEN 1 AND 64),
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    ended text CHECK (ended IN ('exit', 'lost')),
    CHECK ((ended IS NULL) = (ended_at IS NULL))
);
CREATE INDEX connection_log_open ON connection_log (id) WHERE ended IS NULL;
CREATE INDEX connection_log_recent ON connection_log (started_at DESC);
ALTER TABLE connection_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY connection_log_admin_read ON connection_log FOR SELECT USING (public.is_admin());
SELECT grant_to_members('SELECT', 'connection_log');

-- Sessions whose connection is gone without a clean end are marked lost.
CREATE FUNCTION connection_sweep() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    n bigint;
BEGIN
    UPDATE public.connection_log c SET ended = 'lost', ended_at = now()
     WHERE c.ended IS NULL
       AND NOT EXISTS (SELECT FROM pg_stat_activity a
                        WHERE a.pid = c.pid AND a.backend_start IS NOT DISTINCT FROM c.backend_start);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
REVOKE EXECUTE ON FUNCTION connection_sweep() FROM PUBLIC;

-- A session starts, on the first connection of its pool (kept while the app runs): its id.
CREATE FUNCTION connection_start(application text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    id bigint;
BEGIN
    PERFORM public.connection_sweep();
    INSERT INTO public.connection_log (login, pid, backend_start, client_addr, application)
    SELECT session_user, pg_backend_pid(),
           (SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()),
           inet_client_addr(), left(coalesce(nullif(connection_start.application, ''), 'unknown'), 64)
    RETURNING connection_log.id INTO id;
    RETURN id;
END $$;

-- The session ends cleanly: only its own.
CREATE FUNCTION connection_end(session_id bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    UPDATE public.connection_log SET ended = 'exit', ended_at = now()
     WHERE id = session_id AND login = session_user AND ended IS NULL;
    RETURN FOUND;
END $$;

-- What an administrator reads: the log, newest first, sessions that died marked first.
CREATE FUNCTION connection_list(since timestamptz, who text DEFAULT NULL, most integer DEFAULT 200)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM public.admin_only('the connection log');
    PERFORM public.connection_sweep();
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(c) - 'pid' - 'backend_start' ORDER BY c.started_at DESC), '[]')
              FROM (SELECT * FROM public.connection_log l
                     WHERE l.started_at >= since AND (who IS NULL OR l.login = who)
                     ORDER BY l.started_at DESC LIMIT most) AS c);
END $$;
