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
/// (only an edited file has one) is read through GRDB's `Row`, as before.
enum AuditScan {
    static let columns = "seq, at, actor, action, bid, criterion, principle, member, old_value, new_value, reason, source, prev_hash, hash, encoding"

    /// Calls `body` with each row whose columns satisfy `condition` (an SQL
    /// expression), in order of `seq`.
    static func forEach(in db: Database, where condition: String = "1", _ body: (AuditEntry) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM audit WHERE \(condition) ORDER BY seq")
        let cursor = try Row.fetchCursor(statement)
        let sqlite = statement.sqliteStatement
        while let row = try cursor.next() {
            try body(entry(sqlite) ?? entry(row))
        }
    }

    /// An SQL condition that keeps every row whose action, as read here, is
    /// one of `actions`: the action itself, or it followed by a NUL byte and
    /// anything (read only up to the NUL). Each is a range of the index on
    /// `action`, so the rest of the log is never read. The caller still
    /// checks the action it reads.
    static func actions(_ actions: [String]) -> String {
        actions.map { "(action >= '\($0)' AND action < '\($0)' || char(1))" }.joined(separator: " OR ")
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

    /// A TEXT column as GRDB decodes it; nil for any other type.
    static func text(_ sqlite: SQLiteStatement, _ index: Int32) -> String? {
        guard sqlite3_column_type(sqlite, index) == SQLITE_TEXT else { return nil }
        guard let start = sqlite3_column_text(sqlite, index) else { return "" }
        let bytes = UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(sqlite, index)))
        // String(cString:) stops at the first NUL; both repair invalid UTF-8 alike.
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
    }

    /// The row as bidpanel has always read it, for a row with odd types.
    private static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], bid: row["bid"],
                   criterion: row["criterion"], principle: row["principle"], member: row["member"],
                   oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"],
                   source: row["source"], prevHash: row["prev_hash"], hash: row["hash"],
                   // 0, an encoding no bidpanel wrote, when the column was edited to something else
                   encoding: row.lenient("encoding", as: Int.self) ?? 0)
    }
}
