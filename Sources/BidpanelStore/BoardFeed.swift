import BidpanelCore
import Foundation
import GRDB

/// What a read of the change feed did to the chair's board.
public struct BoardChange: Sendable, Equatable {
    /// The audit count the board is now as of: the next read starts after it.
    public var seq: Int
    /// The board was read afresh, whole (the first read, or a change the
    /// feed does not map to bids): everything on it may have changed.
    public var everything: Bool
    /// Bids whose values, moderation, conflicts, submissions, standing or
    /// notes may have changed.
    public var bids: Set<String>
    /// Something not about one bid changed: the sign-off, attendance.
    public var other: Bool

    public init(seq: Int, everything: Bool = false, bids: Set<String> = [], other: Bool = false) {
        self.seq = seq
        self.everything = everything
        self.bids = bids
        self.other = other
    }

    /// Nothing new since the last read.
    public var isEmpty: Bool { !everything && bids.isEmpty && !other }
}

/// The chair's board as of an audit sequence number, kept up to date by
/// reading only what changed since: every change appends one audit entry,
/// so the entries after the last one read name what to read again.
public struct BoardFeed: Sendable {
    public fileprivate(set) var board: PanelBoard
    /// The audit count `board` is as of.
    public fileprivate(set) var seq: Int

    /// A bid-scoped change to more bids than this reads the board whole:
    /// one read of every row is then cheaper than many reads of a few.
    static func wholeReadThreshold(_ panel: Panel) -> Int { max(8, panel.bids.count / 4) }

    init(board: PanelBoard, seq: Int) {
        self.board = board
        self.seq = seq
    }
}

extension MemberSession {
    /// The whole board and the audit count it is as of, in one read. Chair only.
    public func boardFeed() throws -> BoardFeed {
        try requireChair("see every member's progress", toChange: false)
        return try store.read { db in try Self.wholeFeed(db, panel: panel) }
    }

    /// Brings `feed` up to date with the file, reading only the audit
    /// entries after its sequence number and the rows of the bids they
    /// name. Chair only. The result equals a whole read (`board()`).
    @discardableResult
    public func update(_ feed: inout BoardFeed) throws -> BoardChange {
        try requireChair("see every member's progress", toChange: false)
        let panel = self.panel
        return try store.read { db in try Self.update(&feed, db: db, panel: panel) }
    }

    /// Runs `onChange` on the watch's queue once at the start and after
    /// every change any terminal commits, within about a quarter of a
    /// second, to read what changed with `update`. Chair only.
    public func observeChanges(onError: @escaping @Sendable (Error) -> Void = { _ in },
                               onChange: @escaping @Sendable () throws -> Void) throws -> StoreWatch {
        try requireChair("watch every member's progress", toChange: false)
        return StoreWatch(store: store, onError: onError, afterChange: onChange)
    }

    static func wholeFeed(_ db: Database, panel: Panel) throws -> BoardFeed {
        let seq = try Int.fetchOne(db, sql: "SELECT audit_count FROM state WHERE id = 1") ?? 0
        return BoardFeed(board: try board(db, panel: panel), seq: seq)
    }

    static func update(_ feed: inout BoardFeed, db: Database, panel: Panel) throws -> BoardChange {
        let count = try Int.fetchOne(db, sql: "SELECT audit_count FROM state WHERE id = 1") ?? 0
        guard count != feed.seq else { return BoardChange(seq: count) }
        func whole() throws -> BoardChange {
            feed = try wholeFeed(db, panel: panel)
            return BoardChange(seq: feed.seq, everything: true)
        }
        // Fewer entries than last time: not the file the board was read from.
        guard count > feed.seq else { return try whole() }
        var bids: Set<String> = [], other = false
        var notes = feed.board.moderationNotes, attendance = feed.board.attendance
        for entry in try AuditLog.entries(in: db, where: "seq > \(feed.seq)") {
            switch BoardEffect(entry) {
            case .none: break
            case .bid:
                bids.insert(entry.bid)
                // Notes live only in the audit log: applied as the whole read applies them.
                noteEffect(entry, into: &notes)
            case .attendance:
                // As `attendance(db)` reads them: the newest mark per member.
                attendance[entry.member] = Attendance(present: entry.newValue == "present", at: entry.at)
                other = true
            case .signOff:
                other = true
            case .unknown:
                return try whole()
            }
        }
        guard bids.count <= BoardFeed.wholeReadThreshold(panel) else { return try whole() }
        // Changed in place, so the sheet is not copied. Should a read fail
        // half way, `seq` has not moved: reading again from it reads every
        // bid named since again, whole, and applies the same entries again.
        feed.board.moderationNotes = notes
        feed.board.attendance = attendance
        feed.board.signedOffAt = try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1")
        for bid in bids.sorted() where try !reread(bid: bid, into: &feed.board, db: db, panel: panel) { return try whole() }
        feed.seq = count
        return BoardChange(seq: count, bids: bids, other: other)
    }

    private static func noteEffect(_ entry: AuditEntry, into notes: inout ModerationNotes) {
        note(entry, into: &notes, time: { $0 })
    }

    /// Reads one bid's rows again and puts them on the board: its values
    /// (never deleted, so recording them again replaces), moderated values,
    /// conflicts, standing and every member's progress on it. False when a
    /// row does not read as a value (an edited file): the whole read, which
    /// leaves such rows out, must decide then.
    static func reread(bid: String, into board: inout PanelBoard, db: Database, panel: Panel) throws -> Bool {
        let values = try memberValues(db, panel: panel, sql: "WHERE bid = ?", [bid])
        let moderated = try Row.fetchAll(db, sql: "SELECT * FROM moderated_value WHERE bid = ?", arguments: [bid])
            .compactMap { moderatedValue($0, panel: panel) }
        let rows = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM member_value WHERE bid = ?1) + (SELECT COUNT(*) FROM moderated_value WHERE bid = ?1)
            """, arguments: [bid]) ?? 0
        guard rows == values.count + moderated.count else { return false }
        for value in values { board.sheet.record(value) }
        for value in moderated { board.sheet.moderate(value) }
        let conflicts = try Row.fetchAll(db, sql: "SELECT * FROM conflict WHERE bid = ?", arguments: [bid]).map {
            Conflict(bid: $0["bid"], member: $0["member"], reason: $0["reason"])
        }
        for old in board.sheet.conflicts where old.bid == bid && !conflicts.contains(where: { $0.member == old.member }) {
            board.sheet.withdrawConflict(bid: bid, member: old.member)
        }
        for conflict in conflicts { board.sheet.declare(conflict) }
        if let removal = try BidStatus.removals(db).first(where: { $0.bid == bid }) {
            board.sheet.remove(removal)
        } else {
            board.sheet.reinstate(bid: bid)
        }
        let submitted = Set(try String.fetchAll(db, sql: "SELECT member FROM submission WHERE bid = ?", arguments: [bid]))
        var counts: [String: Int] = [:]
        let counted = progressPanel(panel, board.stages)
        let inStage = Set(counted.criteria.map(\.id))
        for value in values where board.stages == nil || inStage.contains(value.slot.criterion) { counts[value.member, default: 0] += 1 }
        for member in panel.members where board.progress[member.id] != nil {
            board.progress[member.id]![bid] = BidProgress(
                recorded: counts[member.id] ?? 0, needed: slotCount(panel: counted, role: member.role),
                submitted: submitted.contains(member.id), conflicted: panel.conflict(stopping: member.id, bid: bid, in: board.sheet.conflicts) != nil)
        }
        return true
    }

    /// A moderated value's row as the engine takes it; nil when it does not read.
    static func moderatedValue(_ row: Row, panel: Panel) -> ModeratedValue? {
        let principle: String = row["principle"]
        let slot = Slot(bid: row["bid"], criterion: row["criterion"], principle: principle.isEmpty ? nil : principle)
        guard let criterion = panel.criterion(id: slot.criterion),
              let value = try? ScoresCSV.parseValue(row["value"], criterion: criterion, panel: panel) else { return nil }
        return ModeratedValue(slot: slot, value: value, reason: row["reason"])
    }
}

/// What an audit entry changes on the chair's board.
enum BoardEffect {
    /// Nothing the board shows (a PIN set, a lock, "no conflicts").
    case none
    /// Something about `entry.bid`: read that bid's rows again.
    case bid
    case attendance
    case signOff
    /// An action the feed does not know: read the whole board.
    case unknown

    static let bidActions: Set<String> = [
        "record", "replace", "moderate", "conflict", "withdraw-conflict", "submit", "reopen-bid",
        "withdraw-bid", "disqualify-bid", "reinstate-bid",
        MemberSession.itemNoteAction, MemberSession.notScoringAction,
    ]
    static let unseen: Set<String> = ["set-pin", "lock", "seal"]

    init(_ entry: AuditEntry) {
        if Self.bidActions.contains(entry.action) {
            // A member saying "no conflicts" names no bid and changes nothing shown.
            self = !entry.bid.isEmpty ? .bid : entry.action == "conflict" ? .none : .unknown
        } else if Self.unseen.contains(entry.action) {
            self = .none
        } else if entry.action == "attendance" {
            self = .attendance
        } else if entry.action == "sign-off" || entry.action == "reopen" {
            self = .signOff
        } else {
            self = .unknown
        }
    }
}
