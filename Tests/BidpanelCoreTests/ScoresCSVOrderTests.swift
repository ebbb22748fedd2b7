import Foundation
import Testing
@testable import BidpanelCore

/// `ScoresCSV.write(memberValues:)` keeps a sheet that is in order already
/// as it is and writes its rows straight into bytes; the file must be
/// exactly the one the plain way makes (sort, then one array per row).
@Suite("Scores CSV order")
struct ScoresCSVOrderTests {
    static func plain(_ values: [MemberValue], panel: Panel) -> String {
        let rows = values.sorted { ($0.slot, $0.member) < ($1.slot, $1.member) }.map {
            [$0.slot.bid, $0.slot.criterion, $0.member, ScoresCSV.format($0.value, panel: panel), $0.slot.principle ?? "", $0.comment]
        }
        return CSVOutput.libraryWrite(header: ScoresCSV.memberColumns, rows: rows)
    }

    @Test func writesWhatSortingAndTheLibraryWrite() throws {
        let text = try String(contentsOf: ExamplePanels.folder.appendingPathComponent("youth-services-scores.csv"), encoding: .utf8)
        let panel = ScoresCSVTests.panel
        let read = try ScoresCSV.memberValues(text: text, file: "s.csv", panel: panel)
        // Comments as members write them, and ids that sort differently as bytes and as text.
        let comments = ["", "Good, clear plan", "She said \"yes\"", "=1+1", "line one\nline two", "café", "cafe\u{301}",
                        "\u{1B}[31m", "see https://example.org/a/very/long/path?with=query&and=more#part", "☕ 👩‍👧"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            var values = read.enumerated().map { index, value in
                var value = value
                value.comment = comments[(index + round) % comments.count]
                return value
            }
            if round % 4 == 1 { values.shuffle(using: &generator) }
            if round % 4 == 2 { values = values.sorted { ($0.slot, $0.member) < ($1.slot, $1.member) } }
            if round % 4 == 3, values.count > 2 {
                // Two keys that differ only in their Unicode form compare equal as text.
                values[0].slot.bid = "caf\u{E9}"
                values[1].slot.bid = "cafe\u{301}"
                values[1].slot.criterion = values[0].slot.criterion
                values[1].member = values[0].member
                values[1].slot.principle = values[0].slot.principle
            }
            #expect(ScoresCSV.write(memberValues: values, panel: panel) == Self.plain(values, panel: panel), "round \(round)")
        }
        #expect(ScoresCSV.write(memberValues: [], panel: panel) == Self.plain([], panel: panel))
    }
}
