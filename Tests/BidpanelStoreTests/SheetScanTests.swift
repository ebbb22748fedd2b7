import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// The fast read of the members' values (`SheetScan`) gives exactly what
/// reading each row through GRDB by name gives, whatever the rows hold:
/// comments people typed in any script, and texts edited with the sqlite3
/// shell.
@Suite struct SheetScanTests {
    /// The values as a plain GRDB read gives them, skipping any the panel cannot read.
    static func plainValues(_ db: Database, panel: Panel) throws -> [MemberValue] {
        try Row.fetchAll(db, sql: "SELECT * FROM member_value ORDER BY bid, criterion, principle, member").compactMap { row in
            let criterionID: String = row["criterion"], principle: String = row["principle"]
            guard let criterion = panel.criterion(id: criterionID),
                  let value = try? ScoresCSV.parseValue(row["value"], criterion: criterion, panel: panel) else { return nil }
            return MemberValue(slot: Slot(bid: row["bid"], criterion: criterionID, principle: principle.isEmpty ? nil : principle),
                               member: row["member"], value: value, comment: row["comment"])
        }
    }

    func sheets(afterEditing sql: String) throws -> (fast: [MemberValue], plain: [MemberValue]) {
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
        return try queue.read { db in
            var scan = SheetScan(panel: panel)
            return (try scan.memberValues(db), try Self.plainValues(db, panel: panel))
        }
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
        // BLOBs where text belongs, which GRDB reads as their UTF-8 text.
        "UPDATE member_value SET comment = x'6869' WHERE bid = 'B1'",
        "UPDATE member_value SET bid = x'4233', value = x'33' WHERE bid = 'B2'",
    ])
    func theFastReadGivesThePlainSheet(edit: String) throws {
        let (fast, plain) = try sheets(afterEditing: edit)
        #expect(fast == plain)
        #expect(!fast.isEmpty)
    }
}
