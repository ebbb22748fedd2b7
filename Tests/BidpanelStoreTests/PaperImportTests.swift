import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// `bidpanel import` never overwrites a value unnoticed, and a member's
/// paper values count only once they have declared their conflicts.
@Suite("Paper import")
struct PaperImportTests {
    static let experience = Slot(bid: "B1", criterion: "experience")

    /// The youth evaluation with Zoë's value for B1 experience typed on screen.
    static func typedOnScreen() throws -> (EvaluationStore, MemberSession) {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "zoe", to: "1357")
        let zoe = try store.signIn(member: "zoe", pin: "1357", channel: .screen)
        try zoe.declareConflicts([])
        try zoe.record(experience, .scale(3), comment: "Clear plan")
        return (store, chair)
    }

    static func sheets(_ scores: String = "", moderated: String = "", conflicts: String = "",
                       panel: Panel) throws -> PaperSheets {
        var sheets = PaperSheets()
        if !scores.isEmpty {
            sheets.values = try ScoresCSV.locatedMemberValues(text: "bid,criterion,member,value,principle,comment\n" + scores,
                                                              file: "scores.csv", panel: panel)
        }
        if !moderated.isEmpty {
            sheets.moderated = try ScoresCSV.locatedModeratedValues(text: "bid,criterion,principle,value,reason\n" + moderated,
                                                                    file: "moderated.csv", panel: panel)
        }
        if !conflicts.isEmpty {
            (sheets.conflicts, sheets.noConflicts) = try ScoresCSV.conflictDeclarations(text: "bid,member,reason\n" + conflicts,
                                                                                       file: "conflicts.csv", panel: panel)
        }
        return sheets
    }

    @Test func aRowThatWouldChangeATypedValueIsReportedAndNothingIsApplied() throws {
        let (store, chair) = try Self.typedOnScreen()
        let before = try chair.auditEntries().count
        let sheets = try Self.sheets("B1,activities,zoe,4,,\nB1,experience,zoe,2,,Weak\n", panel: store.panel)
        let error = #expect(throws: StoreError.self) { try chair.importPaper(sheets) }
        let message = error?.message ?? ""
        #expect(message.contains("scores.csv:3: zoe, bid B1, experience: 3 \"Clear plan\" → 2 \"Weak\""), "\(message)")
        #expect(message.contains("nothing was recorded"))
        #expect(message.contains("--replace"))
        #expect(!message.contains("activities"), "a new value is not a change")
        // Nothing at all went in, not even the new row.
        #expect(try chair.auditEntries().count == before)
        #expect(try chair.scoreSheet().value(of: "zoe", at: Self.experience)?.value == .scale(3))
        #expect(try chair.scoreSheet().memberValues.count == 1)
    }

    @Test func replaceAuditsEachReplacementWithTheOldValue() throws {
        let (store, chair) = try Self.typedOnScreen()
        let sheets = try Self.sheets("B1,experience,zoe,2,,Weak\nB1,activities,zoe,4,,\n", panel: store.panel)
        let result = try chair.importPaper(sheets, replace: true)
        #expect(result.replaced == 1 && result.added == 1 && result.unchanged == 0)
        #expect(try chair.scoreSheet().value(of: "zoe", at: Self.experience)?.value == .scale(2))
        let entries = try chair.auditEntries()
        let replace = try #require(entries.first { $0.action == "replace" })
        #expect(replace.actor == "priya" && replace.member == "zoe" && replace.bid == "B1" && replace.criterion == "experience")
        #expect(replace.oldValue == "3 \"Clear plan\"" && replace.newValue == "2 \"Weak\"")
        #expect(replace.reason.contains("scores.csv:2"))
        let record = try #require(entries.last { $0.action == "record" && $0.criterion == "experience" })
        #expect(record.oldValue == "3" && record.newValue == "2" && record.source == "paper")
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func aRowEqualToWhatIsStoredIsNotAChange() throws {
        let (store, chair) = try Self.typedOnScreen()
        let before = try chair.auditEntries().count
        let result = try chair.importPaper(try Self.sheets("B1,experience,zoe,3,,Clear plan\n", panel: store.panel))
        #expect(result.unchanged == 1 && result.replaced == 0 && result.added == 0)
        #expect(try chair.auditEntries().count == before)
    }

    @Test func onlyTheCommentDifferingIsAChange() throws {
        let (store, chair) = try Self.typedOnScreen()
        let error = #expect(throws: StoreError.self) {
            try chair.importPaper(try Self.sheets("B1,experience,zoe,3,,\n", panel: store.panel))
        }
        #expect(error?.message.contains("scores.csv:2: zoe, bid B1, experience: 3 \"Clear plan\" → 3") == true,
                "\(error?.message ?? "")")
    }

    @Test func aChangedModeratedValueIsReportedThenReplacedWithReplace() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.moderate(Self.experience, .scale(4), reason: "Agreed at the meeting")
        let sheets = try Self.sheets(moderated: "B1,experience,,3,From the paper minutes\nB1,activities,,2,New\n", panel: store.panel)
        let error = #expect(throws: StoreError.self) { try chair.importPaper(sheets) }
        #expect(error?.message.contains("moderated.csv:2: moderated, bid B1, experience: 4 \"Agreed at the meeting\" → 3 \"From the paper minutes\"") == true,
                "\(error?.message ?? "")")
        #expect(try chair.scoreSheet().moderated.count == 1)
        let result = try chair.importPaper(sheets, replace: true)
        #expect(result.moderatedReplaced == 1 && result.moderatedAdded == 1)
        #expect(try chair.auditEntries().contains { $0.action == "replace" && $0.oldValue == "4 \"Agreed at the meeting\"" })
        // The same sheet again changes nothing.
        let again = try chair.importPaper(sheets)
        #expect(again.moderatedUnchanged == 2)
    }

    // MARK: - Declarations of interest on paper

    @Test func valuesOfAMemberWhoHasNotDeclaredAreRefusedNamingThem() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let sheets = try Self.sheets("B1,experience,kyle,3,,\nB2,experience,kyle,4,,\nB3,experience,kyle,2,,\n", panel: store.panel)
        let error = #expect(throws: StoreError.self) { try chair.importPaper(sheets) }
        let message = error?.message ?? ""
        #expect(message.contains("scores.csv:2 and 2 more rows: kyle has not declared conflicts of interest"), "\(message)")
        #expect(message.contains("none,kyle,"))
        #expect(try chair.scoreSheet().memberValues.isEmpty)
    }

    @Test func aNoneRowOrConflictRowsDeclareForTheMember() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let sheets = try Self.sheets("B1,experience,kyle,3,,\nB1,experience,zoe,4,,\n",
                                     conflicts: "none,kyle,\nB3,zoe,Her brother works there\n", panel: store.panel)
        let result = try chair.importPaper(sheets)
        #expect(result.added == 2 && result.conflicts == 1)
        #expect(result.declared == ["zoe", "kyle"])
        let entries = try chair.auditEntries()
        #expect(entries.contains { $0.action == "conflict" && $0.member == "kyle" && $0.newValue == "none" && $0.source == "paper" })
        // Zoë's declared conflict stands: a paper value for that bid is refused.
        let conflicted = try Self.sheets("B3,experience,zoe,4,,\n", panel: store.panel)
        let error = #expect(throws: StoreError.self) { try chair.importPaper(conflicted) }
        #expect(error?.message.contains("scores.csv:2: zoe declared a conflict for bid B3") == true)
    }

    @Test func aConflictOnPaperForABidWithAValueInTheSameImportIsRefused() throws {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let sheets = try Self.sheets("B3,experience,zoe,4,,\n", conflicts: "B3,zoe,Her brother works there\n", panel: store.panel)
        #expect(throws: StoreError.self) { try chair.importPaper(sheets) }
        #expect(try chair.scoreSheet().conflicts.isEmpty, "nothing applied, the conflict neither")
    }

    @Test func noneAndAConflictForTheSameMemberIsACSVError() throws {
        let store = try Fixtures.youthStore()
        let error = #expect(throws: DiagnosticsError.self) {
            _ = try ScoresCSV.conflictDeclarations(text: "bid,member,reason\nB3,zoe,Brother\nnone,zoe,\n",
                                                   file: "conflicts.csv", panel: store.panel)
        }
        #expect(error?.diagnostics.map(\.line) == [3])
        #expect(error?.diagnostics.first?.message.contains("line 2 gives one with bid B3") == true)
        // `score` reads the same file: a "none" row adds no conflict.
        #expect(try ScoresCSV.conflicts(text: "bid,member,reason\nnone,zoe,\n", file: "c.csv", panel: store.panel).isEmpty)
    }

    // MARK: - The real command

    @Test func theCommandListsChangesExitsOneAndReplacesOnlyWithReplace() throws {
        let (store, _) = try Self.typedOnScreen()
        let folder = URL(fileURLWithPath: store.path).deletingLastPathComponent()
        let scores = folder.appendingPathComponent("scores.csv").path
        try "bid,criterion,member,value,principle,comment\nB1,experience,zoe,2,,Weak\n".write(toFile: scores, atomically: true, encoding: .utf8)
        var (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["import", store.path, "--scores", scores, "--pin-stdin"],
                                                  input: Fixtures.chairPIN + "\n")
        #expect(status == 1)
        #expect(err.contains("\(scores):2: zoe, bid B1, experience: 3 \"Clear plan\" → 2 \"Weak\""), "\(err)")
        (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["import", store.path, "--scores", scores, "--replace", "--pin-stdin"],
                                              input: Fixtures.chairPIN + "\n")
        #expect(status == 0, "\(err)")
        #expect(out.contains("member values: 0 new, 1 replaced, 0 already there"), "\(out)")
    }
}
