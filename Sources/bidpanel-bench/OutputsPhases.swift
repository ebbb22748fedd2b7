import BidpanelCore
import BidpanelStore
import Foundation

/// `bidpanel-bench outputs FILE`: where report, export and audit spend their
/// time on one evaluation file, phase by phase in one process, so the cost
/// of the outputs can be told apart from the whole-record verification
/// (which every command runs first, and which is timed here on its own).
enum OutputsPhases {
    static func main(_ arguments: [String]) throws {
        guard let path = arguments.first else {
            print("usage: bidpanel-bench outputs EVALUATION-FILE (chair m1, PIN 2468, as bidpanel-bench generate makes)")
            return
        }
        let store = try EvaluationStore.open(path: path)
        let session = try store.signIn(member: "m1", pin: "2468", channel: .command)
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try body()
            print(String(format: "%-34@ %8.1f ms", name as NSString,
                         Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))
            return result
        }
        let seal = try timed("verification") { try store.verification().seal }
        let (sheet, record) = try timed("report: sheet and meeting record") { try session.meetingRecord() }
        let result = timed("report: engine") { ScoringEngine.score(store.panel, sheet) }
        let text = timed("report: render") {
            PrintedReport.render(result: result, panel: store.panel, sheet: sheet, signedOff: record.signedOff,
                                 printedOn: "2 December 2026", record: record, seal: seal)
        }
        let safe = timed("report: visible text") { SafeText.visible(text, keeping: ["\u{0C}"]) }
        let exportSheet = try timed("export: score sheet") { try session.scoreSheet() }
        let csv = timed("export: scores CSV") { ScoresCSV.write(memberValues: exportSheet.memberValues, panel: store.panel) }
        let safeCSV = timed("export: visible text") { SafeText.visible(csv) }
        let entries = try timed("audit: entries") { try session.auditEntries() }
        let audit = timed("audit: render") {
            AuditReport.render(entries, panel: store.panel, problems: seal.problems, date: "2 December 2026", seal: seal)
        }
        let safeAudit = timed("audit: visible text") { SafeText.visible(audit, keeping: ["\u{0C}"]) }
        print("report \(safe.utf8.count) bytes, scores CSV \(safeCSV.utf8.count) bytes, audit \(safeAudit.utf8.count) bytes")
    }
}
