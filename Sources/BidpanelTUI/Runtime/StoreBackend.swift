import BidpanelCore
import BidpanelStore

/// Carries out effects. The real one works on the evaluation file; tests
/// may use it on a temporary file.
public protocol PanelBackend: AnyObject {
    func perform(_ effect: Effect) -> [Action]
}

/// Effects against the evaluation file, through the signed-in member's
/// session: the store enforces who may read and record what.
public final class StoreBackend: PanelBackend {
    public let store: EvaluationStore
    private var session: MemberSession?

    public init(store: EvaluationStore) { self.store = store }

    /// The sign-in list: every member, and whether they have a PIN yet.
    public func memberEntries() throws -> [MemberEntry] {
        try store.panel.members.map { MemberEntry(member: $0, hasPIN: try store.hasPIN(member: $0.id)) }
    }

    public func perform(_ effect: Effect) -> [Action] {
        do {
            switch effect {
            case let .signIn(member, pin):
                do {
                    let session = try store.signIn(member: member, pin: pin)
                    self.session = session
                    return [.signedIn(Session(member: session.member, bids: session.bids(), progress: try session.myProgress(),
                                              conflictsDeclared: try session.hasDeclaredConflicts()))]
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
                session = nil
                return []
            }
        } catch let error as StoreError {
            return [.failed(error.message)]
        } catch {
            return [.failed("could not use the evaluation file: \(error)")]
        }
    }

    private func signedIn() throws -> MemberSession {
        guard let session else { throw StoreError("nobody is signed in") }
        return session
    }
}
