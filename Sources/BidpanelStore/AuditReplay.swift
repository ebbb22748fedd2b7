import GRDB

/// Replays the audit log and compares the result with the tables, so a
/// value changed directly in the file (without a log row) is caught even
/// when the chain itself is intact.
enum AuditReplay {
    static func differences(entries: [AuditEntry], db: Database) throws -> [String] {
        var values: [String: String] = [:], moderated: [String: String] = [:]
        var conflicts: [String: String] = [:], submissions = Set<String>(), standings: [String: String] = [:]
        var signedOff = false
        for e in entries {
            switch e.action {
            case "record": values["\(e.bid) \(e.criterion) \(e.principle) \(e.member)"] = "\(e.newValue) | \(e.reason)"
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
        try compare("value", logged: values, sql: "SELECT * FROM member_value",
                    key: { "\(text($0, "bid")) \(text($0, "criterion")) \(text($0, "principle")) \(text($0, "member"))" },
                    value: { "\(text($0, "value")) | \(text($0, "comment"))" })
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
}
