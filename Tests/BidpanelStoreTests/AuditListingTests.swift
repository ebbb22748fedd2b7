import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// The printed audit is laid out entry by entry as the log is read, and its
/// pages are written a piece at a time; the text must not depend on that.
@Suite("Audit listing")
struct AuditListingTests {
    /// Stored times read from their bytes give what the general reading gives.
    @Test func storedTimesReadFromBytesAsFromText() {
        let times = ["2027-01-15T08:00:00.123Z", "2027-01-15T08:00:00Z", "1999-12-31T23:59:59.999Z", "2027-01-15T08:00:00.12Z",
                     "2027-01-15T08:00:00.1234Z", "2027-01-15 08:00:00.123Z", "2027-01-15T08:00:00.123+01:00", "２027-01-15T08:00:00Z",
                     "2027-01-15T08:00:0aZ", "T08:00:00.000Z", "2027-01-15T", "", "Z", "2027-01-15T08:00:00.123z"]
        for time in times {
            if let fast = AuditReport.readableUTC(time) { #expect(fast == AuditReport.readableAnyForm(time), "\(time)") }
        }
        #expect(AuditReport.readableUTC("2027-01-15T08:00:00.123Z") == "2027-01-15 08:00:00 UTC")
        #expect(AuditReport.readableUTC("2027-01-15T08:00:00.123+01:00") == nil)
    }

    /// Written in pieces (each ending at a page's end) or at once, the same
    /// bytes; and every piece but the last ends a page.
    @Test func piecesMakeTheWholeText() {
        let entries = (1...30_000).map { seq in
            AuditEntry(seq: seq, at: "2027-01-15T08:00:00.000Z", actor: seq % 3 == 0 ? "zoe" : "kyle",
                       action: ["record", "moderate", "conflict", "submit", "lock"][seq % 5], bid: "B\(seq % 7)",
                       criterion: "coproduction", principle: "", member: "kyle", oldValue: "", newValue: "3",
                       reason: seq % 11 == 0 ? "A comment with a long URL https://example.org/" + String(repeating: "x", count: 120) : "",
                       source: seq % 4 == 0 ? "paper" : "terminal", prevHash: "", hash: String(repeating: "b", count: 64))
        }
        var listing = AuditReport.Listing(panel: ExampleStorePanel.youth)
        for entry in entries { listing.add(entry) }
        var pieces: [[UInt8]] = []
        listing.write(problems: [], date: "15 January 2027", seal: nil, notes: []) { pieces.append($0) }
        #expect(pieces.count > 1)
        #expect(pieces.dropLast().allSatisfy { $0.last == 0x0A })
        #expect(pieces.dropFirst().allSatisfy { $0.first == 0x0C })
        let whole = String(decoding: pieces.joined(), as: UTF8.self)
        #expect(whole == AuditReport.render(entries, panel: ExampleStorePanel.youth, problems: [], date: "15 January 2027"))
        #expect(whole.hasSuffix("End of the audit log: 30000 entries.\n"))
    }
}
