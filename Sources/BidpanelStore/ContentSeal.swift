import BidpanelCore
import Foundation
import GRDB

/// One thing the seal covers, as `audit` names it: "bid B2's price" and its
/// value then. Long texts (the panel, answers) are kept as their SHA-256.
struct SealItem: Sendable, Equatable {
    var label: String
    var value: String
}

/// What the seal found when the file was checked.
struct SealCheck: Sendable {
    /// Everything that differs from what was sealed, in words.
    var problems: [String] = []
    /// Not problems, but worth saying (a file sealed on upgrade, not when made).
    var notes: [String] = []
    /// Each member's role as sealed, when the seal can still be trusted to
    /// say; nil when it cannot, and then nobody may act as chair.
    var sealedRoles: [String: Role]? = [:]
}

/// Seals what decides the result: the panel text (criteria, weights,
/// formulas, roles), every bid (bidder, price, answers, contact details), the
/// answers texts, the members and the witness file. The first audit entry of
/// a new file ("create") ends with the SHA-256 of these items in the
/// canonical encoding; the items themselves are kept in `seal_item` so a
/// difference can be named. None of them changes after `init`, so any
/// difference is a change made outside bidpanel; the one exception, a
/// member the chair adds later, amends the seal by its own audit entry
/// (`MemberAdmin`).
enum ContentSeal {
    static let tag = "bidpanel-seal-1"

    // MARK: - What is sealed

    /// The items as the file holds them now. `roles` are the members' roles
    /// from the stored panel text, when the caller has already parsed it.
    static func items(in db: Database, roles: [String: Role]? = nil, lots: LotSeal? = nil) throws -> [SealItem] {
        var items: [SealItem] = []
        func add(_ label: String, _ value: String) { items.append(SealItem(label: label, value: value)) }
        let source = try Row.fetchOne(db, sql: "SELECT path, toml FROM panel_source WHERE id = 1")
        let toml = source?.lenient("toml", as: String.self)
        add("the stored panel file's name", source?.lenient("path", as: String.self) ?? "none")
        add("the stored panel text", toml.map(digest) ?? "none")
        let state = try Row.fetchOne(db, sql: "SELECT witness FROM state WHERE id = 1")
        add("the witness file", state?.lenient("witness", as: String.self) ?? "none")
        let answers = try Row.fetchAll(db, sql: "SELECT path, text FROM answers_file ORDER BY path")
        for row in answers {
            add("the text of the answers file \(row.lenient("path", as: String.self) ?? "none")",
                row.lenient("text", as: String.self).map(digest) ?? "none")
        }
        // Roles (and lots) as the stored text gives them, parsed once, unless the caller has them.
        let parsed = roles == nil ? try panelFacts(toml: toml, path: source?.lenient("path", as: String.self) ?? "", answers: answers) : nil
        let roles = roles ?? parsed!.roles
        let lots = lots ?? parsed?.lots ?? LotSeal()
        for row in try Row.fetchAll(db, sql: "SELECT * FROM bid ORDER BY position, id") {
            let id = row.lenient("id", as: String.self) ?? "none"
            func text(_ column: String) -> String { row.lenient(column, as: String.self) ?? "none" }
            add("bid \(id)'s position", row.lenient("position", as: Int.self).map(String.init) ?? "none")
            add("bid \(id)'s bidder", text("bidder"))
            add("bid \(id)'s price", text("price"))
            add("bid \(id)'s answers file", text("answers_path"))
            add("bid \(id)'s supplier id", text("supplier_id"))
            add("bid \(id)'s address", text("address"))
            add("bid \(id)'s e-mail", text("email"))
            if lots.held { add("bid \(id)'s lot", lots.lotOfBid[id] ?? "none") }
        }
        items += lots.items
        let rows = Set(try Row.fetchAll(db, sql: "SELECT id FROM member").compactMap { $0.lenient("id", as: String.self) })
        for id in rows.union(roles.keys).sorted() {
            let role = roles[id].map(\.rawValue) ?? "not in the panel"
            add("member \(id)'s role", rows.contains(id) ? role : role + " (no row in the member table)")
        }
        return items
    }

    /// Roles and lots as the stored panel text gives them; none if it no longer loads.
    static func panelFacts(toml: String?, path: String, answers: [Row]) throws -> (roles: [String: Role], lots: LotSeal) {
        guard let toml else { return ([:], LotSeal()) }
        let texts = Dictionary(answers.compactMap { row -> (String, String)? in
            guard let path = row.lenient("path", as: String.self), let text = row.lenient("text", as: String.self) else { return nil }
            return (path, text)
        }, uniquingKeysWith: { $1 })
        guard let panel = try? PanelFile.parse(text: toml, file: path, readFile: { texts[$0] }).panel else { return ([:], LotSeal()) }
        return (roles(of: panel), LotSeal(panel))
    }

    static func roles(of panel: Panel) -> [String: Role] {
        Dictionary(panel.members.map { ($0.id, $0.role) }, uniquingKeysWith: { first, _ in first })
    }

    static func digest(_ text: String) -> String { "sha256:" + CanonicalEncoding.sha256(text) }

    /// The seal itself: SHA-256 over every label and value, in order.
    static func digest(of items: [SealItem]) -> String {
        CanonicalEncoding.sha256(tag: tag, fields: items.flatMap { [$0.label, $0.value] })
    }

    // MARK: - Writing a seal

    /// Appends the sealing entry and keeps its items, inside the caller's
    /// write transaction. `describe` gets the digest and writes the entry.
    static func seal(in db: Database, roles: [String: Role]? = nil, lots: LotSeal? = nil,
                     entry describe: (_ digest: String, _ items: [SealItem]) -> AuditLog.Change, at time: String) throws {
        let items = try items(in: db, roles: roles, lots: lots)
        let entry = try AuditLog.append(describe(digest(of: items), items), at: time, in: db)
        for (position, item) in items.enumerated() {
            try db.execute(sql: "INSERT INTO seal_item (seal_seq, position, label, value) VALUES (?, ?, ?, ?)",
                           arguments: [entry.seq, position, item.label, item.value])
        }
    }

    /// A file made by an older bidpanel has no seal: seal what it holds now,
    /// once, and say so in the log. Safe when two processes upgrade at once.
    static func sealOnUpgrade(in db: Database, at time: String) throws {
        guard try sealingEntries(in: db).isEmpty else { return }
        try seal(in: db, entry: { digest, items in
            let bids = items.filter { $0.label.hasSuffix("'s bidder") }.count
            let members = items.filter { $0.label.hasSuffix("'s role") }.count
            return AuditLog.Change(
                actor: "system", action: "seal",
                newValue: "Sealed by bidpanel \(BidpanelVersion.current) on upgrade: the panel text, \(bids) bids with their answers, and \(members) members with their roles, sha256:\(digest)",
                reason: "made by an older bidpanel, which did not seal the file when it was made; this seals it as it is now",
                source: "command")
        }, at: time)
    }

    // MARK: - Checking

    /// Entries that hold a seal: the "create" entry of a file made by this
    /// bidpanel, or the "seal" entry an upgrade appended. Only the first counts.
    static func sealingEntries(in db: Database) throws -> [AuditEntry] {
        try AuditLog.entries(in: db, where: "action = 'seal' OR (action = 'create' AND encoding >= 2)")
            .filter { sealedDigest(in: $0) != nil }
    }

    /// The 64 hex digits at the end of a sealing entry's new value.
    static func sealedDigest(in entry: AuditEntry) -> String? {
        guard let match = entry.newValue.firstMatch(of: /sha256:([0-9a-f]{64})$/) else { return nil }
        return String(match.1)
    }

    static func storedItems(seq: Int, in db: Database) throws -> [SealItem] {
        try Row.fetchAll(db, sql: "SELECT label, value FROM seal_item WHERE seal_seq = ? ORDER BY position", arguments: [seq])
            .map { SealItem(label: $0.lenient("label") ?? "", value: $0.lenient("value") ?? "") }
    }

    static func check(in db: Database, roles: [String: Role]? = nil, lots: LotSeal? = nil) throws -> SealCheck {
        var check = SealCheck()
        let sealing = try sealingEntries(in: db)
        guard let first = sealing.first, let sealed = sealedDigest(in: first) else {
            check.problems.append("the file has no seal of its panel, bids, answers and members: its first audit entry was removed or changed")
            check.sealedRoles = nil
            return check
        }
        for extra in sealing.dropFirst() {
            check.problems.append("audit entry \(extra.seq) is a second seal; bidpanel writes only one, so it was added outside bidpanel")
        }
        if first.action == "seal" {
            check.notes.append("This file was made by an older bidpanel, which did not seal its panel, bids, answers and members when it was made. They were sealed as they were on \(first.at) (audit entry \(first.seq)): the seal cannot show a change made before then.")
        }
        // Members added after init amend the seal by their own audit entries:
        // they are checked there, and left out of what the first seal covered.
        let amendments = try MemberAdmin.amendments(in: db)
        check.problems += amendments.problems
        let addedLabels = Set(amendments.roles.keys.map { "member \($0)'s role" })
        let now = try items(in: db, roles: roles, lots: lots).filter { !addedLabels.contains($0.label) }
        if digest(of: now) == sealed {
            check.sealedRoles = sealedRoles(now).merging(amendments.roles) { sealed, _ in sealed }
            return check
        }
        let stored = try storedItems(seq: first.seq, in: db)
        guard digest(of: stored) == sealed else {
            check.problems.append("the panel, bids, answers or members were changed after the file was made, and so was bidpanel's list of what it sealed, so it cannot say which: restore the file from a backup")
            check.sealedRoles = nil
            return check
        }
        check.problems += differences(sealed: stored, now: now)
        check.sealedRoles = sealedRoles(stored).merging(amendments.roles) { sealed, _ in sealed }
        return check
    }

    static func sealedRoles(_ items: [SealItem]) -> [String: Role] {
        var roles: [String: Role] = [:]
        for item in items {
            // Only a label that starts and ends so can match: most are a bid's.
            guard item.label.utf8.starts(with: "member ".utf8), item.label.utf8.reversed().starts(with: "'s role".utf8.reversed()),
                  let match = item.label.wholeMatch(of: /member (.+)'s role/),
                  let role = Role(rawValue: item.value) else { continue }
            roles[String(match.1)] = role
        }
        return roles
    }

    /// "bid B2's price was changed after the file was made: it was "214500", it is now "114500"".
    static func differences(sealed: [SealItem], now: [SealItem]) -> [String] {
        let current = Dictionary(now.map { ($0.label, $0.value) }, uniquingKeysWith: { $1 })
        let before = Dictionary(sealed.map { ($0.label, $0.value) }, uniquingKeysWith: { $1 })
        var problems: [String] = []
        for item in sealed {
            let label = SafeText.line(item.label)
            guard let value = current[item.label] else {
                problems.append("\(label) was removed after the file was made")
                continue
            }
            guard value != item.value else { continue }
            if item.label == "the stored panel text" {
                problems.append("the stored panel text was changed after the file was made (the criteria, weights, price formula and members' roles come from it)")
            } else if item.value.hasPrefix("sha256:") && value.hasPrefix("sha256:") {
                problems.append("\(label) was changed after the file was made")
            } else {
                problems.append("\(label) was changed after the file was made: it was \"\(SafeText.line(item.value))\", it is now \"\(SafeText.line(value))\"")
            }
        }
        for item in now where before[item.label] == nil {
            problems.append("\(SafeText.line(item.label)) was added after the file was made: \"\(SafeText.line(item.value))\"")
        }
        return problems
    }
}
