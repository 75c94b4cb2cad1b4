-- 0035 certificate campaigns: the town they are made in (`campaign.place`), and test mode: a campaign's flag or the installation's setting
-- `campaign.test_mode` (a university trying the tool on real data). Everything runs and the
-- certificates are made, but nothing reaches a student: the real recipients are logged and
-- listed, and mail may go to one test address instead (`campaign.test_address`).

INSERT INTO setting (name, value) VALUES ('campaign.test_address', ''), ('campaign.place', '')
ON CONFLICT (name) DO NOTHING;

CREATE FUNCTION check_campaign_setting() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF (NEW.name = 'campaign.test_mode' AND NEW.value NOT IN ('true', 'false'))
       OR (NEW.name = 'campaign.test_address' AND NEW.value <> ''
           AND NEW.value !~ '^[^@[:space:]<>]+@[^@[:space:]<>]+$')
       OR (NEW.name = 'campaign.no_diploma_nature' AND NEW.value !~ '^[A-Za-z0-9]{1,4}$')
       OR (NEW.name = 'campaign.place' AND length(NEW.value) > 80) THEN
        RAISE EXCEPTION 'setting %: "%" is not a valid value', NEW.name, NEW.value
            USING ERRCODE = 'check_violation',
                  HINT = CASE NEW.name
                      WHEN 'campaign.test_mode' THEN 'true or false'
                      WHEN 'campaign.test_address' THEN 'an address such as scolarite-test@univ.example, or nothing'
                      WHEN 'campaign.place' THEN 'the town the certificates are made in, 80 characters at most'
                      ELSE 'a nature code such as 9' END;
    END IF;
    RETURN NEW;
END $$;
REVOKE EXECUTE ON FUNCTION check_campaign_setting() FROM PUBLIC;
CREATE TRIGGER setting_check_campaign BEFORE INSERT OR UPDATE ON setting
    FOR EACH ROW WHEN (NEW.name LIKE 'campaign.%') EXECUTE FUNCTION check_campaign_setting();

-- Whether a campaign runs in test mode: its own flag or the installation's.
CREATE FUNCTION campaign_in_test(c campaign) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
BEGIN
    RETURN c.test OR coalesce((SELECT value FROM public.setting WHERE name = 'campaign.test_mode'), 'false') = 'true';
END $$;
