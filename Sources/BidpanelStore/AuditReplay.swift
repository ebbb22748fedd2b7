import GRDB
import GRDBSQLite

/// Replays the audit log and compares the result with the tables, so a
/// value changed directly in the file (without a log row) is caught even
/// when the chain itself is intact. Fed one entry at a time (`add`), so the
/// log is read once for the chain, the PINs and the replay together.
struct AuditReplay {
    /// A member value's place. Its four ids, interned: the log repeats the
    /// same few bids, criteria and members hundreds of thousands of times.
    struct ValueKey: Hashable {
        var bid: Int32, criterion: Int32, principle: Int32, member: Int32
    }

    private var ids = Interned()
    /// The member values the log ends with, each as value and comment.
    private var values: [ValueKey: (value: String, reason: String)] = [:]
    /// A member value's id with a space in it (only an edited file has one)
    /// would make two places print alike, so the plain comparison below,
    /// keyed by the printed place, decides instead (`exactDifferences`).
    private var spaced = false

    /// `byPlace`: always compare member values keyed by their printed place
    /// (the plain way), as a file with a space in an id does; for tests.
    /// `expectedValues`: room to keep, so the table of values is not
    /// rebuilt as it grows (the file's audit count is an upper bound).
    init(byPlace: Bool = false, expectedValues: Int = 0) {
        spaced = byPlace
        values.reserveCapacity(min(max(expectedValues, 0), 10_000_000))
    }
    private var moderated: [String: String] = [:]
    private var conflicts: [String: String] = [:], submissions = Set<String>(), standings: [String: String] = [:]
    private var signedOff = false

    mutating func add(_ e: AuditEntry) {
        switch e.action {
        case "record":
            if [e.bid, e.criterion, e.principle, e.member].contains(where: { $0.utf8.contains(0x20) }) { spaced = true }
            values[ids.key(e.bid, e.criterion, e.principle, e.member)] = (e.newValue, e.reason)
        case "moderate": moderated["\(e.bid) \(e.criterion) \(e.principle)"] = "\(e.newValue) | \(e.reason)"
        case "conflict" where !e.bid.isEmpty: conflicts["\(e.bid) \(e.member)"] = e.reason
        case "withdraw-conflict": conflicts["\(e.bid) \(e.member)"] = nil
        case "submit": submissions.insert("\(e.bid) \(e.member)")
        case "reopen-bid": submissions.remove("\(e.bid) \(e.member)")
        case "withdraw-bid", "disqualify-bid": standings[e.bid] = "\(e.newValue) | \(e.reason)"
        case "reinstate-bid": standings[e.bid] = nil
        case "sign-off": signedOff = true
        case "reopen": signedOff = false
        default: break
        }
    }

    static func differences(entries: [AuditEntry], db: Database) throws -> [String] {
        var replay = AuditReplay()
        for entry in entries { replay.add(entry) }
        return try replay.differences(db: db)
    }

    /// Every difference between the replayed log and the tables.
    func differences(db: Database) throws -> [String] {
        var problems: [String] = []
        func compare(_ what: String, logged: [String: String], sql: String, key: (Row) -> String, value: (Row) -> String) throws {
            var inFile: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: sql) { inFile[key(row)] = value(row) }
            for (k, v) in inFile where logged[k] != v {
                problems.append(logged[k] == nil
                    ? "\(what) \(k) is in the file but not in the audit log"
                    : "\(what) \(k) is \"\(v)\" in the file but the audit log says \"\(logged[k]!)\"")
            }
            for k in logged.keys where inFile[k] == nil {
                problems.append("\(what) \(k) is in the audit log but missing from the file")
            }
        }
        func text(_ row: Row, _ column: String) -> String { row[column] ?? "" }
        let valueKey = { (row: Row) in "\(text(row, "bid")) \(text(row, "criterion")) \(text(row, "principle")) \(text(row, "member"))" }
        let valueText = { (row: Row) in "\(text(row, "value")) | \(text(row, "comment"))" }
        if try spaced || !valueDifferences(db: db, into: &problems) {
            try compare("value", logged: loggedValues(), sql: "SELECT * FROM member_value", key: valueKey, value: valueText)
        }
        try compare("moderated value", logged: moderated, sql: "SELECT * FROM moderated_value",
                    key: { "\(text($0, "bid")) \(text($0, "criterion")) \(text($0, "principle"))" },
                    value: { "\(text($0, "value")) | \(text($0, "reason"))" })
        try compare("conflict", logged: conflicts, sql: "SELECT * FROM conflict",
                    key: { "\(text($0, "bid")) \(text($0, "member"))" }, value: { text($0, "reason") })
        try compare("submission", logged: Dictionary(uniqueKeysWithValues: submissions.map { ($0, "") }),
                    sql: "SELECT * FROM submission", key: { "\(text($0, "bid")) \(text($0, "member"))" }, value: { _ in "" })
        try compare("bid standing", logged: standings, sql: "SELECT * FROM bid_standing", key: { text($0, "bid") },
                    value: { "\(text($0, "standing")) | \(text($0, "reason"))" })
        let fileSignedOff = try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1") != nil
        if fileSignedOff != signedOff {
            problems.append("the file says the evaluation is \(fileSignedOff ? "" : "not ")signed off, but the audit log says it is \(signedOff ? "" : "not ")")
        }
        return problems
    }

    /// The logged member values keyed by their printed place, as `compare` takes them.
    private func loggedValues() -> [String: String] {
        var logged: [String: String] = [:]
        for (key, stored) in values { logged[ids.place(key)] = "\(stored.value) | \(stored.reason)" }
        return logged
    }

    /// The member values compared without building a printed place for each:
    /// the same findings, in the same words, as `compare` gives when no id has
    /// a space in it. False, with nothing added, when a row in the table has
    /// such an id or a value of another type than bidpanel writes, so that
    /// `compare` decides.
    private func valueDifferences(db: Database, into problems: inout [String]) throws -> Bool {
        var remaining = values, ids = ids
        var found: [String] = []
        let statement = try db.cachedStatement(sql: "SELECT bid, criterion, principle, member, value, comment FROM member_value")
        let cursor = try Row.fetchCursor(statement)
        let sqlite = statement.sqliteStatement
        while try cursor.next() != nil {
            var texts: [String] = []
            for column in Int32(0)..<6 {
                switch sqlite3_column_type(sqlite, column) {
                case SQLITE_NULL: texts.append("")
                case SQLITE_TEXT: texts.append(AuditScan.text(sqlite, column) ?? "")
                default: return false
                }
            }
            if texts[0..<4].contains(where: { $0.utf8.contains(0x20) }) { return false }
            let key = ids.key(texts[0], texts[1], texts[2], texts[3])
            let inFile = (value: texts[4], reason: texts[5])
            guard let logged = remaining.removeValue(forKey: key) else {
                found.append("value \(ids.place(key)) is in the file but not in the audit log")
                continue
            }
            // The printed forms are compared, as `compare` does, when the parts differ.
            if logged != inFile && "\(inFile.value) | \(inFile.reason)" != "\(logged.value) | \(logged.reason)" {
                found.append("value \(ids.place(key)) is \"\(inFile.value) | \(inFile.reason)\" in the file but the audit log says \"\(logged.value) | \(logged.reason)\"")
            }
        }
        for key in remaining.keys { found.append("value \(ids.place(key)) is in the audit log but missing from the file") }
        problems += found
        return true
    }

    /// Each distinct id as a number, and back.
    struct Interned {
        private var numbers: [String: Int32] = [:]
        private var texts: [String] = []

        mutating func number(_ text: String) -> Int32 {
            if let number = numbers[text] { return number }
            let number = Int32(texts.count)
            numbers[text] = number
            texts.append(text)
            return number
        }

        /// The last id seen in each of a key's four places. The log and the
        /// table list a bid's values together, so most ids repeat the one
        /// before: comparing with it is cheaper than hashing it again.
        private var lastBid = Recent(), lastCriterion = Recent(), lastPrinciple = Recent(), lastMember = Recent()

        struct Recent {
            var text: String? = nil
            var number: Int32 = 0
        }

        private mutating func number(_ text: String, after recent: Recent) -> Recent {
            if recent.text == text { return recent }
            return Recent(text: text, number: number(text))
        }

        mutating func key(_ bid: String, _ criterion: String, _ principle: String, _ member: String) -> ValueKey {
            lastBid = number(bid, after: lastBid)
            lastCriterion = number(criterion, after: lastCriterion)
            lastPrinciple = number(principle, after: lastPrinciple)
            lastMember = number(member, after: lastMember)
            return ValueKey(bid: lastBid.number, criterion: lastCriterion.number,
                            principle: lastPrinciple.number, member: lastMember.number)
        }

        /// "B2 experience  zoe", as the replay names a member value.
        func place(_ key: ValueKey) -> String {
            "\(texts[Int(key.bid)]) \(texts[Int(key.criterion)]) \(texts[Int(key.principle)]) \(texts[Int(key.member)])"
        }
    }
}
