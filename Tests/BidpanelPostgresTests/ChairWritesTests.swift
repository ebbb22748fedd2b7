import BidpanelPostgres
import Foundation
import Testing

/// The chair's writes and conflicts, each checked by the server as the
/// evaluation file's store checks them, driven from Swift as the terminal role.
@Suite(.disabled(if: !PostgresCluster.runs, Comment(rawValue: PostgresCluster.notRunning ?? "")))
struct ChairWritesTests {
    @Test func aValueMustFitItsCriterionsScale() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let (chair, zoe) = try await fixture.chairAnd("zoe", on: terminal)
            await #expect(throws: PostgresStoreError("\"7\" does not fit \"experience\" (use one of 0, 1, 2, 3, 4, 5)")) {
                try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "7")
            }
            for wrong in ["2.5", "3.0", " 3", "pass", "-1"] {
                await #expect(throws: PostgresStoreError.self, "\(wrong)") {
                    try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: wrong)
                }
            }
            let principle = fixture.panel.matrix.principles[0].id
            await #expect(throws: PostgresStoreError.self) {
                try await terminal.record(token: zoe, bid: "B1", criterion: "coproduction", principle: principle,
                                          value: String(fixture.panel.matrix.levels.count))
            }
            await #expect(throws: PostgresStoreError.self) {
                try await terminal.record(token: zoe, bid: "B1", criterion: "ladder", value: "not a rung")
            }
            await #expect(throws: PostgresStoreError.self) {
                try await terminal.moderate(token: chair, bid: "B1", criterion: "safeguarding", value: "3", reason: "agreed")
            }
            // Every value the scale has is taken.
            for point in 0...5 {
                #expect(try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: String(point)) > 0)
            }
            #expect(try await terminal.record(token: zoe, bid: "B1", criterion: "ladder",
                                              value: fixture.panel.ladder.rungs.last!.id) > 0)
            #expect(try await terminal.moderate(token: chair, bid: "B1", criterion: "safeguarding", value: "fail",
                                                reason: "no named safeguarding lead") > 0)
        }
    }

    @Test func onlyTheChairModeratesAlwaysWithAReasonAndThenScoresNoMore() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let (chair, zoe) = try await fixture.chairAnd("zoe", on: terminal)
            try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "2")
            await #expect(throws: PostgresStoreError("only the chair can moderate")) {
                try await terminal.moderate(token: zoe, bid: "B1", criterion: "experience", value: "3", reason: "agreed")
            }
            await #expect(throws: PostgresStoreError("a moderated value needs a reason: say briefly why the panel agreed it")) {
                try await terminal.moderate(token: chair, bid: "B1", criterion: "experience", value: "3", reason: "  ")
            }
            // The refusal rolled back the not-scoring entry with it.
            #expect(try await terminal.allValues(token: chair, bid: "B1").isEmpty)
            let moderated = try await terminal.moderate(token: chair, bid: "B1", criterion: "experience", value: "3",
                                                        reason: "the panel agreed on 3")
            let entries = try await terminal.auditEntries(token: chair)
            #expect(entries.suffix(2).map(\.action) == ["not-scoring", "moderate"])
            let entry = try #require(entries.last)
            #expect(entry.seq == moderated && entry.actor == "priya" && entry.bid == "B1" && entry.criterion == "experience"
                && entry.oldValue == "" && entry.newValue == "3" && entry.reason == "the panel agreed on 3"
                && entry.source == "terminal")
            #expect(entries.dropLast().last?.newValue == "not scoring: moderated it before submitting their own values")
            // Having seen the others' values, the chair records nothing more for the bid.
            #expect(try await terminal.allValues(token: chair, bid: "B1").map(\.member) == ["zoe"])
            await #expect(throws: PostgresStoreError.self) {
                try await terminal.record(token: chair, bid: "B1", criterion: "experience", value: "4")
            }
            // A second moderation keeps the old value in its entry.
            try await terminal.moderate(token: chair, bid: "B1", criterion: "experience", value: "4", reason: "revisited")
            #expect(try await terminal.auditEntries(token: chair).last?.oldValue == "3")
        }
    }

    @Test func conflictsAreDeclaredWithReasonsAndTheChairCanWithdrawThem() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let (chair, zoe) = try await fixture.chairAnd("zoe", on: terminal)
            let kyle = try await fixture.token("kyle", on: terminal)
            await #expect(throws: PostgresStoreError("say briefly why you have a conflict with bid B1")) {
                try await terminal.declareConflicts(token: zoe, [("B1", " ")])
            }
            await #expect(throws: PostgresStoreError("there is no bid \"B9\"")) {
                try await terminal.declareConflicts(token: zoe, [("B9", "my aunt")])
            }
            try await terminal.declareConflicts(token: zoe, [("B1", "my aunt runs it")])
            try await terminal.declareConflicts(token: kyle, [])
            let declared = try await terminal.auditEntries(token: chair).suffix(2)
            #expect(declared.map { "\($0.action) \($0.actor) \($0.bid) \($0.member) \($0.newValue) \($0.reason)" }
                == ["conflict zoe B1 zoe conflict my aunt runs it", "conflict kyle  kyle none "])
            await #expect(throws: PostgresStoreError("Zoë Clarke declared a conflict of interest for bid B1, so records nothing for it")) {
                try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3")
            }
            await #expect(throws: PostgresStoreError("only the chair can withdraw a member's conflict of interest")) {
                try await terminal.withdrawConflict(token: zoe, bid: "B1", member: "zoe", reason: "I was wrong")
            }
            await #expect(throws: PostgresStoreError.self) {
                try await terminal.withdrawConflict(token: chair, bid: "B1", member: "zoe", reason: "")
            }
            try await terminal.withdrawConflict(token: chair, bid: "B1", member: "zoe", reason: "her aunt left in 2024")
            let withdrawn = try #require(try await terminal.auditEntries(token: chair).last)
            #expect(withdrawn.action == "withdraw-conflict" && withdrawn.member == "zoe"
                && withdrawn.oldValue == "conflict: my aunt runs it" && withdrawn.newValue == "no conflict")
            #expect(try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3") > 0)
            await #expect(throws: PostgresStoreError("zoe has not declared a conflict with bid B1, so there is nothing to withdraw")) {
                try await terminal.withdrawConflict(token: chair, bid: "B1", member: "zoe", reason: "again")
            }
        }
    }

    @Test func theChairReopensASubmittedBidWithAReason() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let (chair, zoe) = try await fixture.chairAnd("zoe", on: terminal)
            try await fixture.recordAll("zoe", bid: "B1", value: "3", token: zoe, on: terminal)
            try await terminal.submit(token: zoe, bid: "B1")
            await #expect(throws: PostgresStoreError.self) {
                try await terminal.reopen(token: chair, bid: "B1", for: "zoe", reason: "")
            }
            await #expect(throws: PostgresStoreError("only the chair can reopen a member's bid")) {
                try await terminal.reopen(token: zoe, bid: "B1", for: "zoe", reason: "please")
            }
            try await terminal.reopen(token: chair, bid: "B1", for: "zoe", reason: "she typed 3 for 5")
            #expect(try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "5") > 0)
            await #expect(throws: PostgresStoreError("zoe has not submitted bid B1, so it is open already: they can change their values now")) {
                try await terminal.reopen(token: chair, bid: "B1", for: "zoe", reason: "again")
            }
            await #expect(throws: PostgresStoreError("\"mallory\" is not a member of this panel")) {
                try await terminal.reopen(token: chair, bid: "B1", for: "mallory", reason: "again")
            }
        }
    }

    @Test func theChairWithdrawsDisqualifiesAndReinstatesABid() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let (chair, zoe) = try await fixture.chairAnd("zoe", on: terminal)
            await #expect(throws: PostgresStoreError("a bid is taken out as withdrawn or disqualified, not \"gone\"")) {
                try await terminal.remove(token: chair, bid: "B2", as: "gone", reason: "x")
            }
            await #expect(throws: PostgresStoreError("only the chair can withdraw a bid")) {
                try await terminal.remove(token: zoe, bid: "B2", as: "withdrawn", reason: "x")
            }
            try await terminal.remove(token: chair, bid: "B2", as: "withdrawn", reason: "the bidder wrote to withdraw")
            await #expect(throws: PostgresStoreError("bid B2 is withdrawn or disqualified, so it is not scored")) {
                try await terminal.record(token: zoe, bid: "B2", criterion: "experience", value: "3")
            }
            await #expect(throws: PostgresStoreError("bid B2 is already withdrawn, so nothing was changed")) {
                try await terminal.remove(token: chair, bid: "B2", as: "withdrawn", reason: "again")
            }
            try await terminal.remove(token: chair, bid: "B2", as: "disqualified", reason: "late insurance papers")
            try await terminal.reinstate(token: chair, bid: "B2", reason: "the papers were on time after all")
            await #expect(throws: PostgresStoreError("bid B2 is not withdrawn or disqualified, so there is nothing to reinstate")) {
                try await terminal.reinstate(token: chair, bid: "B2", reason: "again")
            }
            let log = try await terminal.auditEntries(token: chair).suffix(3)
                .map { "\($0.action): \($0.oldValue) -> \($0.newValue) (\($0.source))" }
            #expect(log == ["withdraw-bid: in the competition -> withdrawn (command)",
                            "disqualify-bid: withdrawn -> disqualified (command)",
                            "reinstate-bid: disqualified -> in the competition (command)"])
            #expect(try await terminal.record(token: zoe, bid: "B2", criterion: "experience", value: "3") > 0)
        }
    }

    @Test func signOffWaitsForEveryoneOrAReasonAndThenNothingChangesUntilReopened() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let (chair, zoe) = try await fixture.chairAnd("zoe", on: terminal)
            await #expect(throws: PostgresStoreError("only the chair can sign off")) {
                try await terminal.signOff(token: zoe, anyway: "done")
            }
            try await terminal.remove(token: chair, bid: "B2", as: "withdrawn", reason: "withdrawn by the bidder")
            let waiting = await #expect(throws: PostgresStoreError.self) { try await terminal.signOff(token: chair) }
            let everyone = fixture.panel.members.filter { !fixture.slots(of: $0.id).isEmpty }.map(\.id)
            let open = fixture.panel.bids.map(\.id).filter { $0 != "B2" }.joined(separator: ", ")
            #expect(waiting?.description == "not every member has submitted the bids they can score: "
                + everyone.map { "\($0) (\(open))" }.joined(separator: "; ")
                + ". Wait for them, or sign off anyway with a reason")
            let seal = try await terminal.signOff(token: chair, anyway: "  the panel ran out of time  ")
            #expect(try await terminal.auditHead(token: chair).map { [$0.count: $0.head] } == [seal.count: seal.head])
            let entry = try #require(try await terminal.auditEntries(token: chair).last)
            #expect(entry.action == "sign-off" && entry.newValue == "signed off" && entry.reason == "the panel ran out of time"
                && entry.oldValue.hasPrefix("not submitted: priya ("))
            let readOnly = PostgresStoreError("the evaluation is signed off and read-only; the chair can reopen it, with a reason")
            await #expect(throws: readOnly) { try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3") }
            await #expect(throws: readOnly) { try await terminal.declareConflicts(token: zoe, []) }
            await #expect(throws: readOnly) {
                try await terminal.reinstate(token: chair, bid: "B2", reason: "back")
            }
            await #expect(throws: readOnly) { try await terminal.signOff(token: chair, anyway: "again") }
            await #expect(throws: PostgresStoreError("reopening needs a reason")) {
                try await terminal.reopenEvaluation(token: chair, reason: "")
            }
            try await terminal.reopenEvaluation(token: chair, reason: "a late paper sheet")
            #expect(try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3") > 0)
            await #expect(throws: PostgresStoreError("the evaluation is not signed off")) {
                try await terminal.reopenEvaluation(token: chair, reason: "again")
            }
        }
    }

    @Test func theChairSetsAMembersPIN() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let (chair, zoe) = try await fixture.chairAnd("zoe", on: terminal)
            await #expect(throws: PostgresStoreError("only the chair can set PINs")) {
                try await terminal.setPIN(token: zoe, member: "kyle", pin: "1234")
            }
            await #expect(throws: PostgresStoreError("a PIN is 4 to 12 digits")) {
                try await terminal.setPIN(token: chair, member: "zoe", pin: "12")
            }
            _ = try await terminal.signIn(member: "zoe", pin: "0000") // a wrong try, cleared by the new PIN
            try await terminal.setPIN(token: chair, member: "zoe", pin: "97531")
            #expect(try await terminal.signIn(member: "zoe", pin: PostgresEvaluationFixture.pins["zoe"]!) != .success(""))
            guard case .success = try await terminal.signIn(member: "zoe", pin: "97531") else {
                Issue.record("the new PIN did not sign in"); return
            }
            let entry = try #require(try await terminal.auditEntries(token: chair).last)
            #expect(entry.action == "set-pin" && entry.actor == "priya" && entry.member == "zoe" && entry.source == "command")
        }
    }

    /// The terminal role may execute its own functions and no helper
    /// (append_audit, set_pin, require_fits, chain_problem, …).
    @Test func theTerminalExecutesExactlyItsOwnFunctions() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        let schema = fixture.schema.name
        let granted = try fixture.psqlAsAdmin("""
            SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = '\(schema)' AND has_function_privilege('\(fixture.schema.terminalRole)', p.oid, 'EXECUTE')
            ORDER BY 1
            """)
        #expect(granted.output.split(separator: "\n").map(String.init) == [
            "all_values", "audit_entries", "audit_head", "bids", "chair_set_pin", "declare_conflicts",
            "declare_not_scoring", "moderate_value", "my_values", "record_value", "reinstate_bid", "remove_bid",
            "reopen_bid", "reopen_evaluation", "sign_in", "sign_off", "sign_out", "submit_bid", "withdraw_conflict",
        ])
    }
}
