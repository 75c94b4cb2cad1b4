-- 0021 daily tasks: once a day, whoever starts them (cron's `intendant tasks run`, or the first
-- TUI start of the day when `tasks.at_first_login` is on, as GRR can): tentative bookings not
-- confirmed in time are released, overdue loans get their notice (from the day after the
-- end), and the administrators get the day's import report. Running them twice the same day
-- changes nothing the second time. Days are the installation's (setting `timezone`).

CREATE TABLE daily_task_run (
    day date PRIMARY KEY,
    ran_at timestamptz NOT NULL DEFAULT now(),
    ran_by text NOT NULL DEFAULT session_user,
    result jsonb NOT NULL
);
ALTER TABLE daily_task_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY daily_task_run_admin_read ON daily_task_run FOR SELECT USING (public.is_admin());
SELECT grant_to_members('SELECT', 'daily_task_run');

-- Checked with the mail settings (0020's check_setting).
INSERT INTO setting (name, value) VALUES ('tasks.at_first_login', 'false') ON CONFLICT (name) DO NOTHING;


-- The work itself, for whoever may start it (the two functions below).
CREATE FUNCTION daily_tasks() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    tz text := public.install_tz();
    today date := (now() AT TIME ZONE public.install_tz())::date;
    expired bigint;
    notices bigint;
    reports bigint := 0;
    runs jsonb;
    result jsonb;
BEGIN
    -- Two starts at once (cron and a first login) do the work once.
    PERFORM pg_advisory_xact_lock(7242021);
    WITH gone AS (
        UPDATE public.booking SET archived_at = now(), updated_at = now()
         WHERE archived_at IS NULL AND tentative_until IS NOT NULL AND tentative_until < now()
        RETURNING *)
    INSERT INTO public.outbox (kind, booking_id, recipients, payload)
    SELECT 'tentative_expired', g.id, public.concerned(g::public.booking), jsonb_build_object('until', g.tentative_until)
      FROM gone AS g;
    GET DIAGNOSTICS expired = ROW_COUNT;
    INSERT INTO public.outbox (kind, booking_id, recipients, payload)
    SELECT 'loan_overdue', b.id, ARRAY[coalesce(b.beneficiary, b.external_email, b.owner)] || public.room_handlers(b.room_id),
           jsonb_build_object('day', today)
      FROM public.booking b
     WHERE b.archived_at IS NULL AND b.loan = 'overdue' AND (upper(b.during) AT TIME ZONE tz)::date < today
       AND NOT EXISTS (SELECT FROM public.outbox o WHERE o.booking_id = b.id AND o.kind = 'loan_overdue'
                                                     AND (o.created_at AT TIME ZONE tz)::date = today);
    GET DIAGNOSTICS notices = ROW_COUNT;
    SELECT jsonb_agg(jsonb_build_object(
               'id', r.id, 'kind', r.kind, 'file', r.file_name, 'run_by', r.run_by, 'run_at', r.run_at,
               'rows', r.rows, 'added', r.added, 'updated', r.updated, 'unchanged', r.unchanged,
               'rejected', r.rejected, 'deactivated', r.deactivated,
               'rejected_lines', coalesce((SELECT jsonb_agg(p) FROM (SELECT p FROM jsonb_array_elements(r.report -> 'rejected') AS p
                                                                      LIMIT 50) AS x), '[]'))
             ORDER BY r.run_at)
      INTO runs
      FROM public.import_run r
     WHERE (r.run_at AT TIME ZONE tz)::date = today;
    IF runs IS NOT NULL AND NOT EXISTS (SELECT FROM public.outbox
                                         WHERE kind = 'import_report' AND payload ->> 'day' = today::text) THEN
        INSERT INTO public.outbox (kind, recipients, payload)
        SELECT 'import_report', array_agg(login ORDER BY login), jsonb_build_object('day', today, 'runs', runs)
          FROM public.app_user WHERE status = 'admin' AND active
        HAVING count(*) > 0;
        GET DIAGNOSTICS reports = ROW_COUNT;
    END IF;
    result := jsonb_build_object('day', today, 'tentative_expired', expired, 'overdue_notices', notices,
                                 'import_reports', reports);
    INSERT INTO public.daily_task_run (day, result) VALUES (today, result)
    ON CONFLICT (day) DO UPDATE SET ran_at = now(), ran_by = session_user, result = EXCLUDED.result;
    RETURN result;
END $$;
REVOKE EXECUTE ON FUNCTION daily_tasks() FROM PUBLIC;

-- `intendant tasks run`: an administrator's, at any time (idempotent by day).
CREATE OR REPLACE FUNCTION run_tasks() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT public.is_admin() THEN
        PERFORM public.refuse('admin_only', 'only an administrator runs the tasks', '{}', '42501');
    END IF;
    RETURN public.daily_tasks();
END $$;

-- The first TUI start of the day, anyone's, when the installation asks for it: NULL when the
-- setting is off or the tasks already ran today.
CREATE FUNCTION tasks_at_first_login() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
BEGIN
    IF coalesce((SELECT value FROM public.setting WHERE name = 'tasks.at_first_login'), 'false') <> 'true'
       OR EXISTS (SELECT FROM public.daily_task_run WHERE day = (now() AT TIME ZONE public.install_tz())::date)
       OR public.current_status() IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN public.daily_tasks();
END $$;
