/// The audit chain kept by the server, and signing in.
///
/// `append_audit` writes an entry exactly as BidpanelStore's
/// `AuditLog.append` does: the same fields, the same canonical encoding
/// (docs/evaluation-file.md, "The hash bytes (encoding 2)"), the same
/// SHA-256, so one chain check serves both engines. It is not granted to
/// the terminal: only the functions below, which check who is signed in,
/// call it.
extension PostgresMigrations {
    static let auditAndSignIn = PostgresMigration(name: "2: audit chain, sign-in and sessions") { context in
        let definer = "SECURITY DEFINER SET search_path = \(context.schema.schemaSQL), pg_temp"
        let pinned = "SET search_path = \(context.schema.schemaSQL), pg_temp"
        let crypto = context.cryptoSchemaSQL
        return [
            // The file's time format, to the millisecond, in UTC.
            """
            CREATE FUNCTION now_text() RETURNS text LANGUAGE sql VOLATILE \(pinned) AS $$
                SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            $$
            """,
            // One field: its length in UTF-8 bytes (decimal), ":", the bytes, "\\n".
            """
            CREATE FUNCTION canonical_field(value text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT \(pinned) AS $$
                SELECT convert_to(length(convert_to(value, 'UTF8'))::text || ':', 'UTF8')
                    || convert_to(value, 'UTF8') || '\\x0a'::bytea
            $$
            """,
            """
            CREATE FUNCTION audit_hash(entry audit) RETURNS text LANGUAGE sql IMMUTABLE \(pinned) AS $$
                SELECT encode(sha256(
                    convert_to('bidpanel-audit-2', 'UTF8') || '\\x0a'::bytea
                    || canonical_field(entry.seq::text) || canonical_field(entry.at)
                    || canonical_field(entry.actor) || canonical_field(entry.action)
                    || canonical_field(entry.bid) || canonical_field(entry.criterion)
                    || canonical_field(entry.principle) || canonical_field(entry.member)
                    || canonical_field(entry.old_value) || canonical_field(entry.new_value)
                    || canonical_field(entry.reason) || canonical_field(entry.source)
                    || canonical_field(entry.prev_hash)), 'hex')
            $$
            """,
            // Holds the state row until the transaction ends, so appends from
            // many terminals queue and the chain never forks.
            """
            CREATE FUNCTION append_audit(
                p_at text, p_actor text, p_action text, p_bid text, p_criterion text, p_principle text,
                p_member text, p_old_value text, p_new_value text, p_reason text, p_source text)
            RETURNS audit LANGUAGE plpgsql \(pinned) AS $$
            DECLARE
                current state;
                entry audit;
            BEGIN
                SELECT * INTO current FROM state WHERE id = 1 FOR UPDATE;
                entry := ROW(current.audit_count + 1, p_at, p_actor, p_action, p_bid, p_criterion, p_principle,
                             p_member, p_old_value, p_new_value, p_reason, p_source, current.audit_head, '', 2)::audit;
                entry.hash := audit_hash(entry);
                INSERT INTO audit SELECT entry.*;
                UPDATE state SET audit_count = entry.seq, audit_head = entry.hash WHERE id = 1;
                RETURN entry;
            END
            $$
            """,
            // "1 minute", "45 seconds", "2 minutes 30 seconds", as the file's sign-in says.
            """
            CREATE FUNCTION duration_words(seconds integer) RETURNS text LANGUAGE sql IMMUTABLE \(pinned) AS $$
                SELECT CASE
                    WHEN s / 60 = 0 THEN (s % 60) || ' second' || CASE WHEN s % 60 = 1 THEN '' ELSE 's' END
                    ELSE (s / 60) || ' minute' || CASE WHEN s / 60 = 1 THEN '' ELSE 's' END
                        || CASE WHEN s % 60 = 0 THEN ''
                                ELSE ' ' || (s % 60) || ' second' || CASE WHEN s % 60 = 1 THEN '' ELSE 's' END END
                END
                FROM (SELECT least(greatest(seconds, 1), 900) AS s) AS clamped
            $$
            """,
            // Set by the set-up (as the owner), never by a terminal: bcrypt,
            // so a copy of the table does not give the PINs away quickly.
            """
            CREATE FUNCTION set_pin(p_actor text, p_member text, p_pin text, p_source text) RETURNS void
            LANGUAGE plpgsql \(definer) AS $$
            BEGIN
                IF p_pin !~ '^[0-9]{4,12}$' THEN
                    RAISE EXCEPTION 'a PIN is 4 to 12 digits';
                END IF;
                UPDATE member SET pin_hash = \(crypto).crypt(p_pin, \(crypto).gen_salt('bf', 10)) WHERE id = p_member;
                IF NOT FOUND THEN
                    RAISE EXCEPTION '"%" is not a member of this panel', p_member;
                END IF;
                PERFORM append_audit(now_text(), p_actor, 'set-pin', '', '', '', p_member, '', 'PIN set (bcrypt, on the server)',
                                     '', p_source);
            END
            $$
            """,
            // The member a token was given to, while it lasts; NULL otherwise.
            """
            CREATE FUNCTION session_member(p_token text) RETURNS member LANGUAGE sql STABLE \(pinned) AS $$
                SELECT member.* FROM session JOIN member ON member.id = session.member
                WHERE session.token_hash = sha256(convert_to(coalesce(p_token, ''), 'UTF8'))
                  AND session.expires_at > clock_timestamp()
            $$
            """,
            // Checks the PIN on the server and answers with a new token, or
            // with what to tell the person. It never raises for a wrong PIN:
            // that would roll back the count of wrong tries. Five in a row
            // lock the member for a minute, then two, four, … at most fifteen,
            // as in the file; each lock is audited.
            """
            CREATE FUNCTION sign_in(p_member text, p_pin text) RETURNS TABLE (token text, message text)
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                who member;
                tries pin_tries;
                lock_seconds integer;
                new_token text;
            BEGIN
                SELECT * INTO who FROM member WHERE id = p_member;
                IF NOT FOUND OR who.pin_hash IS NULL THEN
                    RETURN QUERY SELECT NULL::text, format('"%s" is not a member of this panel with a PIN', p_member);
                    RETURN;
                END IF;
                INSERT INTO pin_tries (member, channel) VALUES (who.id, 'screen') ON CONFLICT DO NOTHING;
                SELECT * INTO tries FROM pin_tries WHERE member = who.id AND channel = 'screen' FOR UPDATE;
                IF tries.locked_until > clock_timestamp() THEN
                    RETURN QUERY SELECT NULL::text, format('%s is locked (5 wrong PINs); try again in %s', who.name,
                        duration_words(ceil(extract(epoch FROM tries.locked_until - clock_timestamp()))::integer));
                    RETURN;
                END IF;
                IF \(crypto).crypt(coalesce(p_pin, ''), who.pin_hash) = who.pin_hash THEN
                    UPDATE pin_tries SET failed = 0, locks = 0, locked_until = NULL WHERE member = who.id AND channel = 'screen';
                    new_token := encode(\(crypto).gen_random_bytes(32), 'hex');
                    INSERT INTO session (token_hash, member, started_at, expires_at)
                    VALUES (sha256(convert_to(new_token, 'UTF8')), who.id, clock_timestamp(), clock_timestamp() + interval '12 hours');
                    RETURN QUERY SELECT new_token, NULL::text;
                    RETURN;
                END IF;
                IF tries.failed + 1 < 5 THEN
                    UPDATE pin_tries SET failed = tries.failed + 1 WHERE member = who.id AND channel = 'screen';
                    RETURN QUERY SELECT NULL::text, format('wrong PIN for %s. %s more %s before a %s-minute lock', who.name,
                        4 - tries.failed, CASE WHEN tries.failed = 3 THEN 'try' ELSE 'tries' END,
                        least(900, 60 * power(2, least(tries.locks, 20)))::integer / 60);
                    RETURN;
                END IF;
                lock_seconds := least(900, 60 * power(2, least(tries.locks, 20)))::integer;
                UPDATE pin_tries SET failed = 0, locks = tries.locks + 1,
                                     locked_until = clock_timestamp() + lock_seconds * interval '1 second'
                WHERE member = who.id AND channel = 'screen';
                PERFORM append_audit(now_text(), 'system', 'lock', '', '', '', who.id, '', '',
                    format('5 wrong PINs in a row on the sign-in screen; locked for %s', duration_words(lock_seconds)), 'terminal');
                RETURN QUERY SELECT NULL::text, format('wrong PIN. %s is now locked on this screen for %s', who.name,
                    duration_words(lock_seconds));
            END
            $$
            """,
            """
            CREATE FUNCTION sign_out(p_token text) RETURNS void LANGUAGE sql \(definer) AS $$
                DELETE FROM session WHERE token_hash = sha256(convert_to(coalesce(p_token, ''), 'UTF8'))
            $$
            """,
        ]
    }
}
