/// What a terminal may do, each a function that takes the session token
/// and applies BidpanelStore's rules (Visibility.swift, MemberSession.swift)
/// on the server:
/// - a member reads only their own values for a bid until they submit it;
///   a conflicted member reads nothing for it;
/// - only the chair and officers read prices;
/// - the chair reads the others' values when they score nothing on the bid
///   or have submitted it.
/// A read with no valid token answers nothing; a write raises. Every write
/// appends its audit entry in the same transaction.
extension PostgresMigrations {
    static let terminalFunctions = PostgresMigration(name: "3: the terminal's functions") { context in
        let definer = "SECURITY DEFINER SET search_path = \(context.schema.schemaSQL), pg_temp"
        let pinned = "SET search_path = \(context.schema.schemaSQL), pg_temp"
        let terminal = context.schema.terminalSQL
        return [
            """
            CREATE FUNCTION is_conflicted(p_bid text, p_member text) RETURNS boolean LANGUAGE sql STABLE \(pinned) AS $$
                SELECT EXISTS (SELECT 1 FROM conflict WHERE bid = p_bid AND member = p_member)
            $$
            """,
            """
            CREATE FUNCTION is_submitted(p_bid text, p_member text) RETURNS boolean LANGUAGE sql STABLE \(pinned) AS $$
                SELECT EXISTS (SELECT 1 FROM submission WHERE bid = p_bid AND member = p_member)
            $$
            """,
            // The slots a role scores on a bid, in the panel's order; the
            // principle is '' unless the criterion is a matrix.
            """
            CREATE FUNCTION slots_for(p_role text) RETURNS TABLE (criterion text, principle text, "order" bigint)
            LANGUAGE sql STABLE \(pinned) AS $$
                SELECT c.id, '', c.position::bigint * 10000 FROM criterion c
                WHERE p_role = ANY (c.scored_by) AND c.kind <> 'matrix'
                UNION ALL
                SELECT c.id, p.id, c.position::bigint * 10000 + p.position FROM criterion c CROSS JOIN principle p
                WHERE p_role = ANY (c.scored_by) AND c.kind = 'matrix'
            $$
            """,
            // Who is signed in, or an error that says to sign in again.
            """
            CREATE FUNCTION signed_in(p_token text) RETURNS member LANGUAGE plpgsql STABLE \(pinned) AS $$
            DECLARE who member;
            BEGIN
                who := session_member(p_token);
                IF who.id IS NULL THEN
                    -- The default error code: PostgresNIO takes class 28
                    -- (authorization) for a failed connection and stops.
                    RAISE EXCEPTION 'not signed in, or the sign-in has ended: sign in again';
                END IF;
                RETURN who;
            END
            $$
            """,
            """
            CREATE FUNCTION require_open() RETURNS void LANGUAGE plpgsql STABLE \(pinned) AS $$
            BEGIN
                IF (SELECT signed_off_at FROM state WHERE id = 1) IS NOT NULL THEN
                    RAISE EXCEPTION 'the evaluation is signed off and read-only; the chair can reopen it, with a reason';
                END IF;
            END
            $$
            """,
            // The bids, each price only for those who may read prices.
            """
            CREATE FUNCTION bids(p_token text) RETURNS TABLE (id text, "position" integer, bidder text, price text)
            LANGUAGE sql STABLE \(definer) AS $$
                SELECT b.id, b.position, b.bidder, CASE WHEN who.role IN ('chair', 'officer') THEN b.price END
                FROM bid b, session_member(p_token) who
                WHERE who.id IS NOT NULL
                ORDER BY b.position
            $$
            """,
            """
            CREATE FUNCTION my_values(p_token text, p_bid text)
            RETURNS TABLE (bid text, criterion text, principle text, member text, value text, comment text,
                           source text, recorded_at text)
            LANGUAGE sql STABLE \(definer) AS $$
                SELECT v.bid, v.criterion, v.principle, v.member, v.value, v.comment, v.source, v.recorded_at
                FROM member_value v, session_member(p_token) who
                WHERE who.id IS NOT NULL AND v.bid = p_bid AND v.member = who.id AND NOT is_conflicted(p_bid, who.id)
                ORDER BY v.criterion, v.principle
            $$
            """,
            // Everyone's values for a bid, to a member who has submitted it,
            // or to the chair when they score nothing on it; nothing otherwise.
            """
            CREATE FUNCTION all_values(p_token text, p_bid text)
            RETURNS TABLE (bid text, criterion text, principle text, member text, value text, comment text,
                           source text, recorded_at text)
            LANGUAGE sql STABLE \(definer) AS $$
                SELECT v.bid, v.criterion, v.principle, v.member, v.value, v.comment, v.source, v.recorded_at
                FROM member_value v, session_member(p_token) who
                WHERE who.id IS NOT NULL AND v.bid = p_bid AND NOT is_conflicted(p_bid, who.id)
                  AND (is_submitted(p_bid, who.id)
                       OR (who.role = 'chair' AND NOT EXISTS (SELECT 1 FROM slots_for('chair'))))
                ORDER BY v.member, v.criterion, v.principle
            $$
            """,
            // Records one of the signed-in member's values and its audit
            // entry; nothing when the value and comment are unchanged.
            // Answers the entry's number (0 when nothing changed).
            """
            CREATE FUNCTION record_value(p_token text, p_bid text, p_criterion text, p_principle text,
                                         p_value text, p_comment text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                who member := signed_in(p_token);
                scored criterion;
                stored member_value;
                at_time text;
            BEGIN
                PERFORM require_open();
                SELECT * INTO scored FROM criterion WHERE id = p_criterion;
                IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM bid WHERE id = p_bid) THEN
                    RAISE EXCEPTION 'there is no bid "%" or criterion "%" in this evaluation', p_bid, p_criterion;
                END IF;
                IF NOT who.role = ANY (scored.scored_by) THEN
                    RAISE EXCEPTION '% (%) does not score "%"', who.name, who.role, p_criterion;
                END IF;
                IF scored.kind = 'matrix' AND NOT EXISTS (SELECT 1 FROM principle WHERE id = p_principle) THEN
                    RAISE EXCEPTION '"%" needs a matrix principle', p_criterion;
                ELSIF scored.kind <> 'matrix' AND coalesce(p_principle, '') <> '' THEN
                    RAISE EXCEPTION '"%" is not split by principle', p_criterion;
                END IF;
                IF coalesce(p_value, '') = '' THEN
                    RAISE EXCEPTION 'a value is needed for "%"', p_criterion;
                END IF;
                IF is_conflicted(p_bid, who.id) THEN
                    RAISE EXCEPTION '% declared a conflict of interest for bid %, so records nothing for it', who.name, p_bid;
                END IF;
                IF is_submitted(p_bid, who.id) THEN
                    RAISE EXCEPTION '% has submitted bid %; the chair must reopen it (with a reason) before values change', who.name, p_bid;
                END IF;
                IF EXISTS (SELECT 1 FROM bid_standing WHERE bid = p_bid) THEN
                    RAISE EXCEPTION 'bid % is withdrawn or disqualified, so it is not scored', p_bid;
                END IF;
                SELECT * INTO stored FROM member_value
                WHERE bid = p_bid AND criterion = p_criterion AND principle = coalesce(p_principle, '') AND member = who.id
                FOR UPDATE;
                IF FOUND AND stored.value = p_value AND stored.comment = coalesce(p_comment, '') THEN
                    RETURN 0;
                END IF;
                at_time := now_text();
                INSERT INTO member_value (bid, criterion, principle, member, value, comment, source, recorded_at)
                VALUES (p_bid, p_criterion, coalesce(p_principle, ''), who.id, p_value, coalesce(p_comment, ''), 'terminal', at_time)
                ON CONFLICT (bid, criterion, principle, member)
                DO UPDATE SET value = excluded.value, comment = excluded.comment, source = excluded.source,
                              recorded_at = excluded.recorded_at;
                RETURN (append_audit(at_time, who.id, 'record', p_bid, p_criterion, coalesce(p_principle, ''), who.id,
                                     coalesce(stored.value, ''), p_value, coalesce(p_comment, ''), 'terminal')).seq;
            END
            $$
            """,
            // Submits a bid once every value the member scores is in; the
            // values are then locked until the chair reopens it.
            """
            CREATE FUNCTION submit_bid(p_token text, p_bid text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                who member := signed_in(p_token);
                missing text;
                at_time text;
            BEGIN
                PERFORM require_open();
                IF NOT EXISTS (SELECT 1 FROM bid WHERE id = p_bid) THEN
                    RAISE EXCEPTION 'there is no bid "%"', p_bid;
                END IF;
                IF is_conflicted(p_bid, who.id) THEN
                    RAISE EXCEPTION '% has a conflict with bid %', who.name, p_bid;
                END IF;
                SELECT string_agg(CASE WHEN s.principle = '' THEN s.criterion ELSE s.criterion || '/' || s.principle END,
                                  ', ' ORDER BY s."order")
                INTO missing
                FROM slots_for(who.role) s
                WHERE NOT EXISTS (SELECT 1 FROM member_value v WHERE v.bid = p_bid AND v.member = who.id
                                  AND v.criterion = s.criterion AND v.principle = s.principle);
                IF missing IS NOT NULL THEN
                    RAISE EXCEPTION 'bid % still needs: %', p_bid, missing;
                END IF;
                IF is_submitted(p_bid, who.id) THEN
                    RETURN 0;
                END IF;
                at_time := now_text();
                INSERT INTO submission (bid, member, submitted_at) VALUES (p_bid, who.id, at_time);
                RETURN (append_audit(at_time, who.id, 'submit', p_bid, '', '', who.id, '', 'submitted', '', 'terminal')).seq;
            END
            $$
            """,
            // How many entries the log has and the hash it ends in.
            """
            CREATE FUNCTION audit_head(p_token text) RETURNS TABLE (audit_count bigint, audit_head text)
            LANGUAGE sql STABLE \(definer) AS $$
                SELECT s.audit_count, s.audit_head FROM state s, session_member(p_token) who
                WHERE s.id = 1 AND who.id IS NOT NULL
            $$
            """,
            // Functions are executable by everyone unless revoked: revoke them
            // all, then grant the terminal exactly its own.
            "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA \(context.schema.schemaSQL) FROM PUBLIC",
            """
            GRANT EXECUTE ON FUNCTION sign_in(text, text), sign_out(text), bids(text), my_values(text, text),
                all_values(text, text), record_value(text, text, text, text, text, text), submit_bid(text, text),
                audit_head(text)
            TO \(terminal)
            """,
        ]
    }
}
