import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// The board's fast read of the members' values (`SheetScan`) gives exactly
/// the sheet the plain read gives, whatever the rows hold: comments people
/// typed in any script, and texts edited with the sqlite3 shell.
@Suite struct SheetScanTests {
    func sheets(afterEditing sql: String) throws -> (fast: ScoreSheet, plain: ScoreSheet) {
        let store = try Fixtures.youthStore()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let comments = ["", "Solid", "café", "cafe\u{301}", "👍🏽 good", "\u{1B}[2Jcleared?", "a\tb\nc", String(repeating: "long ", count: 400)]
        for (index, bid) in ["B1", "B2", "B3"].enumerated() {
            for (offset, criterion) in ["experience", "activities"].enumerated() {
                let comment = comments[(index * 2 + offset) % comments.count]
                try chair.record(Slot(bid: bid, criterion: criterion), .scale(Exact(index + offset)), comment: comment)
            }
        }
        try Fixtures.sqlite(store.path, sql)
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        let panel = store.panel
        return try queue.read { db in (try MemberSession.boardSheet(db, panel: panel), try MemberSession.sheet(db, panel: panel)) }
    }

    @Test(arguments: [
        "",
        "UPDATE member_value SET comment = 'a' || char(0) || 'b' WHERE bid = 'B1'",
        "UPDATE member_value SET comment = CAST(x'41ff42' AS TEXT) WHERE bid = 'B2'",
        "UPDATE member_value SET value = '4.0' WHERE bid = 'B1' AND criterion = 'experience'",
        "UPDATE member_value SET value = 'four' WHERE bid = 'B2' AND criterion = 'experience'",
        "UPDATE member_value SET value = '' WHERE bid = 'B3'",
        "UPDATE member_value SET criterion = 'nonesuch' WHERE bid = 'B3' AND criterion = 'activities'",
        "UPDATE member_value SET bid = 'B' || char(233) WHERE bid = 'B2'",
        "UPDATE member_value SET member = 'pri' || char(0) || 'ya' WHERE bid = 'B1'",
        "UPDATE member_value SET principle = 'x' WHERE bid = 'B1'",
    ])
    func theFastReadGivesThePlainSheet(edit: String) throws {
        let (fast, plain) = try sheets(afterEditing: edit)
        #expect(fast == plain)
        #expect(!fast.memberValues.isEmpty)
    }
}
