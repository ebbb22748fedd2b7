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
    /// Each member value the log ends with, as a slot in `slotPairs`.
    private var values = PlaceTable()
    /// Each slot's value and comment, as their number in `pairs` (negated
    /// while `valueDifferences` marks the slots the table has).
    private var slotPairs: [Int32] = []
    /// Every value and comment recorded, by their bytes: the log repeats the
    /// same few values, and no String is kept for each.
    private var pairs = ByteInterner()
    /// The slot the table's next row is likely to have (`valueDifferences`).
    private var nextSlot = 0
    /// A member value's id with a space in it (only an edited file has one)
    /// would make two places print alike, so the plain comparison below,
    /// keyed by the printed place, decides instead (`compare` in `differences`).
    private var spaced = false

    /// `byPlace`: always compare member values keyed by their printed place
    /// (the plain way), as a file with a space in an id does; for tests.
    /// `expectedValues`: room to keep, so the table of values is not
    /// rebuilt as it grows (the file's audit count is an upper bound).
    init(byPlace: Bool = false, expectedValues: Int = 0) {
        spaced = byPlace
        let room = min(max(expectedValues, 0), 10_000_000)
        values = PlaceTable(capacity: room)
        slotPairs.reserveCapacity(room)
    }
    private var moderated: [String: String] = [:]
    private var conflicts: [String: String] = [:], submissions = Set<String>(), standings: [String: String] = [:]
    private var signedOff = false
    private var stagesSignedOff: [String: String] = [:], shortlistOverrides: [String: String] = [:]
    /// Lot id → "bid | reason" (`TieDecisions`).
    private var tieDecisions: [String: String] = [:]

    mutating func add(_ e: AuditEntry) {
        switch e.action {
        case "record":
            record(bid: e.bid.utf8, criterion: e.criterion.utf8, principle: e.principle.utf8, member: e.member.utf8,
                   value: e.newValue.utf8, reason: e.reason.utf8)
        case "moderate": moderated["\(e.bid) \(e.criterion) \(e.principle)"] = "\(e.newValue) | \(e.reason)"
        case "conflict" where !e.bid.isEmpty: conflicts["\(e.bid) \(e.member)"] = e.reason
        case "withdraw-conflict": conflicts["\(e.bid) \(e.member)"] = nil
        case "submit": submissions.insert("\(e.bid) \(e.member)")
        case "reopen-bid": submissions.remove("\(e.bid) \(e.member)")
        case "withdraw-bid", "disqualify-bid": standings[e.bid] = "\(e.newValue) | \(e.reason)"
        case "reinstate-bid": standings[e.bid] = nil
        case MemberSession.stageSignOffAction:
            // A stage's sign-off closes the stage's submissions (StageSignOff).
            stagesSignedOff[e.criterion] = ""
            submissions.removeAll()
        case MemberSession.shortlistAction:
            let key = "\(e.criterion) \(e.bid)"
            shortlistOverrides[key] = e.newValue.hasSuffix(MemberSession.asTheRuleSays) ? nil
                : "\(e.newValue.hasPrefix(MemberSession.onTheShortlist) ? 1 : 0) | \(e.reason)"
        case MemberSession.decideTieAction: tieDecisions[e.criterion] = "\(e.bid) | \(e.reason)"
        case MemberSession.undoTieAction: tieDecisions[e.criterion] = nil
        case "sign-off": signedOff = true
        case "reopen": signedOff = false
        default: break
        }
    }

    /// A "record" row read as bytes (`RawAuditRow.isAction("record")`):
    /// the same as `add(row.entry())`, without its Strings.
    mutating func addRecord(_ row: RawAuditRow) {
        record(bid: row.bid, criterion: row.criterion, principle: row.principle, member: row.member,
               value: row.newValue, reason: row.reason)
    }

    private mutating func record<Bytes: Collection<UInt8>>(bid: Bytes, criterion: Bytes, principle: Bytes, member: Bytes,
                                                            value: Bytes, reason: Bytes) {
        if !spaced, bid.contains(0x20) || criterion.contains(0x20) || principle.contains(0x20) || member.contains(0x20) {
            spaced = true
        }
        let key = ids.key(bid, criterion, principle, member), pair = pairs.number(value, reason)
        let (slot, added) = values.slot(adding: key)
        if added { slotPairs.append(pair) } else { slotPairs[slot] = pair }
    }

    /// A pair's value and comment as the Strings the log was read as.
    private func texts(ofPair pair: Int32) -> (value: String, reason: String) {
        let (value, reason) = pairs.parts(pair)
        return (String(decoding: value, as: UTF8.self), String(decoding: reason, as: UTF8.self))
    }

    static func differences(entries: [AuditEntry], db: Database) throws -> [String] {
        var replay = AuditReplay()
        for entry in entries { replay.add(entry) }
        return try replay.differences(db: db)
    }

    /// Every difference between the replayed log and the tables. `strict`:
    /// the file's member_value rows were not type-checked on opening, so a
    /// row of another type than bidpanel writes is a damaged file.
    mutating func differences(db: Database, strict: Bool = false) throws -> [String] {
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
            if strict, try FileCheck.wrongTypes(db, table: "member_value") != nil {
                throw FileCheck.DamagedRows(db, table: "member_value")
            }
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
        try compare("stage sign-off", logged: stagesSignedOff, sql: "SELECT * FROM stage_sign_off", key: { text($0, "stage") },
                    value: { _ in "" })
        try compare("shortlist override", logged: shortlistOverrides, sql: "SELECT * FROM shortlist_override",
                    key: { "\(text($0, "stage")) \(text($0, "bid"))" },
                    value: { "\(($0["goes_on"] as Int?) ?? -1) | \(text($0, "reason"))" })
        try compare("tie decision on lot", logged: tieDecisions, sql: "SELECT * FROM lot_tie_decision", key: { text($0, "lot") },
                    value: { "\(text($0, "bid")) | \(text($0, "reason"))" })
        let fileSignedOff = try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1") != nil
        if fileSignedOff != signedOff {
            problems.append("the file says the evaluation is \(fileSignedOff ? "" : "not ")signed off, but the audit log says it is \(signedOff ? "" : "not ")")
        }
        return problems
    }

    /// The logged member values keyed by their printed place, as `compare` takes them.
    private func loggedValues() -> [String: String] {
        var logged: [String: String] = [:]
        for (slot, key) in values.keys.enumerated() {
            let stored = texts(ofPair: slotPairs[slot])
            logged[ids.place(key)] = "\(stored.value) | \(stored.reason)"
        }
        return logged
    }

    /// The member values compared without building a printed place for each:
    /// the same findings, in the same words, as `compare` gives when no id has
    /// a space in it. False, with nothing added, when a row in the table has
    /// such an id or a value of another type than bidpanel writes, so that
    /// `compare` decides.
    private mutating func valueDifferences(db: Database, into problems: inout [String]) throws -> Bool {
        var ids = ids
        var found: [String] = []
        // The marks are taken off whatever the outcome, so the plain way sees the log's values.
        defer { for slot in slotPairs.indices where slotPairs[slot] < 0 { slotPairs[slot] = ~slotPairs[slot] } }
        nextSlot = 0
        // Source and time are not compared, only checked for being text.
        let statement = try db.cachedStatement(sql: "SELECT bid, criterion, principle, member, value, comment, source, recorded_at FROM member_value")
        let cursor = try Row.fetchCursor(statement)
        let sqlite = statement.sqliteStatement
        // A block the scan owns, and each column read through its value (type,
        // text and length for one call into the connection, as `RawAuditRow`
        // reads): this loop runs once per member value, half a million times.
        let texts = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: 6)
        defer { texts.deallocate() }
        func type(_ column: Int32) -> Int32 { sqlite3_column_value(sqlite, column).map(sqlite3_value_type) ?? SQLITE_NULL }
        while try cursor.next() != nil {
            guard type(6) == SQLITE_TEXT, type(7) == SQLITE_TEXT else { return false }
            var plain = true
            for column in 0..<6 {
                let value = sqlite3_column_value(sqlite, Int32(column))
                switch value.map(sqlite3_value_type) ?? SQLITE_NULL {
                case SQLITE_NULL: texts[column] = UnsafeBufferPointer(start: nil, count: 0)
                case SQLITE_TEXT:
                    let start = sqlite3_value_text(value)
                    texts[column] = UnsafeBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_value_bytes(value)))
                    if plain && !PlainText.isASCIIWithoutNUL(texts[column]) { plain = false }
                default: return false
                }
            }
            let compared: Bool
            if plain {
                compared = compare(texts[0], texts[1], texts[2], texts[3], value: texts[4], comment: texts[5], ids: &ids, into: &found)
            } else {
                // Other text is read as `AuditScan.text` reads it (up to a NUL, repaired).
                let strings = (Int32(0)..<6).map { AuditScan.text(sqlite, $0) ?? "" }
                compared = compare(strings[0].utf8, strings[1].utf8, strings[2].utf8, strings[3].utf8,
                                   value: strings[4].utf8, comment: strings[5].utf8, ids: &ids, into: &found)
            }
            if !compared { return false }
        }
        for (slot, key) in values.keys.enumerated() where slotPairs[slot] >= 0 {
            found.append("value \(ids.place(key)) is in the audit log but missing from the file")
        }
        problems += found
        return true
    }

    /// One row of the table against the log; false when an id has a space in it.
    private mutating func compare<Bytes: Collection<UInt8>>(_ bid: Bytes, _ criterion: Bytes, _ principle: Bytes, _ member: Bytes,
                                                             value: Bytes, comment: Bytes, ids: inout Interned,
                                                             into found: inout [String]) -> Bool {
        if bid.contains(0x20) || criterion.contains(0x20) || principle.contains(0x20) || member.contains(0x20) { return false }
        let key = ids.key(bid, criterion, principle, member)
        // A place the table has twice (two spellings of one id) is in the log once.
        guard let slot = values.slot(of: key, guess: nextSlot), slotPairs[slot] >= 0 else {
            found.append("value \(ids.place(key)) is in the file but not in the audit log")
            return true
        }
        let pair = slotPairs[slot]
        slotPairs[slot] = ~pair
        nextSlot = slot + 1
        if pairs.find(value, comment) == pair { return true }
        let logged = texts(ofPair: pair)
        let inFile = (value: String(decoding: value, as: UTF8.self), reason: String(decoding: comment, as: UTF8.self))
        // The printed forms are compared, as `compare` does, when the parts differ.
        if logged != inFile && "\(inFile.value) | \(inFile.reason)" != "\(logged.value) | \(logged.reason)" {
            found.append("value \(ids.place(key)) is \"\(inFile.value) | \(inFile.reason)\" in the file but the audit log says \"\(logged.value) | \(logged.reason)\"")
        }
        return true
    }

    /// Each distinct id as a number, and back. Two ids are one when Swift's
    /// String equality says so; each spelling's bytes are remembered, so
    /// only the first sight of a spelling builds a String.
    struct Interned {
        private var table = Table()

        struct Table {
            private var numbers: [String: Int32] = [:]
            private(set) var texts: [String] = []
            /// Every spelling seen, by its bytes, and the number of its id.
            private var spellings = ByteInterner()
            private var numberOfSpelling: [Int32] = []

            mutating func number(_ text: String) -> Int32 {
                if let number = numbers[text] { return number }
                let number = Int32(texts.count)
                numbers[text] = number
                texts.append(text)
                return number
            }

            mutating func number<Bytes: Collection<UInt8>>(utf8 bytes: Bytes) -> Int32 {
                let spelling = Int(spellings.number(bytes))
                if spelling == numberOfSpelling.count {
                    numberOfSpelling.append(number(String(decoding: bytes, as: UTF8.self)))
                }
                return numberOfSpelling[spelling]
            }
        }

        /// The last id seen in each of a key's four places. The log and the
        /// table list a bid's values together, so most ids repeat the one
        /// before: comparing with it is cheaper than looking it up again.
        private var lastBid = Recent(), lastCriterion = Recent(), lastPrinciple = Recent(), lastMember = Recent()

        struct Recent {
            var bytes: [UInt8] = []
            var number: Int32 = -1
        }

        private static func number<Bytes: Collection<UInt8>>(_ bytes: Bytes, after recent: inout Recent,
                                                              in table: inout Table) -> Int32 {
            if recent.number >= 0, Self.equal(recent.bytes, bytes) { return recent.number }
            recent.number = table.number(utf8: bytes)
            recent.bytes.removeAll(keepingCapacity: true)
            recent.bytes.append(contentsOf: bytes)
            return recent.number
        }

        private static func equal<Bytes: Collection<UInt8>>(_ kept: [UInt8], _ bytes: Bytes) -> Bool {
            let contiguous = bytes.withContiguousStorageIfAvailable { bytes in
                kept.withUnsafeBufferPointer { PlainText.equal($0, bytes) }
            }
            return contiguous ?? kept.elementsEqual(bytes)
        }

        mutating func key<Bytes: Collection<UInt8>>(_ bid: Bytes, _ criterion: Bytes, _ principle: Bytes, _ member: Bytes) -> ValueKey {
            ValueKey(bid: Self.number(bid, after: &lastBid, in: &table),
                     criterion: Self.number(criterion, after: &lastCriterion, in: &table),
                     principle: Self.number(principle, after: &lastPrinciple, in: &table),
                     member: Self.number(member, after: &lastMember, in: &table))
        }

        mutating func key(_ bid: String, _ criterion: String, _ principle: String, _ member: String) -> ValueKey {
            key(bid.utf8, criterion.utf8, principle.utf8, member.utf8)
        }

        /// "B2 experience  zoe", as the replay names a member value.
        func place(_ key: ValueKey) -> String {
            let texts = table.texts
            return "\(texts[Int(key.bid)]) \(texts[Int(key.criterion)]) \(texts[Int(key.principle)]) \(texts[Int(key.member)])"
        }
    }
}
