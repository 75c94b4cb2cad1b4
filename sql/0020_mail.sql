-- 0020 mail: the outbox is delivered (`intendant worker`).
--
-- A row is taken by one worker at a time (FOR UPDATE SKIP LOCKED, held while it sends), each
-- recipient's outcome is kept (so a retry sends only to those not reached yet), a failed
-- attempt waits 1 min, 2, 4 … 6 h at most, and after `mail.max_attempts` the row is a dead
-- letter with its last error, never dropped. Only an administrator's login may run a worker:
-- nobody else can mark a mail sent, and nobody at all can write the outbox but the rules.

ALTER TABLE outbox
    -- Who did what the mail tells (the rules run as the session's login); they are not told
    -- of their own action. Unknown for mails queued before this column.
    ADD COLUMN actor text,
    ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_error text,
    ADD COLUMN dead_at timestamptz,
    ADD CONSTRAINT outbox_sent_or_dead CHECK (sent_at IS NULL OR dead_at IS NULL);
ALTER TABLE outbox ALTER COLUMN actor SET DEFAULT session_user;
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('booking_created', 'booking_changed',
    'booking_deleted', 'moderation_pending', 'moderation_decided', 'tentative_expired', 'loan_overdue',
    'import_report'));
DROP INDEX outbox_unsent;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND dead_at IS NULL;
-- Dead letters are counted at every start of the app, for the administrators' status line.
CREATE INDEX outbox_dead ON outbox (id) WHERE dead_at IS NOT NULL;

-- What became of each recipient of a mail. `sent`: the server took it; `refused`: the server
-- refused it for good (5xx), with its words; `no_address`: a user without an email address;
-- `opted_out`: a user who turned notifications off; `off`: mail was switched off for all;
-- `self`: the one who did it.
CREATE TABLE outbox_delivery (
    outbox_id bigint NOT NULL REFERENCES outbox ON DELETE CASCADE,
    recipient text NOT NULL,
    address text,
    state text NOT NULL CHECK (state IN ('sent', 'refused', 'no_address', 'opted_out', 'off', 'self')),
    detail text,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (outbox_id, recipient)
);
ALTER TABLE outbox_delivery ENABLE ROW LEVEL SECURITY;
CREATE POLICY outbox_delivery_admin_read ON outbox_delivery FOR SELECT USING (public.is_admin());
SELECT grant_to_members('SELECT', 'outbox_delivery');

-- Users choose whether they are told (GRR lets each user turn mails off).
ALTER TABLE app_user ADD COLUMN notify boolean NOT NULL DEFAULT true;

INSERT INTO setting (name, value) VALUES
    ('mail.enabled', 'true'),
    ('mail.from', ''),
    ('mail.reply_to', ''),
    ('mail.smtp_host', 'localhost'),
    ('mail.smtp_port', '25'),
    ('mail.smtp_security', 'none'),
    ('mail.smtp_user', ''),
    ('mail.max_attempts', '12'),
    ('mail.language', 'fr')
ON CONFLICT (name) DO NOTHING;

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
    IF (NEW.name IN ('mail.enabled', 'tasks.at_first_login') AND NEW.value NOT IN ('true', 'false'))
       OR (NEW.name = 'mail.smtp_security' AND NEW.value NOT IN ('starttls', 'tls', 'none'))
       OR (NEW.name = 'mail.language' AND NEW.value NOT IN ('fr', 'en'))
       OR (NEW.name = 'mail.smtp_port' AND NOT (NEW.value ~ '^[0-9]{1,5}$' AND NEW.value::integer BETWEEN 1 AND 65535))
       OR (NEW.name = 'mail.max_attempts' AND NOT (NEW.value ~ '^[0-9]{1,3}$' AND NEW.value::integer BETWEEN 1 AND 100))
       OR (NEW.name IN ('mail.from', 'mail.reply_to') AND NEW.value <> ''
           AND NEW.value !~ '^[^@[:space:]<>]+@[^@[:space:]<>]+$') THEN
        RAISE EXCEPTION 'setting %: "%" is not a valid value', NEW.name, NEW.value
            USING ERRCODE = 'check_violation',
                  HINT = CASE NEW.name
                      WHEN 'mail.enabled' THEN 'true or false'
                      WHEN 'tasks.at_first_login' THEN 'true or false'
                      WHEN 'mail.smtp_security' THEN 'starttls, tls or none'
                      WHEN 'mail.language' THEN 'fr or en'
                      WHEN 'mail.smtp_port' THEN 'a port number, 1 to 65535'
                      WHEN 'mail.max_attempts' THEN 'a number of attempts, 1 to 100'
                      ELSE 'an address such as intendant@lycee.example' END;
    END IF;
    RETURN NEW;
END $$;

-- A worker wakes at once when mail is queued (it also polls, so a lost notice delays nothing
-- for long).
CREATE FUNCTION notify_mail() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM pg_notify('intendant_mail', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_wakes_workers AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION notify_mail();
REVOKE EXECUTE ON FUNCTION notify_mail() FROM PUBLIC;

CREATE FUNCTION mail_admin_only() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT public.is_admin() THEN
        PERFORM public.refuse('admin_only', 'only an administrator delivers or retries mail', '{}', '42501');
    END IF;
END $$;

-- A recipient as the worker needs it, resolved now: a login's address, name, language and
-- choice; an external beneficiary's address as given.
CREATE FUNCTION mail_person(who text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(
        (SELECT jsonb_build_object('recipient', u.login, 'name', coalesce(nullif(u.display_name, ''), u.login),
                                   'address', u.email, 'language', coalesce(u.language, s.value),
                                   'notify', u.notify AND u.active)
           FROM public.app_user u WHERE u.login = who),
        jsonb_build_object('recipient', who, 'name', who, 'address', CASE WHEN who LIKE '%@%' THEN who END,
                           'language', s.value, 'notify', true))
      FROM (SELECT coalesce((SELECT value FROM public.setting WHERE name = 'mail.language'), 'fr') AS value) AS s
$$;

-- What a mail tells of a booking, with the occurrences of its series in the same state (one
-- transaction archives or creates them together, so they share the moment).
CREATE FUNCTION mail_booking(booking_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, public
AS $$
    SELECT jsonb_build_object(
        'id', b.id, 'name', b.name, 'type', b.type, 'room', r.name, 'area', a.name,
        'start', lower(b.during), 'end', upper(b.during),
        'beneficiary', coalesce(public.mail_person(b.beneficiary) ->> 'name', b.external_name,
                                public.mail_person(b.owner) ->> 'name'),
        'owner', public.mail_person(b.owner) ->> 'name',
        'short_description', b.short_description, 'description', b.description,
        'moderation', b.moderation, 'tentative_until', b.tentative_until,
        'archived', b.archived_at IS NOT NULL, 'updated_at', b.updated_at,
        'occurrences', coalesce((
            SELECT jsonb_agg(jsonb_build_object('id', m.id, 'start', lower(m.during), 'end', upper(m.during))
                             ORDER BY lower(m.during))
              FROM public.booking m
             WHERE m.series_id = b.series_id AND m.archived_at IS NOT DISTINCT FROM b.archived_at),
            jsonb_build_array(jsonb_build_object('id', b.id, 'start', lower(b.during), 'end', upper(b.during)))))
      FROM public.booking b JOIN public.room r ON r.id = b.room_id JOIN public.area a ON a.id = r.area_id
     WHERE b.id = booking_id
$$;

-- Takes the next mail due, locked until the caller's transaction ends: another worker skips
-- it. NULL when nothing is due. Recipients already dealt with are left out.
CREATE FUNCTION mail_claim() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    o public.outbox;
BEGIN
    PERFORM public.mail_admin_only();
    SELECT * INTO o FROM public.outbox
     WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
     ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN jsonb_build_object(
        'id', o.id, 'kind', o.kind, 'attempts', o.attempts, 'created_at', o.created_at, 'payload', o.payload,
        'actor', public.mail_person(o.actor),
        'booking', public.mail_booking(o.booking_id),
        'enabled', coalesce((SELECT value FROM public.setting WHERE name = 'mail.enabled'), 'true') = 'true',
        'recipients', coalesce((
            SELECT jsonb_agg(public.mail_person(r) ORDER BY r) FROM unnest(o.recipients) AS r
             WHERE NOT EXISTS (SELECT FROM public.outbox_delivery d WHERE d.outbox_id = o.id AND d.recipient = r)),
            '[]'));
END $$;

-- How long a mail waits after its n-th failed attempt: 1 min, doubling, 6 h at most.
CREATE FUNCTION mail_backoff(attempt integer) RETURNS interval
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public
AS $$ SELECT least(interval '1 minute' * power(2, greatest(attempt, 1) - 1), interval '6 hours') $$;

-- What an attempt did: each recipient dealt with ({recipient, address, state, detail}), and the
-- error that stopped the others (NULL: none is left). A mail with nobody left is sent; one
-- that failed waits its backoff, and after the last attempt is a dead letter.
CREATE FUNCTION mail_record(mail_id bigint, deliveries jsonb, error text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    o public.outbox;
    most integer := coalesce((SELECT value::integer FROM public.setting WHERE name = 'mail.max_attempts'), 12);
BEGIN
    PERFORM public.mail_admin_only();
    SELECT * INTO o FROM public.outbox WHERE id = mail_id FOR UPDATE;
    IF NOT FOUND OR o.sent_at IS NOT NULL OR o.dead_at IS NOT NULL THEN
        RETURN 'gone';
    END IF;
    INSERT INTO public.outbox_delivery (outbox_id, recipient, address, state, detail)
    SELECT mail_id, d ->> 'recipient', d ->> 'address', d ->> 'state', d ->> 'detail'
      FROM jsonb_array_elements(coalesce(deliveries, '[]')) AS d
     WHERE d ->> 'recipient' = ANY (o.recipients)
    ON CONFLICT (outbox_id, recipient) DO NOTHING;
    IF error IS NULL THEN
        UPDATE public.outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = mail_id;
        RETURN 'sent';
    ELSIF o.attempts + 1 >= most THEN
        UPDATE public.outbox SET attempts = attempts + 1, last_error = error, dead_at = now() WHERE id = mail_id;
        RETURN 'dead';
    ELSE
        UPDATE public.outbox
           SET attempts = attempts + 1, last_error = error, next_attempt_at = now() + public.mail_backoff(o.attempts + 1)
         WHERE id = mail_id;
        RETURN 'retry';
    END IF;
END $$;

-- Tries a mail again now: a dead letter, one waiting its backoff, or one whose recipients
-- were refused or had no address (those only are tried again). Returns the ids.
CREATE FUNCTION mail_retry(ids bigint[]) RETURNS bigint[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    done bigint[];
BEGIN
    PERFORM public.mail_admin_only();
    DELETE FROM public.outbox_delivery WHERE outbox_id = ANY (ids) AND state IN ('refused', 'no_address');
    WITH again AS (
        UPDATE public.outbox o
           SET sent_at = NULL, dead_at = NULL, next_attempt_at = now(),
               attempts = CASE WHEN o.dead_at IS NOT NULL THEN 0 ELSE o.attempts END
         WHERE o.id = ANY (ids)
           AND (o.sent_at IS NULL OR EXISTS (SELECT FROM unnest(o.recipients) AS r
                                              WHERE NOT EXISTS (SELECT FROM public.outbox_delivery d
                                                                 WHERE d.outbox_id = o.id AND d.recipient = r)))
        RETURNING o.id)
    SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO done FROM again;
    PERFORM pg_notify('intendant_mail', '');
    RETURN done;
END $$;

-- Every mail that went wrong: dead letters, those waiting to be tried again, and those with a
-- recipient refused.
CREATE FUNCTION mail_failed_ids() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(o.id ORDER BY o.id), '{}') FROM public.outbox o
     WHERE public.is_admin()
       AND (o.dead_at IS NOT NULL OR (o.sent_at IS NULL AND o.last_error IS NOT NULL)
            OR EXISTS (SELECT FROM public.outbox_delivery d WHERE d.outbox_id = o.id AND d.state = 'refused'))
$$;

REVOKE EXECUTE ON FUNCTION mail_admin_only(), mail_person(text), mail_booking(bigint) FROM PUBLIC;
