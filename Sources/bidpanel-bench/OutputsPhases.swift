import BidpanelCore
import BidpanelStore
import Foundation

/// `bidpanel-bench outputs FILE [report|export|audit]`: where report, export
/// and audit spend their time on one evaluation file, phase by phase in one
/// process. The whole-record verification (which every command runs, on a
/// second thread while it reads) is timed on its own, and left out when one
/// output is named, so `/usr/bin/time` then gives that output's own peak
/// memory without the verification's.
enum OutputsPhases {
    static func main(_ arguments: [String]) throws {
        guard let path = arguments.first else {
            print("usage: bidpanel-bench outputs EVALUATION-FILE [report|export|audit] (chair m1, PIN 2468, as bidpanel-bench generate makes)")
            return
        }
        let only = arguments.dropFirst().first
        let store = try EvaluationStore.open(path: path)
        let session = try timed("open and sign in") { try store.signIn(member: "m1", pin: "2468", channel: .command) }
        var seal = RecordSeal(head: String(repeating: "0", count: 64), count: 0)
        if only == nil { seal = try timed("verification") { try store.verification().seal } }
        if only == nil || only == "report" {
            let read = try timed("report: sheet and meeting record") { try session.meetingRecordAndHead() }
            if only != nil { seal = read.head }
            let result = timed("report: engine") { ScoringEngine.score(store.panel, read.sheet) }
            let text = timed("report: render") {
                PrintedReport.render(result: result, panel: store.panel, sheet: read.sheet, signedOff: read.record.signedOff,
                                     printedOn: "2 December 2026", record: read.record, seal: seal)
            }
            let safe = timed("report: visible text") { SafeText.visible(text, keeping: ["\u{0C}"]) }
            print("report \(safe.utf8.count) bytes")
        }
        if only == nil || only == "export" {
            let sheet = try timed("export: score sheet") { try session.scoreSheet() }
            let csv = timed("export: scores CSV") { ScoresCSV.write(memberValues: sheet.memberValues, panel: store.panel) }
            let safe = timed("export: visible text") { SafeText.visible(csv) }
            print("scores CSV \(safe.utf8.count) bytes")
        }
        if only == nil || only == "audit" {
            var listing = AuditReport.Listing(panel: store.panel)
            try timed("audit: read and lay out each entry") { try session.forEachAuditEntry { listing.add($0) } }
            var bytes = 0
            timed("audit: pages, visible text") {
                listing.write(problems: seal.problems, date: "2 December 2026", seal: seal, notes: []) {
                    bytes += SafeText.visible(String(decoding: $0, as: UTF8.self), keeping: ["\u{0C}"]).utf8.count
                }
            }
            print("audit \(listing.count) entries, \(bytes) bytes")
        }
    }

    static func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        print(name.padding(toLength: 36, withPad: " ", startingAt: 0)
            + String(format: "%8.1f ms", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))
        return result
    }
}
