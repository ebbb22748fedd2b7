import BidpanelPostgres
import Foundation
import Testing

/// The rules of Visibility.swift and MemberSession.swift, kept by the
/// server's functions, driven from Swift as the terminal role.
@Suite(.disabled(if: !PostgresCluster.runs, Comment(rawValue: PostgresCluster.notRunning ?? "")))
struct ServerRulesTests {
    @Test func thePINIsCheckedOnTheServer() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let wrong = try await terminal.signIn(member: "zoe", pin: "0000")
            #expect(wrong == .failure(PostgresStoreError("wrong PIN for Zoë Clarke. 4 more tries before a 1-minute lock")))
            let unknown = try await terminal.signIn(member: "mallory", pin: "0000")
            #expect(unknown == .failure(PostgresStoreError("\"mallory\" is not a member of this panel with a PIN")))
            // Another member's right PIN is a wrong one.
            #expect(try await terminal.signIn(member: "zoe", pin: "8260") != .success(""))
            let token = try await fixture.token("zoe", on: terminal)
            #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
            let again = try await fixture.token("zoe", on: terminal)
            #expect(again != token)
        }
        // Only the token's hash is kept: the administrator reading the table
        // does not learn a token that signs in.
        let stored = try fixture.psqlAsAdmin("SELECT encode(token_hash, 'hex') FROM \(fixture.schema.name).session")
        #expect(stored.output.split(separator: "\n").count == 2)
    }

    @Test func fiveWrongPINsLockTheMemberAndTheLockIsAudited() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            var last: Result<String, PostgresStoreError>?
            for _ in 0..<5 { last = try await terminal.signIn(member: "kyle", pin: "1111") }
            guard case .failure(let locked) = last else { Issue.record("a wrong PIN signed in"); return }
            #expect(locked.description.hasPrefix("wrong PIN."))
            #expect(locked.description.contains("is now locked on this screen for 1 minute"))
            // The right PIN no longer signs in, until the lock ends.
            let refused = try await terminal.signIn(member: "kyle", pin: PostgresEvaluationFixture.pins["kyle"]!)
            guard case .failure(let message) = refused else { Issue.record("a locked member signed in"); return }
            #expect(message.description.contains("is locked (5 wrong PINs); try again in"))
            // Another member is not locked.
            _ = try await fixture.token("zoe", on: terminal)
        }
        let locks = try fixture.psqlAsAdmin("""
            SELECT actor || ' ' || member || ' ' || reason FROM \(fixture.schema.name).audit WHERE action = 'lock'
            """)
        #expect(locks.output.trimmingCharacters(in: .newlines)
            == "system kyle 5 wrong PINs in a row on the sign-in screen; locked for 1 minute")
    }

    @Test func aMemberReadsOnlyTheirOwnValuesUntilTheySubmit() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let zoe = try await fixture.token("zoe", on: terminal)
            let kyle = try await fixture.token("kyle", on: terminal)
            try await fixture.recordAll("kyle", bid: "B1", value: "4", token: kyle, on: terminal)
            try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3")
            #expect(try await terminal.myValues(token: zoe, bid: "B1").map(\.member) == ["zoe"])
            #expect(try await terminal.allValues(token: zoe, bid: "B1").isEmpty)

            let incomplete = await #expect(throws: PostgresStoreError.self) { try await terminal.submit(token: zoe, bid: "B1") }
            #expect(incomplete?.description.hasPrefix("bid B1 still needs: activities") == true)

            try await fixture.recordAll("zoe", bid: "B1", value: "3", token: zoe, on: terminal)
            #expect(try await terminal.submit(token: zoe, bid: "B1") > 0)
            let everyone = try await terminal.allValues(token: zoe, bid: "B1")
            #expect(Set(everyone.map(\.member)) == ["zoe", "kyle"])
            #expect(everyone.count == 2 * fixture.slots(of: "zoe").count)
            // Kyle has not submitted: he still reads only his own.
            #expect(try await terminal.allValues(token: kyle, bid: "B1").isEmpty)
            #expect(Set(try await terminal.myValues(token: kyle, bid: "B1").map(\.member)) == ["kyle"])
            // Zoë's values are locked once submitted.
            let locked = await #expect(throws: PostgresStoreError.self) {
                try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "5")
            }
            #expect(locked?.description == "Zoë Clarke has submitted bid B1; the chair must reopen it (with a reason) before values change")
            // Submitting again changes nothing and writes no entry.
            #expect(try await terminal.submit(token: zoe, bid: "B1") == 0)
        }
    }

    @Test func theChairReadsTheOthersValuesOnceTheChairHasSubmitted() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let chair = try await fixture.token("priya", on: terminal)
            let david = try await fixture.token("david", on: terminal)
            try await fixture.recordAll("david", bid: "B2", value: "2", token: david, on: terminal)
            // The chair scores this panel's criteria, so their score stays their own first.
            #expect(try await terminal.allValues(token: chair, bid: "B2").isEmpty)
            try await fixture.recordAll("priya", bid: "B2", value: "3", token: chair, on: terminal)
            try await terminal.submit(token: chair, bid: "B2")
            #expect(Set(try await terminal.allValues(token: chair, bid: "B2").map(\.member)) == ["priya", "david"])
        }
    }

    @Test func youngAssessorsAndObserversNeverReadPrices() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let zoe = try await fixture.token("zoe", on: terminal)
            let young = try await terminal.bidPrices(token: zoe)
            #expect(young.map(\.bid) == fixture.panel.bids.map(\.id))
            #expect(young.allSatisfy { $0.price == nil })
            let officer = try await terminal.bidPrices(token: try await fixture.token("helen", on: terminal))
            #expect(officer.map(\.price) == fixture.panel.bids.map { $0.price?.description })
            #expect(officer.allSatisfy { $0.price != nil })
        }
    }

    @Test func withoutAValidTokenReadsGiveNothingAndWritesAreRefused() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let zoe = try await fixture.token("zoe", on: terminal)
            try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3")
            for token in ["", "0000", String(repeating: "a", count: 64), zoe.uppercased()] {
                #expect(try await terminal.myValues(token: token, bid: "B1").isEmpty)
                #expect(try await terminal.allValues(token: token, bid: "B1").isEmpty)
                #expect(try await terminal.bidPrices(token: token).isEmpty)
                #expect(try await terminal.auditHead(token: token) == nil)
                await #expect(throws: PostgresStoreError("not signed in, or the sign-in has ended: sign in again")) {
                    try await terminal.record(token: token, bid: "B1", criterion: "experience", value: "5")
                }
            }
            try await terminal.signOut(token: zoe)
            #expect(try await terminal.myValues(token: zoe, bid: "B1").isEmpty)
        }
    }

    @Test func writesAreCheckedAgainstThePanel() async throws {
        let fixture = try await PostgresEvaluationFixture.make()
        try await fixture.asTerminal { terminal in
            let zoe = try await fixture.token("zoe", on: terminal)
            await #expect(throws: PostgresStoreError("Zoë Clarke (young) does not score \"logic\"")) {
                try await terminal.record(token: zoe, bid: "B1", criterion: "logic", value: "3")
            }
            await #expect(throws: PostgresStoreError("there is no bid \"B9\" or criterion \"experience\" in this evaluation")) {
                try await terminal.record(token: zoe, bid: "B9", criterion: "experience", value: "3")
            }
            await #expect(throws: PostgresStoreError("\"coproduction\" needs a matrix principle")) {
                try await terminal.record(token: zoe, bid: "B1", criterion: "coproduction", value: "3")
            }
            await #expect(throws: PostgresStoreError("\"experience\" is not split by principle")) {
                try await terminal.record(token: zoe, bid: "B1", criterion: "experience", principle: "reciprocity", value: "3")
            }
            // The same value and comment again writes no audit entry.
            let first = try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3", comment: "ok")
            #expect(first > 0)
            #expect(try await terminal.record(token: zoe, bid: "B1", criterion: "experience", value: "3", comment: "ok") == 0)
            #expect(try await terminal.auditHead(token: zoe)?.count == first)
        }
    }
}
