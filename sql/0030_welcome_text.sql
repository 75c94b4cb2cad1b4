-- 0030 the welcome text (GRR's "message d'accueil"): what every user reads when the app opens,
-- set by the administrators like any setting; one paragraph, 500 characters at most.
INSERT INTO setting (name, value) VALUES ('welcome_text', '') ON CONFLICT (name) DO NOTHING;

CREATE FUNCTION check_welcome_text() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.name = 'welcome_text' AND length(NEW.value) > 500 THEN
        RAISE EXCEPTION 'setting welcome_text: at most 500 characters, not %', length(NEW.value)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER setting_check_welcome BEFORE INSERT OR UPDATE ON setting FOR EACH ROW EXECUTE FUNCTION check_welcome_text();
