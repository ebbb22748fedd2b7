import BidpanelStore
import Foundation

/// The chair's board, followed through the file's change feed: the watch's
/// queue reads what other terminals changed, the program loop what this
/// terminal changed, and the loop takes the board with every change since
/// it last took one.
final class BoardFollower: @unchecked Sendable {
    private let session: MemberSession
    private let lock = NSLock()
    private var feed: BoardFeed?
    /// What changed since the loop last took the board; nil when nothing did.
    private var pending: BoardChange?

    init(session: MemberSession) { self.session = session }

    /// Reads what changed since the last read (the whole board the first time).
    func refresh() throws {
        try lock.withLock {
            let change: BoardChange
            if self.feed != nil {
                // In place, so the board is not copied; a failed read leaves
                // no board to build on, and the next reads the whole board.
                do { change = try session.update(&self.feed!) } catch { self.feed = nil; throw error }
            } else {
                let fresh = try session.boardFeed()
                feed = fresh
                change = BoardChange(seq: fresh.seq, everything: true)
            }
            guard !change.isEmpty else { return }
            pending = pending.map { Self.merge($0, change) } ?? change
        }
    }

    /// The board and what changed on it since the last take; nil when nothing did.
    func take() -> (PanelBoard, BoardChange)? {
        lock.withLock {
            guard let change = pending, let feed else { return nil }
            pending = nil
            return (feed.board, change)
        }
    }

    /// Reads now (after this terminal's own write) and takes the board.
    func refreshAndTake() throws -> Action? {
        try refresh()
        return take().map { .boardUpdated($0.0, $0.1) }
    }

    static func merge(_ a: BoardChange, _ b: BoardChange) -> BoardChange {
        BoardChange(seq: b.seq, everything: a.everything || b.everything, bids: a.bids.union(b.bids), other: a.other || b.other)
    }
}
