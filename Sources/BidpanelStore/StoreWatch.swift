import Foundation
import GRDB

/// Watches an evaluation file for changes made by any process.
///
/// GRDB's ValueObservation sees only writes made through the same
/// connection pool, but panel members write from other terminals, i.e. other
/// processes. Every change appends to the audit log and bumps
/// `state.audit_count`, so polling that single integer is a cheap and exact
/// "has anything changed?" test; the full read happens only when it has.
public final class StoreWatch: @unchecked Sendable {
    /// A tenth of a second: with the loop's own wait, a change reaches a
    /// screen in well under half a second; one read of one integer costs
    /// microseconds, so an idle screen still uses no measurable time.
    public static let interval: TimeInterval = 0.1

    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var lastSeen: Int?

    /// `onChange` reads inside the same transaction as the count it follows.
    convenience init(store: EvaluationStore, onError: @escaping @Sendable (Error) -> Void,
                     onChange: @escaping @Sendable (Database) throws -> Void) {
        self.init(store: store, onError: onError, reading: onChange, after: {})
    }

    /// `afterChange` runs after the count's read has ended, on the watch's
    /// queue: for a caller who reads what changed through the store itself.
    convenience init(store: EvaluationStore, onError: @escaping @Sendable (Error) -> Void,
                     afterChange: @escaping @Sendable () throws -> Void) {
        self.init(store: store, onError: onError, reading: { _ in }, after: afterChange)
    }

    private init(store: EvaluationStore, onError: @escaping @Sendable (Error) -> Void,
                 reading: @escaping @Sendable (Database) throws -> Void, after: @escaping @Sendable () throws -> Void) {
        let queue = DispatchQueue(label: "bidpanel.watch")
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: Self.interval, leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            do {
                let changed = try store.pool.read { db -> Bool in
                    let count = try Int.fetchOne(db, sql: "SELECT audit_count FROM state WHERE id = 1") ?? 0
                    guard self.changed(to: count) else { return false }
                    try reading(db)
                    return true
                }
                if changed { try after() }
            } catch {
                onError(error)
            }
        }
        timer.resume()
    }

    private func changed(to count: Int) -> Bool {
        lock.withLock {
            defer { lastSeen = count }
            return lastSeen != count
        }
    }

    public func cancel() { timer.cancel() }

    deinit { timer.cancel() }
}
