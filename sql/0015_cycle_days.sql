-- 0015 the cycle-day generator's write path: an administrator numbers the days of a period
-- (J1…Jn, computed by the client from the blocked days it read) in one transaction; what the
-- period held before is replaced, nothing outside it is touched.
CREATE FUNCTION cycle_days_set(from_day date, to_day date, days date[], cycles integer[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
BEGIN
    IF NOT public.is_admin() THEN
        PERFORM public.refuse('admin_only', 'only administrators number the cycle days', '{}', '42501');
    END IF;
    IF EXISTS (SELECT FROM unnest(days) AS d WHERE d NOT BETWEEN from_day AND to_day) THEN
        PERFORM public.refuse('outside_period', 'a numbered day lies outside the period', '{}');
    END IF;
    DELETE FROM public.cycle_day WHERE day BETWEEN from_day AND to_day;
    INSERT INTO public.cycle_day (day, cycle) SELECT d, c FROM unnest(days, cycles) AS x(d, c);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
