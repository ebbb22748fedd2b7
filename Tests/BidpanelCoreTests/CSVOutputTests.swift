import Foundation
import Testing
@testable import BidpanelCore

/// `CSVOutput.write` builds its bytes itself (the CSV library wrote one byte
/// at a time); it must give exactly what the library gives.
@Suite("CSV output")
struct CSVOutputTests {
    /// Pieces people type, and those a spreadsheet or a terminal trips on.
    static let pieces = ["", "a", "B12", "3", "-3", "2.5", " ", ",", "\"", "\"\"", "\n", "\r", "\r\n", "\n\r", "=1+1", "+x",
                         "@SUM(A1)", "\t", "-", "é", "e\u{301}", ",\u{301}", "\"\u{301}", "’", "☕", "👩‍👧", "\u{1B}[31m",
                         "\u{202E}", "\u{0}", "line one\nline two", "a, b", "She said \"yes\"", "=HYPERLINK(\"http://x\")"]

    @Test func writesExactlyWhatTheLibraryWrites() {
        var generator = SystemRandomNumberGenerator()
        let header = ["bid", "criterion", "member", "value", "principle", "comment"]
        for _ in 0..<200 {
            let rows = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                (0..<header.count).map { _ in
                    (0..<Int.random(in: 0...3, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
                }
            }
            #expect(CSVOutput.write(header: header, rows: rows) == CSVOutput.libraryWrite(header: header, rows: rows), "\(rows)")
        }
        for piece in Self.pieces {
            #expect(CSVOutput.write(header: [piece], rows: [[piece], [piece, piece]])
                == CSVOutput.libraryWrite(header: [piece], rows: [[piece], [piece, piece]]), "\(piece.debugDescription)")
        }
        #expect(CSVOutput.write(header: [], rows: [[], ["a"], []]) == CSVOutput.libraryWrite(header: [], rows: [[], ["a"], []]))
    }
}
