import BidpanelCore
import GRDB
import GRDBSQLite

/// Reads the members' values for the board, the report and export of a
/// whole grants round (480k rows) straight from SQLite's column buffers:
/// each id (bid, criterion, principle, member) becomes a String once, not
/// once per row, and each criterion's distinct value texts are parsed once.
/// Every text reads exactly as GRDB reads it (`AuditScan.text`), so the
/// sheet is the one `sheet(_:panel:)` reads. The file's types were checked
/// on opening (`FileCheck`); a row of another type is a damaged file.
struct SheetScan {
    private var ids = ByteInterner()
    private var idTexts: [String] = []
    /// (criterion, value text) → the value, nil when it does not read.
    private var values = ByteInterner()
    private var parsed: [Value?] = []
    private let criteria: [String: Criterion]
    private let panel: Panel

    init(panel: Panel) {
        self.panel = panel
        criteria = Dictionary(panel.criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every member's value in the file, in the order of the table's key.
    mutating func memberValues(_ db: Database) throws -> [MemberValue] {
        var out: [MemberValue] = []
        out.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member_value") ?? 0)
        let statement = try db.cachedStatement(sql: """
            SELECT bid, criterion, principle, member, value, comment FROM member_value ORDER BY bid, criterion, principle, member
            """)
        let cursor = try Row.fetchCursor(statement)
        let sqlite = statement.sqliteStatement
        while try cursor.next() != nil {
            guard let bid = id(sqlite, 0), let criterion = id(sqlite, 1), let principle = id(sqlite, 2),
                  let member = id(sqlite, 3) else { throw FileCheck.DamagedRows(db, table: "member_value") }
            guard let value = try value(sqlite, criterion: criterion, db) else { continue }
            guard let comment = AuditScan.text(sqlite, 5) else { throw FileCheck.DamagedRows(db, table: "member_value") }
            out.append(MemberValue(slot: Slot(bid: bid, criterion: criterion, principle: principle.isEmpty ? nil : principle),
                                   member: member, value: value, comment: comment))
        }
        return out
    }

    /// A column's text, made once for each distinct run of plain bytes.
    private mutating func id(_ sqlite: SQLiteStatement, _ index: Int32) -> String? {
        guard let bytes = Self.plainText(sqlite, index) else { return AuditScan.text(sqlite, index) }
        let number = Int(ids.number(bytes))
        if number == idTexts.count { idTexts.append(String(decoding: bytes, as: UTF8.self)) }
        return idTexts[number]
    }

    private mutating func value(_ sqlite: SQLiteStatement, criterion: String, _ db: Database) throws -> Value? {
        func parse(_ text: String) -> Value? {
            criteria[criterion].flatMap { try? ScoresCSV.parseValue(text, criterion: $0, panel: panel) }
        }
        guard let bytes = Self.plainText(sqlite, 4) else {
            guard let text = AuditScan.text(sqlite, 4) else { throw FileCheck.DamagedRows(db, table: "member_value") }
            return parse(text)
        }
        let number = Int(criterion.utf8.withContiguousStorageIfAvailable { values.number($0, bytes) }
            ?? values.number(Array(criterion.utf8), bytes))
        if number == parsed.count { parsed.append(parse(String(decoding: bytes, as: UTF8.self))) }
        return parsed[number]
    }

    /// A TEXT column's bytes when they are ASCII without a NUL (so they are
    /// exactly the UTF-8 of the String GRDB reads); nil otherwise.
    private static func plainText(_ sqlite: SQLiteStatement, _ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let value = sqlite3_column_value(sqlite, index), sqlite3_value_type(value) == SQLITE_TEXT else { return nil }
        let start = sqlite3_value_text(value)
        let bytes = UnsafeBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_value_bytes(value)))
        return PlainText.isASCIIWithoutNUL(bytes) ? bytes : nil
    }
}
