import BidpanelCore
import GRDB
import GRDBSQLite

/// Reads members' values (for the board, the report and export of a whole
/// grants round: 480k rows) straight from SQLite's column buffers: each id
/// (bid, criterion, principle, member) becomes a String once, not once per
/// row, and each criterion's distinct value texts are parsed once. Every
/// text reads exactly as GRDB reads it (`AuditScan.text`; a BLOB as its
/// UTF-8 text); a value GRDB could not read as text is a damaged file. A
/// value whose criterion or text the panel does not know is left out.
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

    /// The values in rows that satisfy `filter` (SQL after FROM, e.g.
    /// "WHERE bid = ?"), in the order of the table's key.
    mutating func memberValues(_ db: Database, filter: String = "", _ arguments: StatementArguments = []) throws -> [MemberValue] {
        var out: [MemberValue] = []
        if filter.isEmpty { out.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member_value") ?? 0) }
        try scan(db, filter: filter, arguments) { out.append($0) }
        return out
    }

    /// Every member's value recorded into a sheet as it is read, so the
    /// values are never held unpacked all at once.
    mutating func record(_ db: Database, into sheet: inout ScoreSheet) throws {
        sheet.reserveCapacity(memberValues: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member_value") ?? 0)
        try scan(db, filter: "", []) { sheet.record($0) }
    }

    private mutating func scan(_ db: Database, filter: String, _ arguments: StatementArguments,
                               _ each: (MemberValue) -> Void) throws {
        let statement = try db.cachedStatement(sql: """
            SELECT bid, criterion, principle, member, value, comment FROM member_value \(filter)
            ORDER BY bid, criterion, principle, member
            """)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let sqlite = statement.sqliteStatement
        while let row = try cursor.next() {
            func text(_ index: Int32) throws -> String {
                if let text = AuditScan.text(sqlite, index) ?? row.lenient(Self.columns[Int(index)], as: String.self) { return text }
                throw FileCheck.DamagedRows(db, table: "member_value")
            }
            let bid = try id(sqlite, 0, text), criterion = try id(sqlite, 1, text)
            let principle = try id(sqlite, 2, text), member = try id(sqlite, 3, text)
            guard let value = try value(sqlite, criterion: criterion, text) else { continue }
            each(MemberValue(slot: Slot(bid: bid, criterion: criterion, principle: principle.isEmpty ? nil : principle),
                             member: member, value: value, comment: try text(5)))
        }
    }

    private static let columns = ["bid", "criterion", "principle", "member", "value", "comment"]

    /// A column's text, made once for each distinct run of plain bytes.
    private mutating func id(_ sqlite: SQLiteStatement, _ index: Int32, _ text: (Int32) throws -> String) throws -> String {
        guard let bytes = Self.plainText(sqlite, index) else { return try text(index) }
        let number = Int(ids.number(bytes))
        if number == idTexts.count { idTexts.append(String(decoding: bytes, as: UTF8.self)) }
        return idTexts[number]
    }

    private mutating func value(_ sqlite: SQLiteStatement, criterion: String, _ text: (Int32) throws -> String) throws -> Value? {
        func parse(_ text: String) -> Value? {
            criteria[criterion].flatMap { try? ScoresCSV.parseValue(text, criterion: $0, panel: panel) }
        }
        guard let bytes = Self.plainText(sqlite, 4) else { return parse(try text(4)) }
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
