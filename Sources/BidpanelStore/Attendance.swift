import BidpanelCore
import GRDB

/// Whether a member was at the moderation meeting, as the chair last
/// marked it, and when. The audit log is the only record of it: each mark
/// is an "attendance" entry, so the history of arrivals and departures is
/// kept and cannot be changed quietly.
public struct Attendance: Sendable, Equatable {
    public var present: Bool
    /// When the chair marked it, as stored (UTC).
    public var at: String

    public init(present: Bool, at: String) {
        self.present = present
        self.at = at
    }
}

/// A member who has not submitted every bid they can score: not conflicted
/// with it, and not marked absent from the meeting.
public struct Outstanding: Sendable, Equatable {
    public var member: String
    /// Bid ids, in the panel's order.
    public var bids: [String]

    public init(member: String, bids: [String]) {
        self.member = member
        self.bids = bids
    }

    /// "ana (B1, B3); ben (B2)": how the sign-off audit entry keeps the list.
    static func line(_ list: [Outstanding]) -> String {
        list.map { "\($0.member) (\($0.bids.joined(separator: ", ")))" }.joined(separator: "; ")
    }
}

extension PanelBoard {
    /// Every scoring member, not marked absent, with the bids they can score
    /// but have not submitted. Sign-off checks this list (`signOff`), and the
    /// board shows it, so both use this one rule.
    public func outstanding(panel: Panel) -> [Outstanding] {
        panel.members.compactMap { member in
            guard let bids = progress[member.id], attendance[member.id]?.present != false else { return nil }
            // A withdrawn or disqualified bid is not waited for, nor is a bid
            // the chair said they are not scoring.
            let gone = Set(sheet.removals.map(\.bid))
            let open = panel.bids.map(\.id).filter { bid in
                guard !gone.contains(bid), moderationNotes.notScoring[bid]?.by != member.id else { return false }
                return bids[bid].map { !$0.conflicted && !$0.submitted } ?? false
            }
            return open.isEmpty ? nil : Outstanding(member: member.id, bids: open)
        }
    }
}

extension MemberSession {
    /// Marks a member present at (or absent from) the moderation meeting,
    /// now. Chair only, while the evaluation is open. Marking what is
    /// already marked is refused, so the log holds only real changes.
    public func markAttendance(member memberID: String, present: Bool) throws {
        try requireChair("mark who is at the meeting")
        guard panel.member(id: memberID) != nil else {
            throw StoreError("\"\(memberID)\" is not a member of this panel: " + Suggest.hint(for: memberID, in: panel.members.map(\.id)))
        }
        try store.write { db in
            try requireOpen(db)
            let before = try Self.attendance(db)[memberID]
            guard before?.present != present else {
                throw StoreError("\(memberID) is already marked \(present ? "present" : "absent")")
            }
            try AuditLog.append(.init(actor: member.id, action: "attendance", member: memberID,
                                      oldValue: before.map { $0.present ? "present" : "absent" } ?? "not marked",
                                      newValue: present ? "present" : "absent"), at: store.now(), in: db)
        }
    }

    /// Member id → their latest mark. Members never marked are left out.
    public func attendance() throws -> [String: Attendance] {
        try requireChair("see who is at the meeting", toChange: false)
        return try store.read { db in try Self.attendance(db) }
    }

    static func attendance(_ db: Database) throws -> [String: Attendance] {
        var marks: [String: Attendance] = [:]
        for entry in try AuditLog.entries(in: db, where: "action = 'attendance'") {
            marks[entry.member] = Attendance(present: entry.newValue == "present", at: entry.at)
        }
        return marks
    }

    /// Every mark, oldest first, for the printed record of the meeting.
    static func attendanceMarks(_ db: Database) throws -> [(member: String, present: Bool, at: String, by: String)] {
        try AuditLog.entries(in: db, where: "action = 'attendance'").map {
            ($0.member, $0.newValue == "present", $0.at, $0.actor)
        }
    }

    /// Who still has bids to submit; see `PanelBoard.outstanding`. Chair only.
    public func outstanding() throws -> [Outstanding] {
        try board().outstanding(panel: panel)
    }
}
