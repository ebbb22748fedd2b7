import BidpanelCore
import GRDB

/// Checks an evaluation file's tables before anything reads them. Anyone
/// with the sqlite3 shell can drop a column, store a BLOB where a name
/// belongs or set a PIN's round count to -1; GRDB's `row["col"]` traps on a
/// value of the wrong type, and PBKDF2 traps on a negative count. So every
/// column bidpanel reads is checked for its declared type and every stored
/// value for its storage class, and the numbers for being possible. A file
/// that fails is reported as damaged; nothing in it is changed.
///
/// The chain of audit rows (edited rows, rows removed from the end, a count
/// that no longer matches) is `audit`'s to name, row by row: only what would
/// stop bidpanel from reading the file is checked here.
enum FileCheck {
    struct Column {
        var name: String
        var type: String
        var nullable = false
    }

    /// Every column bidpanel reads, as Schema's migrations declare it. A
    /// new migration that adds a column bidpanel reads adds it here.
    static let tables: [(String, [Column])] = [
        ("panel_source", [.init(name: "id", type: "INTEGER"), .init(name: "path", type: "TEXT"),
                          .init(name: "toml", type: "TEXT"), .init(name: "frozen_at", type: "TEXT")]),
        ("answers_file", [.init(name: "path", type: "TEXT"), .init(name: "text", type: "TEXT")]),
        ("bid", [.init(name: "id", type: "TEXT"), .init(name: "position", type: "INTEGER"), .init(name: "bidder", type: "TEXT"),
                 .init(name: "price", type: "TEXT", nullable: true), .init(name: "answers_path", type: "TEXT", nullable: true),
                 .init(name: "supplier_id", type: "TEXT", nullable: true), .init(name: "address", type: "TEXT", nullable: true),
                 .init(name: "email", type: "TEXT", nullable: true)]),
        ("member", [.init(name: "id", type: "TEXT"), .init(name: "pin_hash", type: "BLOB", nullable: true),
                    .init(name: "pin_salt", type: "BLOB", nullable: true), .init(name: "pin_rounds", type: "INTEGER", nullable: true),
                    .init(name: "failed_tries", type: "INTEGER"), .init(name: "locked_until", type: "DOUBLE", nullable: true),
                    .init(name: "conflicts_declared_at", type: "TEXT", nullable: true)]),
        ("member_value", ["bid", "criterion", "principle", "member", "value", "comment", "source", "recorded_at"].map(text)),
        ("moderated_value", ["bid", "criterion", "principle", "value", "reason", "recorded_at"].map(text)),
        ("conflict", ["bid", "member", "reason", "declared_at"].map(text)),
        ("submission", ["bid", "member", "submitted_at"].map(text)),
        ("state", [.init(name: "id", type: "INTEGER"), .init(name: "signed_off_at", type: "TEXT", nullable: true),
                   .init(name: "audit_count", type: "INTEGER"), .init(name: "audit_head", type: "TEXT"),
                   .init(name: "witness", type: "TEXT", nullable: true)]),
        ("audit", [.init(name: "seq", type: "INTEGER")]
            + ["at", "actor", "action", "bid", "criterion", "principle", "member", "old_value", "new_value", "reason",
               "source", "prev_hash", "hash"].map(text) + [.init(name: "encoding", type: "INTEGER")]),
        ("seal_item", [.init(name: "seal_seq", type: "INTEGER"), .init(name: "position", type: "INTEGER"),
                       text("label"), text("value")]),
        ("pin_tries", [text("member"), text("channel"), .init(name: "failed", type: "INTEGER"),
                       .init(name: "locks", type: "INTEGER"), .init(name: "locked_until", type: "DOUBLE", nullable: true)]),
        ("pin_checks", [text("member"), text("channel"), .init(name: "pid", type: "INTEGER"),
                        .init(name: "started", type: "DOUBLE")]),
        ("bid_standing", ["bid", "standing", "reason", "recorded_at"].map(text)),
        ("added_member", ["id", "name", "role", "added_at"].map(text)),
        ("stage_sign_off", ["stage", "signed_off_at"].map(text)),
        ("shortlist_override", [text("stage"), text("bid"), .init(name: "goes_on", type: "INTEGER"), text("reason"),
                                text("recorded_at")]),
        ("lot_tie_decision", ["lot", "bid", "reason", "recorded_at"].map(text)),
    ]

    static func text(_ name: String) -> Column { Column(name: name, type: "TEXT") }

    static func damaged(_ path: String, _ problem: String) -> StoreError {
        StoreError("\(path) is damaged: \(problem). Restore it from a backup; nothing was changed")
    }

    /// A row met with a value of another storage class than its column
    /// should hold; `StoreError.wrap` names the file.
    struct DamagedRows: Error {
        var problem: String

        /// The problem in `table`, as `check` would name it.
        init(_ db: Database, table: String) {
            problem = (try? FileCheck.wrongTypes(db, table: table))
                ?? "a row of \(table) holds a value of a kind bidpanel does not write there"
        }
    }

    /// `wrongTypes` for one of `tables`.
    static func wrongTypes(_ db: Database, table: String) throws -> String? {
        try wrongTypes(db, table: table, columns: tables.first { $0.0 == table }?.1 ?? [])
    }

    /// Which column of `table` holds a value of a storage class it should
    /// not, and in how many rows, in words; nil when none does. One pass asks
    /// whether any row has one: a test per row, not an aggregate per column,
    /// which took twice as long on a grants round's 480k audit rows. Only a
    /// damaged table is read again, per column, to say how many.
    static func wrongTypes(_ db: Database, table: String, columns: [Column]) throws -> String? {
        let wrongs = columns.map { column in
            "typeof(\(column.name)) NOT IN (\(storageClasses(column).map { "'\($0)'" }.joined(separator: ", ")))"
        }
        let anyWrong = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(wrongs.joined(separator: " OR ")))") ?? false
        guard anyWrong else { return nil }
        let counts = wrongs.map { "sum(\($0))" }
        guard let wrong = try Row.fetchOne(db, sql: "SELECT \(counts.joined(separator: ", ")) FROM \(table)") else { return nil }
        for (index, column) in columns.enumerated() {
            let count = (wrong[index] as Int?) ?? 0 // sum() of no rows is NULL
            guard count > 0 else { continue }
            let kind = ["INTEGER": "a whole number", "DOUBLE": "a number", "BLOB": "binary data"][column.type] ?? "text"
            let what = column.nullable ? "\(kind) or nothing" : kind
            return "\(count) row\(count == 1 ? "" : "s") of \(table) hold\(count == 1 ? "s" : "") something other than \(what) in \(column.name)"
        }
        return nil
    }

    /// SQLite's storage classes a declared type may hold (REAL columns keep
    /// whole numbers as they are given).
    static func storageClasses(_ column: Column) -> [String] {
        let classes: [String] = switch column.type {
        case "INTEGER": ["integer"]
        case "DOUBLE": ["real", "integer"]
        case "BLOB": ["blob"]
        default: ["text"]
        }
        return column.nullable ? classes + ["null"] : classes
    }

    /// Throws a `StoreError` naming the first problem found. `now` is the
    /// store's clock, seconds since 1970: stored times are checked against it.
    /// `rowTypesReadLater`: tables whose every row the caller is about to
    /// read through `AuditScan`, which checks each row's types as it reads
    /// it (`DamagedRows`), so they are not read twice.
    static func check(_ db: Database, path: String, now: Double, rowTypesReadLater: Set<String> = []) throws {
        func damaged(_ problem: String) -> StoreError { Self.damaged(path, problem) }
        let existing = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        for (table, columns) in tables {
            guard existing.contains(table) else { throw damaged("the table \(table) is missing") }
            let declared = Dictionary(try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { row -> (String, String) in
                ((row["name"] as String?) ?? "", ((row["type"] as String?) ?? "").uppercased())
            }, uniquingKeysWith: { first, _ in first })
            for column in columns {
                guard let type = declared[column.name] else {
                    throw damaged("the column \(column.name) of the table \(table) is missing")
                }
                guard type == column.type else {
                    throw damaged("the column \(table).\(column.name) is declared \(type.isEmpty ? "with no type" : type), not \(column.type)")
                }
            }
            if rowTypesReadLater.contains(table) { continue }
            if let problem = try wrongTypes(db, table: table, columns: columns) { throw damaged(problem) }
        }
        for (sql, problem) in impossible + impossibleTimes(now: now) {
            if try Int.fetchOne(db, sql: sql) ?? 0 > 0 { throw damaged(problem) }
        }
        for price in try String.fetchAll(db, sql: "SELECT price FROM bid WHERE price IS NOT NULL") {
            if TextLimits.numberProblem(price) != nil || Exact(decimal: price) == nil {
                throw damaged("a bid's stored price \"\(SafeText.line(String(price.prefix(40))))\" is not a plain number")
            }
        }
    }

    /// Counts that no file bidpanel wrote can have.
    static let impossible: [(String, String)] = [
        ("SELECT count(*) != 1 FROM panel_source WHERE id = 1", "it has no frozen panel"),
        ("SELECT count(*) != 1 FROM state WHERE id = 1", "its state row (the audit count and head) is missing"),
        ("SELECT count(*) FROM state WHERE id != 1", "it has more than one state row"),
        ("SELECT count(*) FROM state WHERE audit_count < 0", "the audit count is negative"),
        ("SELECT count(*) FROM audit WHERE seq < 1", "an audit row has a number below 1"),
        ("SELECT count(*) - count(DISTINCT id) FROM bid", "two bids have the same id"),
        ("SELECT count(*) - count(DISTINCT position) FROM bid", "two bids have the same position"),
        ("SELECT count(*) FROM bid WHERE position < 0", "a bid has a negative position"),
        ("SELECT count(*) - count(DISTINCT id) FROM member", "two members have the same id"),
        ("SELECT count(*) - count(DISTINCT path) FROM answers_file", "two answers files have the same path"),
        ("SELECT count(*) FROM member WHERE failed_tries < 0 OR failed_tries > 1000000",
         "a member's count of wrong PINs is impossible"),
        ("""
         SELECT count(*) FROM member WHERE (pin_hash IS NULL) != (pin_salt IS NULL) OR (pin_hash IS NULL) != (pin_rounds IS NULL)
         """, "a member's PIN is stored only in part"),
        ("SELECT count(*) FROM member WHERE pin_rounds NOT BETWEEN \(PINHasher.allowedRounds.lowerBound) AND \(PINHasher.allowedRounds.upperBound)",
         "a member's PIN round count is impossible"),
        ("SELECT count(*) FROM member WHERE length(pin_hash) != 32 OR length(pin_salt) < 8", "a member's PIN hash is the wrong size"),
        ("SELECT count(*) FROM pin_tries WHERE failed NOT BETWEEN 0 AND 1000000 OR locks NOT BETWEEN 0 AND 1000000",
         "a member's count of wrong PINs or of locks is impossible"),
        ("SELECT count(*) FROM pin_tries WHERE channel NOT IN (\(SignInChannel.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")))",
         "a member's PIN tries name a place bidpanel does not know"),
        ("SELECT count(*) FROM pin_checks WHERE pid NOT BETWEEN 1 AND \(Int32.max)", "a PIN being checked names an impossible process"),
    ]

    /// How far ahead a stored time may be. A lock lasts at most
    /// `EvaluationStore.longestLock` (15 minutes) and a try is checked within
    /// a second, so a day leaves room for a clock put back by hand; anything
    /// later would keep a member locked out (or a try counted) for ever.
    static let furthestAhead: Double = 24 * 60 * 60

    /// Lock ends and check starts that no clock could have written: before
    /// 1970, more than a day from now, or infinite (SQLite keeps 1e999 as Inf).
    static func impossibleTimes(now: Double) -> [(String, String)] {
        let latest = now + furthestAhead
        return [
            ("SELECT count(*) FROM pin_tries WHERE locked_until NOT BETWEEN 0 AND \(latest)",
             "a member's PIN lock ends at an impossible time (before 1970 or more than a day from now)"),
            ("SELECT count(*) FROM pin_checks WHERE started NOT BETWEEN 0 AND \(latest)",
             "a PIN being checked started at an impossible time (before 1970 or more than a day from now)"),
        ]
    }
}
