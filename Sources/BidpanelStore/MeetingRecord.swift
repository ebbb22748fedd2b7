import BidpanelCore
import Foundation
import GRDB

extension MemberSession {
    /// The record of the meeting for the printed report, read in one
    /// transaction with the score sheet so the two agree: conflicts from the
    /// conflict table, progress from the board and the submissions, sign-offs
    /// and reopenings from the audit log. Times are written in `timeZone`
    /// with its UTC offset. Chair only.
    public func meetingRecord(timeZone: TimeZone = .current) throws -> (sheet: ScoreSheet, record: MeetingRecord) {
        let read = try meetingRecordAndHead(timeZone: timeZone)
        return (read.sheet, read.record)
    }

    /// The same, with where the audit chain stood in that same read (its
    /// head and count, not yet verified): a report printed from this read
    /// carries that seal, so the caller can check that the verification it
    /// ran meanwhile saw the same moment.
    public func meetingRecordAndHead(timeZone: TimeZone = .current) throws
        -> (sheet: ScoreSheet, record: MeetingRecord, head: RecordSeal) {
        try requireChair("print the record of the meeting", toChange: false)
        let panel = self.panel
        return try store.read { db in
            let board = try Self.board(db, panel: panel)
            let formatter = EvaluationStore.readableTimes(in: timeZone)
            func time(_ stored: String) -> String { EvaluationStore.readable(stored, formatter) }

            // Declared conflicts, and members who declared none, oldest first.
            var declared: [(stored: String, declaration: MeetingRecord.Declaration)] = []
            // Which declarations came in on paper ("member bid", bid empty for none).
            let onPaper = Set(try AuditLog.entries(in: db, where: "action = 'conflict' AND source = 'paper'")
                .map { "\($0.member) \($0.bid)" })
            for row in try Row.fetchAll(db, sql: "SELECT bid, member, reason, declared_at FROM conflict") {
                let at: String = row["declared_at"], member: String = row["member"], bid: String = row["bid"]
                declared.append((at, .init(member: member, bid: bid, reason: row["reason"], at: time(at),
                                           onPaper: onPaper.contains("\(member) \(bid)"))))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT id, conflicts_declared_at FROM member
                WHERE conflicts_declared_at IS NOT NULL AND id NOT IN (SELECT member FROM conflict)
                """) {
                let at: String = row["conflicts_declared_at"], member: String = row["id"]
                declared.append((at, .init(member: member, bid: nil, at: time(at), onPaper: onPaper.contains("\(member) "))))
            }
            // Stored times are UTC in one fixed format, so they sort as text.
            declared.sort { ($0.stored, $0.declaration.member, $0.declaration.bid ?? "") < ($1.stored, $1.declaration.member, $1.declaration.bid ?? "") }

            var submittedAt: [[String]: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT bid, member, submitted_at FROM submission") {
                submittedAt[[row["bid"], row["member"]]] = row["submitted_at"]
            }
            var progress: [String: [String: MeetingRecord.Progress]] = [:]
            for (member, bids) in board.progress {
                for (bid, done) in bids {
                    progress[bid, default: [:]][member] = Self.printedProgress(
                        conflicted: done.conflicted, submittedAt: done.submitted ? submittedAt[[bid, member]].map(time) ?? "" : nil,
                        recorded: done.recorded, needed: done.needed)
                }
            }

            // Only the entries the switch below takes are read, not the whole log.
            let actions = ["sign-off", "reopen", "reopen-bid", "withdraw-bid", "disqualify-bid", "reinstate-bid", "add-member",
                           Self.stageSignOffAction, Self.shortlistAction, Self.decideTieAction, Self.undoTieAction]
            let events = try AuditLog.entries(in: db, where: AuditScan.actions(actions)).compactMap { entry -> MeetingRecord.Event? in
                switch entry.action {
                case "sign-off": .init(.signedOff, by: entry.actor, reason: entry.reason, at: time(entry.at),
                                       notSubmitted: entry.oldValue.hasPrefix("not submitted: ")
                                           ? String(entry.oldValue.dropFirst("not submitted: ".count)) : "")
                case "reopen": .init(.reopenedEvaluation, by: entry.actor, reason: entry.reason, at: time(entry.at))
                case "reopen-bid": .init(.reopenedBid(bid: entry.bid, member: entry.member), by: entry.actor,
                                         reason: entry.reason, at: time(entry.at))
                case "withdraw-bid", "disqualify-bid", "reinstate-bid":
                    .init(.bidStanding(bid: entry.bid, now: BidStanding(rawValue: entry.newValue)), by: entry.actor,
                          reason: entry.reason, at: time(entry.at))
                case "add-member": .init(.addedMember(member: entry.member), by: entry.actor, reason: entry.reason, at: time(entry.at))
                case Self.stageSignOffAction:
                    // "stage written signed off. Shortlist: …": the rule and who goes on.
                    .init(.signedOffStage(stage: entry.criterion,
                                          shortlist: entry.newValue.components(separatedBy: " signed off. ").dropFirst().joined(separator: " signed off. ")),
                          by: entry.actor, reason: entry.reason, at: time(entry.at),
                          notSubmitted: entry.oldValue.hasPrefix("not submitted: ") ? String(entry.oldValue.dropFirst("not submitted: ".count)) : "")
                case Self.decideTieAction, Self.undoTieAction:
                    .init(.tieDecided(lot: entry.criterion, bid: entry.action == Self.decideTieAction ? entry.bid : nil), by: entry.actor,
                          reason: entry.reason, at: time(entry.at))
                case Self.shortlistAction:
                    .init(.shortlistChanged(bid: entry.bid, change: "\(entry.oldValue) → \(entry.newValue)"), by: entry.actor,
                          reason: entry.reason, at: time(entry.at))
                default: nil
                }
            }
            var record = MeetingRecord(declarations: declared.map(\.declaration), progress: progress, events: events,
                                       signedOff: board.signedOffAt.map(time), version: BidpanelVersion.current)
            record.stages = try Self.stageProgress(db, panel: panel, board: board, submittedAt: submittedAt, time: time)
            record.attendance = try Self.attendanceMarks(db).map {
                MeetingRecord.AttendanceMark(member: $0.member, present: $0.present, at: time($0.at), by: $0.by)
            }
            record.moderation = try Self.moderationNotes(db, time: time)
            return (board.sheet, record, try Self.chainHead(db))
        }
    }

    /// The audit head and count the file's state row holds now, as a seal
    /// with no problems: what the whole-record verification will print when
    /// it finds the record intact at this moment.
    static func chainHead(_ db: Database) throws -> RecordSeal {
        let state = try Row.fetchOne(db, sql: "SELECT audit_count, audit_head FROM state WHERE id = 1")
        return RecordSeal(head: state?["audit_head"] ?? AuditLog.genesis, count: state?["audit_count"] ?? 0)
    }
}

extension EvaluationStore {
    /// "22 November 2026 at 14:05 (UTC+00:00)": a stored time as people read
    /// it, in local time with the offset, so a reader abroad or after the
    /// clocks change knows exactly when.
    public static func readableTime(_ stored: String, in timeZone: TimeZone = .current) -> String {
        readable(stored, readableTimes(in: timeZone))
    }

    static func readableTimes(in timeZone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "d MMMM yyyy 'at' HH:mm '(UTC'xxx')'"
        return formatter
    }

    static func readable(_ stored: String, _ formatter: DateFormatter) -> String {
        // A timestamp we cannot read is still shown, as stored, rather than lost.
        guard let date = try? timestampStyle.parse(stored) else { return stored }
        return formatter.string(from: date)
    }
}
