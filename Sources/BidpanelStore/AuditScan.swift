import Foundation
import GRDB
import GRDBSQLite

/// Reads audit rows one at a time, straight from SQLite's column buffers by
/// position: the log is read whole on every check (hundreds of thousands of
/// rows in a grants round), and looking each column up by name through
/// GRDB's `Row` cost more than hashing it.
///
/// Each text is read exactly as GRDB reads it (`String(cString:)`: up to a
/// NUL byte, invalid UTF-8 repaired), so every hash is taken over the same
/// bytes as before. A row with a value of another type than bidpanel writes
/// (only an edited file has one) is read through GRDB's `Row`, as before,
/// when GRDB can read it as text (a BLOB); otherwise, or whenever the caller
/// passes `strict` (its file's rows were not type-checked on opening, see
/// `EvaluationStore.open`), it throws `FileCheck.DamagedRows`.
enum AuditScan {
    static let columns = "seq, at, actor, action, bid, criterion, principle, member, old_value, new_value, reason, source, prev_hash, hash, encoding"

    /// Calls `body` with each row whose columns satisfy `condition` (an SQL
    /// expression), in order of `seq`.
    static func forEach(in db: Database, where condition: String = "1", strict: Bool = false,
                        _ body: (AuditEntry) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM audit WHERE \(condition) ORDER BY seq")
        let cursor = try Row.fetchCursor(statement)
        let sqlite = statement.sqliteStatement
        while let row = try cursor.next() {
            try body(entry(sqlite) ?? oddlyTyped(row, strict: strict, db))
        }
    }

    /// Like `forEach`, but a row of plain text (every column of the type
    /// bidpanel writes, every text ASCII without a NUL, as every row bidpanel
    /// writes is unless a person typed other characters) is given as its
    /// bytes, straight from SQLite, to `bytes`; any other row is read as
    /// `forEach` reads it and given to `entry`. A row's bytes are exactly the
    /// UTF-8 of the Strings `forEach` would read, so either path gives the
    /// same hashes and findings.
    static func forEachRow(in db: Database, where condition: String = "1", strict: Bool = false,
                           bytes: (RawAuditRow) throws -> Void, entry body: (AuditEntry) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM audit WHERE \(condition) ORDER BY seq")
        let cursor = try Row.fetchCursor(statement)
        let sqlite = statement.sqliteStatement
        let texts = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: 13)
        defer { texts.deallocate() }
        var row = RawAuditRow(texts: texts)
        while let grdbRow = try cursor.next() {
            if row.read(sqlite) {
                try bytes(row)
            } else {
                try body(entry(sqlite) ?? oddlyTyped(grdbRow, strict: strict, db))
            }
        }
    }

    /// An SQL condition that keeps every row whose action, as read here, is
    /// one of `actions`: the action itself, or it followed by a NUL byte and
    /// anything (read only up to the NUL). Each is a range of the index on
    /// `action`, so the rest of the log is never read. The caller still
    /// checks the action it reads. The ranges are joined as a subquery of
    /// seqs: joined by OR beside `ORDER BY seq`, SQLite chose to scan the
    /// whole log instead (480k rows, 0.18 s of the report in a grants round).
    static func actions(_ actions: [String]) -> String {
        let ranges = actions.map { "SELECT seq FROM audit WHERE action >= '\($0)' AND action < '\($0)' || char(1)" }
        return "seq IN (\(ranges.joined(separator: " UNION ALL ")))"
    }

    /// The row the statement is on, or nil when a column holds another type
    /// than bidpanel writes there.
    private static func entry(_ sqlite: SQLiteStatement) -> AuditEntry? {
        guard sqlite3_column_type(sqlite, 0) == SQLITE_INTEGER, sqlite3_column_type(sqlite, 14) == SQLITE_INTEGER,
              let at = text(sqlite, 1), let actor = text(sqlite, 2), let action = text(sqlite, 3),
              let bid = text(sqlite, 4), let criterion = text(sqlite, 5), let principle = text(sqlite, 6),
              let member = text(sqlite, 7), let oldValue = text(sqlite, 8), let newValue = text(sqlite, 9),
              let reason = text(sqlite, 10), let source = text(sqlite, 11), let prevHash = text(sqlite, 12),
              let hash = text(sqlite, 13) else { return nil }
        return AuditEntry(seq: Int(sqlite3_column_int64(sqlite, 0)), at: at, actor: actor, action: action, bid: bid,
                          criterion: criterion, principle: principle, member: member, oldValue: oldValue,
                          newValue: newValue, reason: reason, source: source, prevHash: prevHash, hash: hash,
                          encoding: Int(sqlite3_column_int64(sqlite, 14)))
    }

    /// A row with a value of another type than bidpanel writes, as bidpanel
    /// has always read it (a BLOB as its UTF-8 text); a row GRDB cannot read
    /// that way, or any such row when `strict`, is a damaged file.
    private static func oddlyTyped(_ row: Row, strict: Bool, _ db: Database) throws -> AuditEntry {
        func text(_ column: String) throws -> String {
            guard let text = row.lenient(column, as: String.self) else { throw FileCheck.DamagedRows(db, table: "audit") }
            return text
        }
        guard !strict, let seq = row.lenient("seq", as: Int.self) else { throw FileCheck.DamagedRows(db, table: "audit") }
        return AuditEntry(seq: seq, at: try text("at"), actor: try text("actor"), action: try text("action"),
                          bid: try text("bid"), criterion: try text("criterion"), principle: try text("principle"),
                          member: try text("member"), oldValue: try text("old_value"), newValue: try text("new_value"),
                          reason: try text("reason"), source: try text("source"), prevHash: try text("prev_hash"),
                          hash: try text("hash"),
                          // 0, an encoding no bidpanel wrote, when the column was edited to something else
                          encoding: row.lenient("encoding", as: Int.self) ?? 0)
    }

    /// A TEXT column as GRDB decodes it; nil for any other type.
    static func text(_ sqlite: SQLiteStatement, _ index: Int32) -> String? {
        guard sqlite3_column_type(sqlite, index) == SQLITE_TEXT else { return nil }
        guard let start = sqlite3_column_text(sqlite, index) else { return "" }
        let bytes = UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(sqlite, index)))
        // String(cString:) stops at the first NUL; both repair invalid UTF-8 alike.
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
    }
}

/// One audit row's columns as SQLite holds them, valid until the next row
/// is read: only a row whose every text is ASCII without a NUL, so that its
/// bytes are exactly the UTF-8 of the Strings `AuditScan.forEach` reads.
struct RawAuditRow {
    var seq = 0
    var encoding = 0
    /// at, actor, action, bid, criterion, principle, member, old value, new
    /// value, reason, source, previous hash, hash: columns 1 to 13, in a
    /// block the scan owns (no reference counted per row).
    let texts: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>

    init(texts: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>) { self.texts = texts }

    var at: UnsafeBufferPointer<UInt8> { texts[0] }
    var actor: UnsafeBufferPointer<UInt8> { texts[1] }
    var action: UnsafeBufferPointer<UInt8> { texts[2] }
    var bid: UnsafeBufferPointer<UInt8> { texts[3] }
    var criterion: UnsafeBufferPointer<UInt8> { texts[4] }
    var principle: UnsafeBufferPointer<UInt8> { texts[5] }
    var member: UnsafeBufferPointer<UInt8> { texts[6] }
    var newValue: UnsafeBufferPointer<UInt8> { texts[8] }
    var reason: UnsafeBufferPointer<UInt8> { texts[9] }
    var prevHash: UnsafeBufferPointer<UInt8> { texts[11] }
    var hash: UnsafeBufferPointer<UInt8> { texts[12] }

    /// Reads the row the statement is on; false when it is not plain text.
    /// Each column is read through its value (`sqlite3_column_value`) so
    /// that its type, text and length cost one call into the connection,
    /// not three; GRDB gives this code the connection alone meanwhile.
    mutating func read(_ sqlite: SQLiteStatement) -> Bool {
        guard let first = sqlite3_column_value(sqlite, 0), sqlite3_value_type(first) == SQLITE_INTEGER,
              let last = sqlite3_column_value(sqlite, 14), sqlite3_value_type(last) == SQLITE_INTEGER else {
            return false
        }
        for index in 0..<13 {
            guard let value = sqlite3_column_value(sqlite, Int32(index + 1)), sqlite3_value_type(value) == SQLITE_TEXT else {
                return false
            }
            let start = sqlite3_value_text(value)
            let text = UnsafeBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_value_bytes(value)))
            guard PlainText.isASCIIWithoutNUL(text) else { return false }
            texts[index] = text
        }
        seq = Int(sqlite3_value_int64(first))
        encoding = Int(sqlite3_value_int64(last))
        return true
    }

    /// Whether the action is `action`, as String equality says for ASCII.
    func isAction(_ name: StaticString) -> Bool {
        PlainText.equal(action, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// The row as `AuditScan.forEach` reads it.
    func entry() -> AuditEntry {
        func text(_ index: Int) -> String { String(decoding: texts[index], as: UTF8.self) }
        return AuditEntry(seq: seq, at: text(0), actor: text(1), action: text(2), bid: text(3), criterion: text(4),
                          principle: text(5), member: text(6), oldValue: text(7), newValue: text(8), reason: text(9),
                          source: text(10), prevHash: text(11), hash: text(12), encoding: encoding)
    }
}

/// Byte tests that stand in for String operations on plain text.
enum PlainText {
    /// Whether every byte is ASCII and none is NUL, eight bytes at a time.
    static func isASCIIWithoutNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // A high bit set, or a zero byte (the classic has-zero-byte test).
            if word & high != 0 || (word &- ones) & ~word & high != 0 { return false }
            offset += 8
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == 0 || byte >= 0x80 { return false }
            offset += 1
        }
        return true
    }

    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0 else { return true }
        return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }
}
