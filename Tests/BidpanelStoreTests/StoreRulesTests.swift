import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

@Suite("Evaluation file: rules")
struct StoreRulesTests {
    @Test func createIsPrivateRefusesToOverwriteAndFreezesThePanel() throws {
        let store = try Fixtures.youthStore()
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: StoreError.self) {
            try EvaluationStore.create(at: store.path, panelPath: "x", panelText: "", panel: store.panel,
                                       answersFiles: [:], chairPIN: Fixtures.chairPIN)
        }
        let reopened = try EvaluationStore.open(path: store.path)
        #expect(reopened.panel == store.panel)
        #expect(reopened.panel.bids[0].answers["experience"]?.isEmpty == false)
    }

    @Test func pinsAreHashedAndFiveWrongTriesLockForAMinute() throws {
        let clock = TestClock()
        let store = try Fixtures.youthStore(clock: clock.read)
        let blob = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(blob.range(of: Data(Fixtures.chairPIN.utf8)) == nil)
        // Each wrong try says how many are left before the lock.
        let expected = ["4 more tries before a 1-minute lock", "3 more tries", "2 more tries", "1 more try before", "now locked for PIN commands for 1 minute"]
        for (attempt, words) in expected.enumerated() {
            let error = #expect(throws: StoreError.self, "attempt \(attempt + 1)") { try store.signIn(member: "priya", pin: "0000") }
            #expect(error?.message.contains(words) == true, "attempt \(attempt + 1): \(error?.message ?? "")")
        }
        // Locked now, even with the right PIN.
        let locked = #expect(throws: StoreError.self) { try store.signIn(member: "priya", pin: Fixtures.chairPIN) }
        #expect(locked?.message.contains("locked") == true)
        clock.advance(61)
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair)
        #expect(throws: StoreError.self) { try store.signIn(member: "zoe", pin: "1234") } // no PIN yet
    }

    @Test func membersReadOnlyTheirOwnValuesUntilTheySubmit() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "zoe", to: "1357")
        try chair.setPIN(for: "kyle", to: "9753")
        let zoe = try store.signIn(member: "zoe", pin: "1357")
        let kyle = try store.signIn(member: "kyle", pin: "9753")
        try zoe.record(Slot(bid: "B1", criterion: "experience"), .scale(4), comment: "Good track record")
        try kyle.record(Slot(bid: "B1", criterion: "experience"), .scale(2))
        #expect(try zoe.myValues(bid: "B1").map(\.value) == [.scale(4)])
        #expect(throws: StoreError.self) { try zoe.allValues(bid: "B1") }
        // The chair scores B1 too: their own score comes first (issue 11).
        #expect(throws: StoreError.self) { try chair.allValues(bid: "B1") }
        try chair.declareNotScoring(bid: "B1")
        #expect(try chair.allValues(bid: "B1").count == 2)
        // Submitting needs every value Zoë scores for the bid.
        let missing = #expect(throws: StoreError.self) { try zoe.submit(bid: "B1") }
        #expect(missing?.message.contains("still needs") == true)
        for slot in zoe.slots(for: "B1") where slot.criterion != "experience" {
            let criterion = store.panel.criterion(id: slot.criterion)!
            let value: Value = criterion.kind == .ladder ? .rung(4) : criterion.kind == .matrix ? .level(2) : .scale(3)
            try zoe.record(slot, value)
        }
        try zoe.submit(bid: "B1")
        #expect(try zoe.allValues(bid: "B1").contains { $0.member == "kyle" })
        // Submitted values are locked until the chair reopens, with a reason.
        #expect(throws: StoreError.self) { try zoe.record(Slot(bid: "B1", criterion: "experience"), .scale(5)) }
        #expect(throws: StoreError.self) { try chair.reopen(bid: "B1", for: "zoe", reason: " ") }
        try chair.reopen(bid: "B1", for: "zoe", reason: "Zoë asked to correct a typo")
        try zoe.record(Slot(bid: "B1", criterion: "experience"), .scale(5))
    }

    @Test func youngAssessorsAndObserversNeverSeePricesAndOnlyTheChairSeesResults() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "zoe", to: "1357")
        try chair.setPIN(for: "david", to: "8642")
        let zoe = try store.signIn(member: "zoe", pin: "1357")
        let david = try store.signIn(member: "david", pin: "8642")
        #expect(zoe.bids().allSatisfy { $0.price == nil })
        #expect(try zoe.bid("B1").price == nil)
        #expect(david.bids().allSatisfy { $0.price != nil })
        #expect(throws: StoreError.self) { try zoe.result() }
        #expect(throws: StoreError.self) { try david.scoreSheet() }
        #expect(throws: StoreError.self) { try david.moderate(Slot(bid: "B1", criterion: "experience"), .scale(3), reason: "x") }
        #expect(throws: StoreError.self) { try zoe.auditEntries() }
        #expect(try chair.result().bids.count == 6)
        // Young assessors cannot record what they do not score.
        #expect(throws: StoreError.self) { try zoe.record(Slot(bid: "B1", criterion: "safeguarding"), .pass(true)) }
    }

    @Test func aConflictedMemberRecordsAndReadsNothingForThatBid() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "helen", to: "4826")
        let helen = try store.signIn(member: "helen", pin: "4826")
        #expect(try helen.hasDeclaredConflicts() == false)
        #expect(throws: StoreError.self) { try helen.declareConflicts([(bid: "B2", reason: "")]) }
        try helen.declareConflicts([(bid: "B2", reason: "My sister is a trustee")])
        #expect(try helen.hasDeclaredConflicts())
        #expect(throws: StoreError.self) { try helen.bid("B2") }
        #expect(throws: StoreError.self) { try helen.myValues(bid: "B2") }
        #expect(throws: StoreError.self) { try helen.record(Slot(bid: "B2", criterion: "logic"), .scale(3)) }
        try helen.record(Slot(bid: "B1", criterion: "logic"), .scale(3))
        #expect(try helen.myProgress()["B2"]?.conflicted == true)
        #expect(try chair.scoreSheet().conflicts.map(\.bid) == ["B2"])
    }

    @Test func moderationKeepsOriginalsAndSignOffMakesItReadOnly() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let slot = Slot(bid: "B1", criterion: "experience")
        try chair.record(slot, .scale(2))
        #expect(throws: StoreError.self) { try chair.moderate(slot, .scale(4), reason: "") }
        try chair.moderate(slot, .scale(4), reason: "Evidence on page 3 agreed by all")
        let sheet = try chair.scoreSheet()
        #expect(sheet.value(of: "priya", at: slot)?.value == .scale(2))
        #expect(sheet.moderatedValue(at: slot)?.value == .scale(4))
        try chair.signOff(anyway: "Members score elsewhere in this test")
        #expect(throws: StoreError.self) { try chair.record(slot, .scale(3)) }
        #expect(throws: StoreError.self) { try chair.moderate(slot, .scale(3), reason: "late change") }
        #expect(throws: StoreError.self) { try chair.reopenEvaluation(reason: "") }
        try chair.reopenEvaluation(reason: "A bidder's clarification arrived")
        try chair.moderate(slot, .scale(3), reason: "Clarification lowers it")
        let actions = try chair.auditEntries().map(\.action)
        #expect(actions.suffix(4) == ["moderate", "sign-off", "reopen", "moderate"])
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func exportedCSVScoresToTheSameTotals() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let folder = Fixtures.root.appendingPathComponent("panels")
        let scores = try ScoresCSV.memberValues(text: String(contentsOf: folder.appendingPathComponent("youth-services-scores.csv"), encoding: .utf8),
                                                file: "s.csv", panel: store.panel)
        let moderated = try ScoresCSV.moderatedValues(text: String(contentsOf: folder.appendingPathComponent("youth-services-moderated.csv"), encoding: .utf8),
                                                      file: "m.csv", panel: store.panel)
        try chair.importPaper(values: scores.filter { !($0.member == "kyle" && $0.slot.bid == "B3") }, moderated: Array(moderated.prefix(40)),
                              conflicts: [Conflict(bid: "B3", member: "kyle", reason: "Plays for their team")],
                              noConflicts: ["priya", "david", "helen", "zoe"])
        let fromFile = try chair.result()
        let sheet = try chair.scoreSheet()
        var again = ScoreSheet()
        for v in try ScoresCSV.memberValues(text: ScoresCSV.write(memberValues: sheet.memberValues, panel: store.panel), file: "e.csv", panel: store.panel) { again.record(v) }
        for v in try ScoresCSV.moderatedValues(text: ScoresCSV.write(moderated: sheet.moderated, panel: store.panel), file: "e.csv", panel: store.panel) { again.moderate(v) }
        for c in try ScoresCSV.conflicts(text: ScoresCSV.write(conflicts: sheet.conflicts), file: "e.csv", panel: store.panel) { again.declare(c) }
        #expect(ScoringEngine.score(store.panel, again) == fromFile)
        #expect(try chair.auditEntries().filter { $0.source == "paper" }.count >= 240)
    }

    @Test func aFailedImportRecordsNothing() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.declareConflicts([(bid: "B1", reason: "Former employer")])
        let before = try chair.auditEntries().count
        let values = [MemberValue(slot: Slot(bid: "B2", criterion: "experience"), member: "david", value: .scale(3)),
                      MemberValue(slot: Slot(bid: "B1", criterion: "experience"), member: "priya", value: .scale(3))]
        #expect(throws: StoreError.self) { try chair.importPaper(values: values, moderated: [], conflicts: []) }
        #expect(try chair.auditEntries().count == before)
        #expect(try chair.scoreSheet().memberValues.isEmpty)
    }

    @Test func aCriterionCanRequireAComment() throws {
        let panelPath = Fixtures.root.appendingPathComponent("panels/youth-services.toml").path
        let text = try String(contentsOfFile: panelPath, encoding: .utf8)
            .replacingOccurrences(of: "id = \"experience\"\n", with: "id = \"experience\"\ncomment_required = true\n")
        let folder = URL(fileURLWithPath: panelPath).deletingLastPathComponent().path
        let loaded = try PanelFile.parse(text: text, file: panelPath) { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
        #expect(loaded.panel.criterion(id: "experience")?.commentRequired == true)
        let path = Fixtures.temporaryFolder().appendingPathComponent("c.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: text, panel: loaded.panel,
                                               answersFiles: loaded.answersFiles, chairPIN: Fixtures.chairPIN)
        let chair = try EvaluationStore.open(path: path).signIn(member: "priya", pin: Fixtures.chairPIN)
        #expect(chair.store.panel.criterion(id: "experience")?.commentRequired == true)
        let slot = Slot(bid: "B1", criterion: "experience")
        let refused = #expect(throws: StoreError.self) { try chair.record(slot, .scale(4)) }
        #expect(refused?.message.contains("needs a comment") == true)
        try chair.record(slot, .scale(4), comment: "Ten years of evidenced outcomes")
        try chair.record(Slot(bid: "B1", criterion: "logic"), .scale(3)) // not required there
        #expect(store.panel.criterion(id: "logic")?.commentRequired == false)
    }
}
