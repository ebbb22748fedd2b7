import BidpanelCore
import GRDB

/// The chair adding a member after `init` (someone joins the panel on the
/// day). The panel text stays as it was sealed; the new member is kept in
/// `added_member` and amends the seal by an audit entry, never by editing
/// the seal or the history: `ContentSeal.check` leaves out of the original
/// seal exactly the members such entries added, and checks that each of them
/// is still as its entry says.
extension MemberSession {
    /// Adds a member who can then be given a PIN (`setPIN`) and sign in.
    /// Not a chair: a panel has one. Chair only, with a reason, before sign-off.
    public func addMember(id: String, name: String, role: Role, reason: String) throws {
        try requireChair("add a member")
        guard Identifier.isMemberID(id) else {
            throw StoreError("a member id may use only a-z, 0-9, - and _ (for example \"sam\" or \"sam-patel\"); \"\(SafeText.line(id))\" does not")
        }
        guard panel.member(id: id) == nil else {
            throw StoreError("there is already a member \"\(id)\" (\(SafeText.line(panel.member(id: id)!.name))): choose another id")
        }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw StoreError("the new member needs a name, as it should appear on screens and in the report") }
        guard SafeText.line(trimmed) == trimmed, trimmed.count <= MemberAdmin.longestName else {
            throw StoreError("write the name on one line, in at most \(MemberAdmin.longestName) characters, without control characters")
        }
        guard role != .chair else {
            throw StoreError("a panel has one chair, so a member added now cannot be a chair: choose officer, young or observer")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError("adding a member needs a reason: say briefly why they join the panel now")
        }
        guard panel.members.count < TextLimits.members else {
            throw StoreError("the panel has \(panel.members.count) members already, the most one evaluation takes")
        }
        try store.write { db in
            try requireOpen(db)
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member WHERE id = ?", arguments: [id]) == 0 else {
                throw StoreError("there is already a member \"\(id)\" in the file (added by another terminal just now?): choose another id")
            }
            let time = store.now()
            try db.execute(sql: "INSERT INTO added_member (id, name, role, added_at) VALUES (?, ?, ?, ?)",
                           arguments: [id, trimmed, role.rawValue, time])
            try db.execute(sql: "INSERT INTO member (id) VALUES (?)", arguments: [id])
            try AuditLog.append(.init(actor: member.id, action: MemberAdmin.action, member: id,
                                      newValue: MemberAdmin.entryText(id: id, name: trimmed, role: role.rawValue),
                                      reason: reason, source: "command"), at: time, in: db)
        }
    }
}

enum MemberAdmin {
    static let action = "add-member"
    static let longestName = 200

    /// The new value of an "add-member" entry. It states everything the
    /// amendment adds to the seal, so an edit of the stored row shows.
    static func entryText(id: String, name: String, role: String) -> String {
        "member \(id): \(name), role \(role). Added to the seal by this entry"
    }

    struct Amendments {
        /// Member id → role, for each member added by an intact entry.
        var roles: [String: Role] = [:]
        var problems: [String] = []
    }

    /// The members added after `init`, checked against their audit entries.
    static func amendments(in db: Database) throws -> Amendments {
        var found = Amendments()
        let entries = try AuditLog.entries(in: db, where: "action = '\(action)'")
        var rows: [String: (name: String, role: String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name, role FROM added_member") {
            rows[row.lenient("id") ?? ""] = (row.lenient("name") ?? "", row.lenient("role") ?? "")
        }
        for entry in entries {
            guard let row = rows[entry.member] else {
                found.problems.append("member \(SafeText.line(entry.member)), added in audit entry \(entry.seq), was removed from the file")
                continue
            }
            guard entryText(id: entry.member, name: row.name, role: row.role) == entry.newValue, let role = Role(rawValue: row.role) else {
                found.problems.append("member \(SafeText.line(entry.member))'s name or role was changed after audit entry \(entry.seq) added them")
                continue
            }
            found.roles[entry.member] = role
        }
        for id in rows.keys.sorted() where !entries.contains(where: { $0.member == id }) {
            found.problems.append("member \(SafeText.line(id)) was added outside bidpanel: no audit entry added them")
        }
        return found
    }

    /// The members added after `init`, in the order they were added.
    static func added(_ db: Database) throws -> [Member] {
        try Row.fetchAll(db, sql: "SELECT id, name, role FROM added_member ORDER BY added_at, id").map { row in
            // A role edited to nonsense reads as an observer, who scores and prices nothing.
            Member(id: row.lenient("id") ?? "", name: row.lenient("name") ?? "",
                   role: (row.lenient("role", as: String.self)).flatMap(Role.init(rawValue:)) ?? .observer)
        }
    }

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: members added after init") { db in
            try db.create(table: "added_member") { t in
                t.column("id", .text).primaryKey()
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("added_at", .text).notNull()
            }
        }
    }
}
