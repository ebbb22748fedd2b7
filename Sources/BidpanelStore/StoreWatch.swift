import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Watches an evaluation file for changes made by any process.
///
/// GRDB's ValueObservation sees only writes made through the same
/// connection pool, but panel members write from other terminals, i.e. other
/// processes. Every change appends to the audit log and bumps
/// `state.audit_count`, so reading that single integer is a cheap and exact
/// "has anything changed?" test; the full read happens only when it has.
/// It is read when the file system says the file changed (inotify), so an
/// idle watch costs nothing; where it cannot say, ten times a second.
public final class StoreWatch: @unchecked Sendable {
    /// Where the file's changes cannot be notified (inotify cannot be set
    /// up): a tenth of a second, so a change still reaches a screen in well
    /// under half a second; one read of one integer costs microseconds.
    public static let interval: TimeInterval = 0.1
    /// With notifications, the count is read again this long after the last
    /// one: SQLite writes and syncs the log (notified) before it marks the
    /// commit in shared memory (not notified), so the first read can be early.
    static let settleChecks: [TimeInterval] = [0.05, 0.3]
    /// And this often regardless, in case a notification was lost: an idle
    /// screen still uses no measurable CPU.
    static let safetyInterval: TimeInterval = 5

    private let queue = DispatchQueue(label: "bidpanel.watch")
    private let timer: DispatchSourceTimer
    private let notifications: FileNotifications?
    private let lock = NSLock()
    private var lastSeen: Int?
    /// The pending re-reads after a notification (on the queue only).
    private var settling: [DispatchWorkItem] = []

    /// Whether the file's changes are notified (else it is polled).
    public var isNotified: Bool { notifications != nil }

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
        notifications = FileNotifications(path: store.path, queue: queue)
        timer = DispatchSource.makeTimerSource(queue: queue)
        let check: @Sendable () -> Void = { [weak self] in
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
        let every = notifications == nil ? Self.interval : Self.safetyInterval
        timer.schedule(deadline: .now(), repeating: every, leeway: .milliseconds(notifications == nil ? 20 : 500))
        timer.setEventHandler(handler: check)
        notifications?.start { [weak self] in
            check()
            self?.settle(check)
        }
        timer.resume()
    }

    /// Reads again shortly after a notification (see `settleChecks`); a
    /// later notification replaces the pending re-reads.
    private func settle(_ check: @escaping @Sendable () -> Void) {
        for item in settling { item.cancel() }
        settling = Self.settleChecks.map { delay in
            let item = DispatchWorkItem(block: check)
            queue.asyncAfter(deadline: .now() + delay, execute: item)
            return item
        }
    }

    private func changed(to count: Int) -> Bool {
        lock.withLock {
            defer { lastSeen = count }
            return lastSeen != count
        }
    }

    public func cancel() {
        timer.cancel()
        notifications?.cancel()
        queue.async { [weak self] in
            for item in self?.settling ?? [] { item.cancel() }
        }
    }

    deinit {
        timer.cancel()
        notifications?.cancel()
    }
}

/// Linux inotify on the evaluation file's folder, for the file and its
/// write-ahead log (which SQLite creates and removes as it goes, hence the
/// folder). nil where inotify cannot be set up.
final class FileNotifications: @unchecked Sendable {
    private let descriptor: Int32
    private let source: DispatchSourceRead
    /// The names in the folder whose changes count.
    private let names: Set<String>

    init?(path: String, queue: DispatchQueue) {
        #if os(Linux)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        names = [name, name + "-wal", name + "-journal"]
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE)
        guard inotify_add_watch(descriptor, folder, mask) >= 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        source.setCancelHandler { close(descriptor) }
        #else
        return nil
        #endif
    }

    /// `onChange` runs on the queue after any batch of notifications that
    /// names the file (or after notifications were lost).
    func start(_ onChange: @escaping @Sendable () -> Void) {
        source.setEventHandler { [weak self] in
            guard let self, self.readEvents() else { return }
            onChange()
        }
        source.resume()
    }

    func cancel() { source.cancel() }

    /// Reads every pending notification; true when one concerns the file.
    private func readEvents() -> Bool {
        #if os(Linux)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var relevant = false
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            var offset = 0
            // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name.
            while offset + 16 <= count {
                func word(_ at: Int) -> UInt32 {
                    UInt32(buffer[at]) | UInt32(buffer[at + 1]) << 8 | UInt32(buffer[at + 2]) << 16 | UInt32(buffer[at + 3]) << 24
                }
                let mask = word(offset + 4), length = Int(word(offset + 12))
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 || names.contains(String(decoding: nameBytes, as: UTF8.self)) {
                    relevant = true
                }
                offset += 16 + length
            }
        }
        return relevant
        #else
        return false
        #endif
    }
}
