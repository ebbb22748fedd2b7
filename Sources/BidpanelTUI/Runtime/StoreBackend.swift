import BidpanelCore
import BidpanelStore
import Foundation

/// Carries out effects. The real one works on the evaluation file; tests
/// may use it on a temporary file.
public protocol PanelBackend: AnyObject {
    func perform(_ effect: Effect) -> [Action]
    /// What happened in the file since the last call, by any terminal
    /// (the chair's live board). The loop asks after every event.
    func pendingActions() -> [Action]
    /// The loop's wake-up: a backend that learns of a change on another
    /// thread (the file watch) wakes the loop with it.
    func attach(_ wakeup: Wakeup)
}

extension PanelBackend {
    public func pendingActions() -> [Action] { [] }
    public func attach(_ wakeup: Wakeup) {}
}

/// Effects against the evaluation file, through the signed-in member's
/// session: the store enforces who may read and record what.
public final class StoreBackend: PanelBackend {
    public let store: EvaluationStore
    private var session: MemberSession?
    private var watch: StoreWatch?
    /// The chair's board, read through the change feed: only what changed.
    private var follower: BoardFollower?
    /// Every member's own standing (progress, sign-off) is followed too;
    /// the watch only says that the file changed.
    private var standingWatch: StoreWatch?
    private let standingChanged = ChangeFlag()
    /// Woken when a watch has read something the loop should take.
    private var wakeup: Wakeup?
    /// Renders and prints the chair's report (or saves it when there is no
    /// printer) with the seal it must carry; returns what to tell the chair
    /// and whether it printed. Called only when the record verifies.
    public var printReport: (MemberSession, RecordSeal) throws -> (message: String, printed: Bool) = { _, _ in
        ("Printing is not set up on this terminal.", false)
    }

    public init(store: EvaluationStore) { self.store = store }

    public func attach(_ wakeup: Wakeup) { self.wakeup = wakeup }

    /// The sign-in list: every member, and whether they have a PIN yet.
    public func memberEntries() throws -> [MemberEntry] {
        try store.panel.members.map { MemberEntry(member: $0, hasPIN: try store.hasPINs(member: $0.id)) }
    }

    public func perform(_ effect: Effect) -> [Action] {
        do {
            switch effect {
            case .signIn, .signInPair:
                do {
                    let session: MemberSession
                    if case let .signIn(member, pin) = effect {
                        session = try store.signIn(member: member, pin: pin, channel: .screen)
                    } else if case let .signInPair(pair, pins) = effect {
                        session = try store.signIn(pair: pair, pins: pins, channel: .screen)
                    } else { return [] }
                    self.session = session
                    let standing = try session.standing()
                    return [.signedIn(Session(member: session.member, bids: session.bids(), progress: standing.progress,
                                              conflictsDeclared: try session.hasDeclaredConflicts(),
                                              signedOff: standing.signedOff, stages: standing.stages))]
                } catch let error as StoreError {
                    return [.signInFailed(error.message)]
                }
            case let .declareConflicts(conflicts):
                let session = try signedIn()
                try session.declareConflicts(conflicts.map { (bid: $0.bid, reason: $0.reason) })
                return [.conflictsDeclared(try session.myProgress())]
            case let .openBid(id):
                let session = try signedIn()
                let bid = try session.bid(id)
                var values: [Slot: SavedValue] = [:]
                for value in try session.myValues(bid: id) {
                    values[value.slot] = SavedValue(value: value.value, comment: value.comment)
                }
                let submitted = try session.myProgress()[id]?.submitted ?? false
                return [.bidOpened(bid, values: values, submitted: submitted)]
            case let .record(slot, value):
                try signedIn().record(slot, value.value, comment: value.comment)
                return [.saved(slot, value)]
            case let .submit(bid):
                let session = try signedIn()
                try session.submit(bid: bid)
                return [.submitted(bid: bid, progress: try session.myProgress())]
            case .loadProgress:
                return [.progressLoaded(try signedIn().myProgress())]
            case .signOut:
                watch?.cancel()
                watch = nil
                follower = nil
                standingWatch?.cancel()
                standingWatch = nil
                session = nil
                return []
            case .watchBoard:
                let session = try signedIn()
                let follower = BoardFollower(session: session)
                self.follower = follower
                watch?.cancel()
                let wakeup = wakeup
                watch = try session.observeChanges {
                    try follower.refresh()
                    wakeup?.wake()
                }
                return []
            case let .moderate(slot, value, reason):
                let session = try signedIn()
                try session.moderate(slot, value, reason: reason)
                return try boardNow(session) + [.moderated(slot, value)]
            case let .signOff(anyway):
                let session = try signedIn()
                let record = try session.signOff(anyway: anyway)
                return try boardNow(session) + [.signedOff(seal: record.seal.line, witnessProblem: record.witnessProblem)]
            case let .signOffStage(stage, anyway):
                let session = try signedIn()
                let record = try session.signOffStage(stage, anyway: anyway)
                return try boardNow(session) + [.stageSignedOff(stage: stage, seal: record.seal.line, witnessProblem: record.witnessProblem)]
            case let .overrideShortlist(stage, bid, goesOn, reason):
                let session = try signedIn()
                try session.overrideShortlist(stage: stage, bid: bid, goesOn: goesOn, reason: reason)
                return try boardNow(session) + [.shortlistChanged(bid: bid, goesOn: goesOn)]
            case let .decideTie(lot, bid, reason):
                let session = try signedIn()
                try session.decideTie(lot: lot, bid: bid, reason: reason)
                return try boardNow(session) + [.tieDecided(lot: lot, bid: bid)]
            case let .undoTieDecision(lot, reason):
                let session = try signedIn()
                try session.undoTieDecision(lot: lot, reason: reason)
                return try boardNow(session) + [.tieDecided(lot: lot, bid: nil)]
            case let .reopenEvaluation(reason):
                let session = try signedIn()
                try session.reopenEvaluation(reason: reason)
                return try boardNow(session) + [.reopened]
            case .watchStanding:
                standingWatch?.cancel()
                let changed = standingChanged, wakeup = wakeup
                standingWatch = try signedIn().observeStanding { _ in
                    changed.raise()
                    wakeup?.wake()
                }
                return []
            case .printReport:
                let session = try signedIn()
                // Nothing prints as final from a record that does not verify.
                let seal = try store.seal()
                guard seal.verified else {
                    let name = (store.path as NSString).lastPathComponent
                    return [.printed("Not printed: the audit does not verify. See why: bidpanel audit \(name)", ok: false)]
                }
                let outcome = try printReport(session, seal)
                return [.printed(outcome.message, ok: outcome.printed)]
            case .reopenBid, .markAttendance:
                return try performBoard(effect, session: try signedIn())
            case .noteItem, .declareNotScoring:
                return try performModeration(effect)
            }
        } catch let error as StoreError {
            return [.failed(error.message)]
        } catch {
            return [.failed("could not use the evaluation file: \(error)")]
        }
    }

    public func pendingActions() -> [Action] {
        guard let session else { return [] }
        var actions: [Action] = []
        // Read afresh rather than the watch's copy: one read before this
        // terminal's own last write would undo what the screen shows.
        if standingChanged.lower(), let standing = try? session.standing() { actions.append(.standingChanged(standing)) }
        if let (board, change) = follower?.take() { actions.append(.boardUpdated(board, change)) }
        return actions
    }

    /// The chair's undo and attendance from the board; the answer carries
    /// the board as it now is, so the screen does not wait for the watch.
    private func performBoard(_ effect: Effect, session: MemberSession) throws -> [Action] {
        switch effect {
        case let .reopenBid(bid, member, reason):
            try session.reopen(bid: bid, for: member, reason: reason)
            return try boardNow(session) + [.bidReopened(bid: bid, member: member)]
        case let .markAttendance(member, present):
            try session.markAttendance(member: member, present: present)
            return try boardNow(session) + [.attendanceMarked(member: member, present: present)]
        default:
            return []
        }
    }

    /// The moderation screen's notes and "not scoring" statements.
    private func performModeration(_ effect: Effect) throws -> [Action] {
        let session = try signedIn()
        switch effect {
        case let .noteItem(slot, note):
            try session.noteItem(slot, note: note)
            return try boardNow(session) + [.itemNoted(slot, note: note)]
        case let .declareNotScoring(bid):
            try session.declareNotScoring(bid: bid)
            return try boardNow(session) + [.saidNotScoring(bid: bid)]
        default:
            return []
        }
    }

    /// The board with this terminal's own change on it, so the screen does
    /// not wait for the watch: only what changed is read, when it is followed.
    private func boardNow(_ session: MemberSession) throws -> [Action] {
        guard let follower else { return [.boardChanged(try session.board())] }
        return try follower.refreshAndTake().map { [$0] } ?? []
    }

    private func signedIn() throws -> MemberSession {
        guard let session else { throw StoreError("nobody is signed in") }
        return session
    }
}

/// Set by a watch's queue, cleared by the program loop.
final class ChangeFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() { lock.withLock { raised = true } }

    /// Whether it was raised; lowers it.
    func lower() -> Bool {
        lock.withLock {
            defer { raised = false }
            return raised
        }
    }
}
