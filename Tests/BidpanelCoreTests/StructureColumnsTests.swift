import Foundation
import Testing
@testable import BidpanelCore

/// The optional `lot` and `stage` columns of the scores and moderated CSVs:
/// checked against the panel when given, written only for a panel in lots
/// or in stages, and today's files read and written exactly as before.
@Suite("CSV interchange: lot and stage columns")
struct StructureColumnsTests {
    static let lots = ExamplePanels.load("youth-lots")

    /// youth-lots with its two criteria in two stages (only the CSV looks at them here).
    static var staged: Panel {
        var panel = lots
        panel.stages = [Stage(id: "written", title: "Written bids"), Stage(id: "interview", title: "Interviews")]
        panel.criteria[0].stage = "written"
        panel.criteria[1].stage = "interview"
        return panel
    }

    func problems(_ body: () throws -> Any) -> [Diagnostic] {
        do {
            _ = try body()
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics
        } catch {
            return [Diagnostic(.error, file: "?", line: 0, message: "unexpected \(error)")]
        }
    }

    @Test func aLotColumnThatMatchesIsReadAsIfAbsent() throws {
        let with = "lot,bid,criterion,member,value,principle,comment\nnorth,N1,experience,chris,5,,\nsouth,S1,delivery,chris,4,,\n,S2,delivery,chris,3,,\n"
        let without = "bid,criterion,member,value,principle,comment\nN1,experience,chris,5,,\nS1,delivery,chris,4,,\nS2,delivery,chris,3,,\n"
        let read = try ScoresCSV.memberValues(text: with, file: "s.csv", panel: Self.lots)
        #expect(read == (try ScoresCSV.memberValues(text: without, file: "s.csv", panel: Self.lots)))
        #expect(read.count == 3)
    }

    @Test func aRowInTheWrongLotIsRefusedAtItsLineAndNothingIsRead() {
        // Line 3 names S1 in north: typed from the wrong lot's sheet.
        let csv = "lot,bid,criterion,member,value,principle,comment\nnorth,N1,experience,chris,5,,\nnorth,S1,experience,chris,4,,\n"
        let found = problems { try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.lots) }
        #expect(found.count == 1)
        #expect(found.first?.file == "s.csv" && found.first?.line == 3)
        #expect(found.first?.message == "the lot column says \"north\", but bid S1 is in lot \"south\"")
        #expect(found.first?.fix?.contains("write south or leave the lot empty") == true)
    }

    @Test func theSameSlotRepeatedIsStillCheckedWhenOnlyItsLotChanges() {
        // The reader reuses the row before's slot: a changed lot must still be checked.
        let csv = "lot,bid,criterion,member,value\nnorth,N1,experience,chris,5\nsouth,N1,experience,amira,4\n"
        let found = problems { try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.lots) }
        #expect(found.map(\.line) == [3])
    }

    @Test func aLotOrStageColumnOnAPanelWithoutThemIsRefused() {
        let youth = ExamplePanels.youth
        let lot = problems {
            try ScoresCSV.memberValues(text: "lot,bid,criterion,member,value\nnorth,B1,experience,zoe,4\n", file: "s.csv", panel: youth)
        }
        #expect(lot.map(\.message) == ["the lot column says \"north\", but this panel is not split into lots"])
        let stage = problems {
            try ScoresCSV.memberValues(text: "stage,bid,criterion,member,value\nwritten,B1,experience,zoe,4\n", file: "s.csv", panel: youth)
        }
        #expect(stage.map(\.message) == ["the stage column says \"written\", but this panel is not scored in stages"])
        // Empty columns are fine: a spreadsheet template with them left blank.
        #expect(problems {
            try ScoresCSV.memberValues(text: "lot,stage,bid,criterion,member,value\n,,B1,experience,zoe,4\n", file: "s.csv", panel: youth)
        }.isEmpty)
    }

    @Test func aStageColumnMustBeTheCriterionsStage() {
        let csv = "stage,bid,criterion,member,value\nwritten,N1,experience,chris,5\nwritten,N1,delivery,chris,4\n"
        let found = problems { try ScoresCSV.memberValues(text: csv, file: "s.csv", panel: Self.staged) }
        #expect(found.map(\.line) == [3])
        #expect(found.first?.message == "the stage column says \"written\", but criterion \"delivery\" is scored in stage \"interview\"")
    }

    @Test func theModeratedFileIsCheckedTheSameWay() {
        let csv = "lot,bid,criterion,principle,value,reason\nsouth,N2,delivery,,3,Agreed\n"
        let found = problems { try ScoresCSV.moderatedValues(text: csv, file: "m.csv", panel: Self.lots) }
        #expect(found.map(\.line) == [2])
        #expect(found.first?.file == "m.csv")
    }

    @Test func writtenWithALotColumnOnlyForAPanelInLotsAndReadBackTheSame() throws {
        let text = try String(contentsOf: ExamplePanels.folder.appendingPathComponent("youth-lots-scores.csv"), encoding: .utf8)
        let values = try ScoresCSV.memberValues(text: text, file: "s.csv", panel: Self.lots)
        let written = ScoresCSV.write(memberValues: values, panel: Self.lots)
        #expect(written.hasPrefix("lot,bid,criterion,member,value,principle,comment\nnorth,N1,delivery,chris,4,,\n"))
        #expect(try ScoresCSV.memberValues(text: written, file: "w.csv", panel: Self.lots) == values.sorted { ($0.slot, $0.member) < ($1.slot, $1.member) })
        let staged = ScoresCSV.write(memberValues: values, panel: Self.staged)
        #expect(staged.hasPrefix("lot,stage,bid,criterion,member,value,principle,comment\nnorth,interview,N1,delivery,chris,4,,\n"))
        let moderated = ScoresCSV.write(moderated: [ModeratedValue(slot: Slot(bid: "S2", criterion: "delivery"), value: .scale(3), reason: "Agreed")],
                                        panel: Self.lots)
        #expect(moderated == "lot,bid,criterion,principle,value,reason\nsouth,S2,delivery,,3,Agreed\n")
    }

    @Test func aPanelInStagesOnlyIsWrittenWithAStageColumnAndReadBackTheSame() throws {
        let stages = ExamplePanels.load("youth-stages")
        let values = [MemberValue(slot: Slot(bid: "B1", criterion: "plan"), member: "chris", value: .scale(4), comment: "")]
        let written = ScoresCSV.write(memberValues: values, panel: stages)
        #expect(written == "stage,bid,criterion,member,value,principle,comment\nwritten,B1,plan,chris,4,,\n")
        #expect(try ScoresCSV.memberValues(text: written, file: "w.csv", panel: stages) == values)
        let moderated = ScoresCSV.write(moderated: [ModeratedValue(slot: Slot(bid: "B1", criterion: "plan"), value: .scale(4), reason: "R")],
                                        panel: stages)
        #expect(moderated == "stage,bid,criterion,principle,value,reason\nwritten,B1,plan,,4,R\n")
    }

    @Test func aPanelWithoutLotsOrStagesWritesExactlyTheUsualColumns() throws {
        let youth = ExamplePanels.youth
        let text = try String(contentsOf: ExamplePanels.folder.appendingPathComponent("youth-services-scores.csv"), encoding: .utf8)
        let values = try ScoresCSV.memberValues(text: text, file: "s.csv", panel: youth)
        let written = ScoresCSV.write(memberValues: values, panel: youth)
        #expect(written.hasPrefix(ScoresCSV.memberColumns.joined(separator: ",") + "\n"))
        let moderated = ScoresCSV.write(moderated: [ModeratedValue(slot: Slot(bid: "B1", criterion: "experience"), value: .scale(3), reason: "R")],
                                        panel: youth)
        #expect(moderated == "bid,criterion,principle,value,reason\nB1,experience,,3,R\n")
    }
}
