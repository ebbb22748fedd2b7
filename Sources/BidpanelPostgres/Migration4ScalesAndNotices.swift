/// Values checked against their criterion's scale, the chair's
/// independence when recording, conflicts declared at a terminal, and a
/// notice on every audit entry.
///
/// `criterion.allowed_values` holds each value's text as the file keeps it
/// (ScoresCSV.format of every point, rung, level, pass and fail), written
/// by the set-up from the panel: the server cannot read the TOML. An
/// evaluation set up before this migration has none, and its values are
/// refused until it is set up again.
///
/// `append_audit` sends `NOTIFY` on the evaluation's channel
/// (`EvaluationSchema.auditChannel`) with the entry's number. PostgreSQL
/// delivers it when the transaction commits, and never if it rolls back.
extension PostgresMigrations {
    static let scalesAndNotices = PostgresMigration(name: "4: value scales, conflicts and audit notices") { context in
        let definer = "SECURITY DEFINER SET search_path = \(context.schema.schemaSQL), pg_temp"
        let pinned = "SET search_path = \(context.schema.schemaSQL), pg_temp"
        let terminal = context.schema.terminalSQL
        let channel = context.schema.auditChannel
        return [
            "ALTER TABLE criterion ADD COLUMN allowed_values text[]",
            """
            CREATE OR REPLACE FUNCTION append_audit(
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
                PERFORM pg_notify('\(channel)', entry.seq::text);
                RETURN entry;
            END
            $$
            """,
            // A reason of only spaces is no reason.
            """
            CREATE FUNCTION is_blank(value text) RETURNS boolean LANGUAGE sql IMMUTABLE \(pinned) AS $$
                SELECT coalesce(btrim(value, E' \\t\\r\\n'), '') = ''
            $$
            """,
            """
            CREATE FUNCTION require_fits(scored criterion, p_value text) RETURNS void LANGUAGE plpgsql STABLE \(pinned) AS $$
            BEGIN
                IF scored.allowed_values IS NULL THEN
                    RAISE EXCEPTION 'the server does not know the scale of "%": set this evaluation up again with this bidpanel', scored.id;
                END IF;
                IF NOT coalesce(p_value, '') = ANY (scored.allowed_values) THEN
                    RAISE EXCEPTION '"%" does not fit "%" (use one of %)', p_value, scored.id,
                        array_to_string(scored.allowed_values, ', ');
                END IF;
            END
            $$
            """,
            // The chair scores the bid, has not submitted it, is not
            // conflicted, and has said (or moderating has recorded) that they
            // are not scoring it. ChairIndependence.swift, `.notScoring`.
            """
            CREATE FUNCTION chair_not_scoring(who member, p_bid text) RETURNS boolean LANGUAGE sql STABLE \(pinned) AS $$
                SELECT who.role = 'chair' AND EXISTS (SELECT 1 FROM slots_for('chair'))
                    AND NOT is_conflicted(p_bid, who.id) AND NOT is_submitted(p_bid, who.id)
                    AND EXISTS (SELECT 1 FROM audit WHERE action = 'not-scoring' AND bid = p_bid AND actor = who.id)
            $$
            """,
            // `.pending`: the others' values stay hidden from the chair.
            """
            CREATE FUNCTION chair_pending(who member, p_bid text) RETURNS boolean LANGUAGE sql STABLE \(pinned) AS $$
                SELECT who.role = 'chair' AND EXISTS (SELECT 1 FROM slots_for('chair'))
                    AND NOT is_conflicted(p_bid, who.id) AND NOT is_submitted(p_bid, who.id)
                    AND NOT EXISTS (SELECT 1 FROM audit WHERE action = 'not-scoring' AND bid = p_bid AND actor = who.id)
            $$
            """,
            """
            CREATE OR REPLACE FUNCTION all_values(p_token text, p_bid text)
            RETURNS TABLE (bid text, criterion text, principle text, member text, value text, comment text,
                           source text, recorded_at text)
            LANGUAGE sql STABLE \(definer) AS $$
                SELECT v.bid, v.criterion, v.principle, v.member, v.value, v.comment, v.source, v.recorded_at
                FROM member_value v, session_member(p_token) who
                WHERE who.id IS NOT NULL AND v.bid = p_bid AND NOT is_conflicted(p_bid, who.id)
                  AND (is_submitted(p_bid, who.id) OR (who.role = 'chair' AND NOT chair_pending(who, p_bid)))
                ORDER BY v.member, v.criterion, v.principle
            $$
            """,
            """
            CREATE OR REPLACE FUNCTION record_value(p_token text, p_bid text, p_criterion text, p_principle text,
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
                PERFORM require_fits(scored, p_value);
                IF is_conflicted(p_bid, who.id) THEN
                    RAISE EXCEPTION '% declared a conflict of interest for bid %, so records nothing for it', who.name, p_bid;
                END IF;
                IF is_submitted(p_bid, who.id) THEN
                    RAISE EXCEPTION '% has submitted bid %; the chair must reopen it (with a reason) before values change', who.name, p_bid;
                END IF;
                IF chair_not_scoring(who, p_bid) THEN
                    RAISE EXCEPTION '% is not scoring bid % (they said so, or moderated it before submitting their own values), so records nothing more for it', who.name, p_bid;
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
            // MemberSession.declareConflicts: the signed-in member's
            // conflicts, each with a reason; none at all is recorded as "none".
            // Answers the last entry's number.
            """
            CREATE FUNCTION declare_conflicts(p_token text, p_bids text[], p_reasons text[]) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                who member := signed_in(p_token);
                how_many integer := coalesce(cardinality(p_bids), 0);
                at_time text;
                last_seq bigint;
            BEGIN
                IF how_many <> coalesce(cardinality(p_reasons), 0) THEN
                    RAISE EXCEPTION 'each conflict needs its bid and its reason';
                END IF;
                FOR i IN 1..how_many LOOP
                    IF NOT EXISTS (SELECT 1 FROM bid WHERE id = p_bids[i]) THEN
                        RAISE EXCEPTION 'there is no bid "%"', p_bids[i];
                    END IF;
                    IF is_blank(p_reasons[i]) THEN
                        RAISE EXCEPTION 'say briefly why you have a conflict with bid %', p_bids[i];
                    END IF;
                END LOOP;
                PERFORM require_open();
                at_time := now_text();
                FOR i IN 1..how_many LOOP
                    INSERT INTO conflict (bid, member, reason, declared_at) VALUES (p_bids[i], who.id, p_reasons[i], at_time)
                    ON CONFLICT (bid, member) DO UPDATE SET reason = excluded.reason;
                    last_seq := (append_audit(at_time, who.id, 'conflict', p_bids[i], '', '', who.id, '', 'conflict',
                                              p_reasons[i], 'terminal')).seq;
                END LOOP;
                IF how_many = 0 THEN
                    last_seq := (append_audit(at_time, who.id, 'conflict', '', '', '', who.id, '', 'none', '', 'terminal')).seq;
                END IF;
                UPDATE member SET conflicts_declared_at = at_time WHERE id = who.id;
                RETURN last_seq;
            END
            $$
            """,
            "GRANT EXECUTE ON FUNCTION declare_conflicts(text, text[], text[]) TO \(terminal)",
        ]
    }
}
