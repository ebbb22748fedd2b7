/// What only the chair may do, each checked on the server as
/// BidpanelStore checks it (Chair.swift, ChairUndo.swift, BidStatus.swift,
/// ChairIndependence.swift, SignIn.swift), each with the same audit entry
/// (action, fields, source) as the file's, so one replay reads both.
/// Members get a `position`, so a sign-off lists who had not submitted in
/// the panel's order, as the file does.
extension PostgresMigrations {
    static let chairWrites = PostgresMigration(name: "5: the chair's writes") { context in
        let definer = "SECURITY DEFINER SET search_path = \(context.schema.schemaSQL), pg_temp"
        let pinned = "SET search_path = \(context.schema.schemaSQL), pg_temp"
        let terminal = context.schema.terminalSQL
        return [
            "ALTER TABLE member ADD COLUMN position integer",
            """
            CREATE FUNCTION signed_in_chair(p_token text, p_what text) RETURNS member LANGUAGE plpgsql STABLE \(pinned) AS $$
            DECLARE who member := signed_in(p_token);
            BEGIN
                IF who.role <> 'chair' THEN
                    RAISE EXCEPTION 'only the chair can %', p_what;
                END IF;
                RETURN who;
            END
            $$
            """,
            """
            CREATE FUNCTION require_known(p_bid text, p_member text) RETURNS void LANGUAGE plpgsql STABLE \(pinned) AS $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM bid WHERE id = p_bid) THEN
                    RAISE EXCEPTION 'there is no bid "%" in this evaluation', p_bid;
                END IF;
                IF p_member IS NOT NULL AND NOT EXISTS (SELECT 1 FROM member WHERE id = p_member) THEN
                    RAISE EXCEPTION '"%" is not a member of this panel', p_member;
                END IF;
            END
            $$
            """,
            // Chair.moderate at a terminal: a chair who scores the bid and has
            // neither submitted it nor said they are not scoring it is
            // recorded as not scoring it from now on (requireIndependentModeration).
            """
            CREATE FUNCTION moderate_value(p_token text, p_bid text, p_criterion text, p_principle text,
                                           p_value text, p_reason text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                who member := signed_in_chair(p_token, 'moderate');
                scored criterion;
                old text;
                at_time text;
            BEGIN
                PERFORM require_open();
                SELECT * INTO scored FROM criterion WHERE id = p_criterion;
                IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM bid WHERE id = p_bid)
                   OR (scored.kind = 'matrix') <> (coalesce(p_principle, '') <> '')
                   OR (scored.kind = 'matrix' AND NOT EXISTS (SELECT 1 FROM principle WHERE id = p_principle)) THEN
                    RAISE EXCEPTION 'there is no such bid, criterion or principle: % % %', p_bid, p_criterion, coalesce(p_principle, '');
                END IF;
                IF chair_pending(who, p_bid) THEN
                    PERFORM append_audit(now_text(), who.id, 'not-scoring', p_bid, '', '', who.id, '',
                                         'not scoring: moderated it before submitting their own values', '', 'terminal');
                END IF;
                IF is_blank(p_reason) THEN
                    RAISE EXCEPTION 'a moderated value needs a reason: say briefly why the panel agreed it';
                END IF;
                PERFORM require_fits(scored, p_value);
                SELECT value INTO old FROM moderated_value
                WHERE bid = p_bid AND criterion = p_criterion AND principle = coalesce(p_principle, '') FOR UPDATE;
                at_time := now_text();
                INSERT INTO moderated_value (bid, criterion, principle, value, reason, recorded_at)
                VALUES (p_bid, p_criterion, coalesce(p_principle, ''), p_value, p_reason, at_time)
                ON CONFLICT (bid, criterion, principle)
                DO UPDATE SET value = excluded.value, reason = excluded.reason, recorded_at = excluded.recorded_at;
                RETURN (append_audit(at_time, who.id, 'moderate', p_bid, p_criterion, coalesce(p_principle, ''), '',
                                     coalesce(old, ''), p_value, p_reason, 'terminal')).seq;
            END
            $$
            """,
            // ChairIndependence.declareNotScoring.
            """
            CREATE FUNCTION declare_not_scoring(p_token text, p_bid text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE who member := signed_in_chair(p_token, 'say they are not scoring a bid');
            BEGIN
                PERFORM require_known(p_bid, NULL);
                PERFORM require_open();
                IF NOT EXISTS (SELECT 1 FROM slots_for('chair')) OR is_conflicted(p_bid, who.id) THEN
                    RAISE EXCEPTION '% does not score bid %, so there is nothing to say: the others'' values are open to you already', who.name, p_bid;
                END IF;
                IF is_submitted(p_bid, who.id) THEN
                    RAISE EXCEPTION '% has submitted bid % already, so the others'' values are open to you', who.name, p_bid;
                END IF;
                IF chair_not_scoring(who, p_bid) THEN
                    RETURN 0;
                END IF;
                RETURN (append_audit(now_text(), who.id, 'not-scoring', p_bid, '', '', who.id, '', 'not scoring', '', 'terminal')).seq;
            END
            $$
            """,
            """
            CREATE FUNCTION withdraw_conflict(p_token text, p_bid text, p_member text, p_reason text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                who member := signed_in_chair(p_token, 'withdraw a member''s conflict of interest');
                declared text;
            BEGIN
                PERFORM require_known(p_bid, p_member);
                IF is_blank(p_reason) THEN
                    RAISE EXCEPTION 'withdrawing a conflict needs a reason: say briefly why the member may score this bid after all';
                END IF;
                PERFORM require_open();
                SELECT reason INTO declared FROM conflict WHERE bid = p_bid AND member = p_member FOR UPDATE;
                IF NOT FOUND THEN
                    RAISE EXCEPTION '% has not declared a conflict with bid %, so there is nothing to withdraw', p_member, p_bid;
                END IF;
                DELETE FROM conflict WHERE bid = p_bid AND member = p_member;
                RETURN (append_audit(now_text(), who.id, 'withdraw-conflict', p_bid, '', '', p_member,
                                     'conflict: ' || declared, 'no conflict', p_reason, 'terminal')).seq;
            END
            $$
            """,
            """
            CREATE FUNCTION reopen_bid(p_token text, p_bid text, p_member text, p_reason text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE who member := signed_in_chair(p_token, 'reopen a member''s bid');
            BEGIN
                PERFORM require_known(p_bid, p_member);
                IF is_blank(p_reason) THEN
                    RAISE EXCEPTION 'reopening a member''s bid needs a reason: say briefly why they may change their values';
                END IF;
                PERFORM require_open();
                DELETE FROM submission WHERE bid = p_bid AND member = p_member;
                IF NOT FOUND THEN
                    RAISE EXCEPTION '% has not submitted bid %, so it is open already: they can change their values now', p_member, p_bid;
                END IF;
                RETURN (append_audit(now_text(), who.id, 'reopen-bid', p_bid, '', '', p_member, 'submitted', 'open',
                                     p_reason, 'terminal')).seq;
            END
            $$
            """,
            // BidStatus.remove: 'withdrawn' or 'disqualified'.
            """
            CREATE FUNCTION remove_bid(p_token text, p_bid text, p_standing text, p_reason text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                verb text := CASE p_standing WHEN 'withdrawn' THEN 'withdraw' WHEN 'disqualified' THEN 'disqualify' END;
                who member;
                old text;
                at_time text;
            BEGIN
                IF verb IS NULL THEN
                    RAISE EXCEPTION 'a bid is taken out as withdrawn or disqualified, not "%"', p_standing;
                END IF;
                who := signed_in_chair(p_token, verb || ' a bid');
                PERFORM require_known(p_bid, NULL);
                IF is_blank(p_reason) THEN
                    RAISE EXCEPTION 'to % a bid you need a reason: say briefly why, for the audit log and the report', verb;
                END IF;
                PERFORM require_open();
                SELECT standing INTO old FROM bid_standing WHERE bid = p_bid FOR UPDATE;
                IF old = p_standing THEN
                    RAISE EXCEPTION 'bid % is already %, so nothing was changed', p_bid, p_standing;
                END IF;
                at_time := now_text();
                INSERT INTO bid_standing (bid, standing, reason, recorded_at) VALUES (p_bid, p_standing, p_reason, at_time)
                ON CONFLICT (bid) DO UPDATE SET standing = excluded.standing, reason = excluded.reason,
                                                recorded_at = excluded.recorded_at;
                RETURN (append_audit(at_time, who.id, verb || '-bid', p_bid, '', '', '', coalesce(old, 'in the competition'),
                                     p_standing, p_reason, 'command')).seq;
            END
            $$
            """,
            """
            CREATE FUNCTION reinstate_bid(p_token text, p_bid text, p_reason text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                who member := signed_in_chair(p_token, 'reinstate a bid');
                old text;
            BEGIN
                PERFORM require_known(p_bid, NULL);
                IF is_blank(p_reason) THEN
                    RAISE EXCEPTION 'to reinstate a bid you need a reason: say briefly why it is back in the competition';
                END IF;
                PERFORM require_open();
                DELETE FROM bid_standing WHERE bid = p_bid RETURNING standing INTO old;
                IF old IS NULL THEN
                    RAISE EXCEPTION 'bid % is not withdrawn or disqualified, so there is nothing to reinstate', p_bid;
                END IF;
                RETURN (append_audit(now_text(), who.id, 'reinstate-bid', p_bid, '', '', '', old, 'in the competition',
                                     p_reason, 'command')).seq;
            END
            $$
            """,
            // The first break in the chain, in words, or NULL: every row's
            // hash recomputed, each following the one before, the state row
            // agreeing with the end.
            """
            CREATE FUNCTION chain_problem() RETURNS text LANGUAGE sql STABLE \(pinned) AS $$
                SELECT coalesce(
                    (SELECT 'row ' || a.seq || ' does not verify' FROM audit a LEFT JOIN audit p ON p.seq = a.seq - 1
                     WHERE a.encoding <> 2 OR a.hash <> audit_hash(a) OR a.prev_hash <> coalesce(p.hash, repeat('0', 64))
                        OR (p.seq IS NULL AND a.seq <> 1)
                     ORDER BY a.seq LIMIT 1),
                    (SELECT 'the log does not end where the state row says'
                     FROM state s WHERE s.id = 1
                       AND (s.audit_count <> (SELECT count(*) FROM audit)
                            OR s.audit_head <> coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), repeat('0', 64)))))
            $$
            """,
            // Each scoring member with the bids they can score and have not
            // submitted: "ana (B1, B3); ben (B2)" (Outstanding.line).
            """
            CREATE FUNCTION outstanding_line() RETURNS text LANGUAGE sql STABLE \(pinned) AS $$
                SELECT string_agg(m.id || ' (' || waiting.bids || ')', '; ' ORDER BY m.position, m.id)
                FROM member m, LATERAL (
                    SELECT string_agg(b.id, ', ' ORDER BY b.position) AS bids FROM bid b
                    WHERE NOT EXISTS (SELECT 1 FROM bid_standing s WHERE s.bid = b.id)
                      AND NOT is_conflicted(b.id, m.id) AND NOT is_submitted(b.id, m.id)
                      AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'not-scoring' AND a.bid = b.id AND a.actor = m.id)
                ) waiting
                WHERE EXISTS (SELECT 1 FROM slots_for(m.role)) AND waiting.bids IS NOT NULL
            $$
            """,
            """
            CREATE FUNCTION sign_off(p_token text, p_anyway text) RETURNS TABLE (audit_count bigint, audit_head text)
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE
                who member := signed_in_chair(p_token, 'sign off');
                problem text;
                waiting text;
                reason text := btrim(coalesce(p_anyway, ''), E' \\t\\r\\n');
                entry audit;
            BEGIN
                PERFORM 1 FROM state WHERE id = 1 FOR UPDATE;
                problem := chain_problem();
                IF problem IS NOT NULL THEN
                    RAISE EXCEPTION 'cannot sign off: the audit log does not verify (%)', problem;
                END IF;
                PERFORM require_open();
                waiting := outstanding_line();
                IF waiting IS NOT NULL AND reason = '' THEN
                    RAISE EXCEPTION 'not every member has submitted the bids they can score: %. Wait for them, or sign off anyway with a reason', waiting;
                END IF;
                entry := append_audit(now_text(), who.id, 'sign-off', '', '', '', '',
                                      CASE WHEN waiting IS NULL THEN '' ELSE 'not submitted: ' || waiting END,
                                      'signed off', CASE WHEN waiting IS NULL THEN '' ELSE reason END, 'terminal');
                UPDATE state SET signed_off_at = entry.at WHERE id = 1;
                RETURN QUERY SELECT entry.seq, entry.hash;
            END
            $$
            """,
            """
            CREATE FUNCTION reopen_evaluation(p_token text, p_reason text) RETURNS bigint
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE who member := signed_in_chair(p_token, 'reopen the evaluation');
            BEGIN
                IF is_blank(p_reason) THEN
                    RAISE EXCEPTION 'reopening needs a reason';
                END IF;
                UPDATE state SET signed_off_at = NULL WHERE id = 1 AND signed_off_at IS NOT NULL;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'the evaluation is not signed off';
                END IF;
                RETURN (append_audit(now_text(), who.id, 'reopen', '', '', '', '', 'signed off', 'open', p_reason, 'terminal')).seq;
            END
            $$
            """,
            // SignIn.setPIN: a new PIN starts with a clean slate of tries.
            """
            CREATE FUNCTION chair_set_pin(p_token text, p_member text, p_pin text) RETURNS void
            LANGUAGE plpgsql \(definer) AS $$
            DECLARE who member := signed_in_chair(p_token, 'set PINs');
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM member WHERE id = p_member) THEN
                    RAISE EXCEPTION '"%" is not a member of this panel', p_member;
                END IF;
                DELETE FROM pin_tries WHERE member = p_member;
                PERFORM set_pin(who.id, p_member, p_pin, 'command');
            END
            $$
            """,
            // The whole log, to the chair only, for a chain check in Swift.
            """
            CREATE FUNCTION audit_entries(p_token text) RETURNS SETOF audit
            LANGUAGE plpgsql STABLE \(definer) AS $$
            BEGIN
                PERFORM signed_in_chair(p_token, 'read the audit log');
                RETURN QUERY SELECT * FROM audit ORDER BY seq;
            END
            $$
            """,
            """
            GRANT EXECUTE ON FUNCTION moderate_value(text, text, text, text, text, text), declare_not_scoring(text, text),
                withdraw_conflict(text, text, text, text), reopen_bid(text, text, text, text),
                remove_bid(text, text, text, text), reinstate_bid(text, text, text), sign_off(text, text),
                reopen_evaluation(text, text), chair_set_pin(text, text, text), audit_entries(text)
            TO \(terminal)
            """,
        ]
    }
}
