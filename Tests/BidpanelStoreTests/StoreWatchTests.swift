import Foundation
import Testing

@testable import BidpanelStore

/// The file watch reads when the file system says the evaluation file (or
/// its write-ahead log) changed, so an idle screen costs nothing.
@Suite("Evaluation file: the watch is told of changes")
struct StoreWatchTests {
    /// Another process's commit reaches the watch, which is notified, not polling.
    @Test func aNotifiedWatchSeesAnotherProcesssValue() async throws {
        let store = try Fixtures.stressStore()
        let chair = try store.signIn(member: "m0", pin: Fixtures.chairPIN)
        let seen = AsyncStream<Int>.makeStream()
        let token = try chair.observeSheet { sheet in seen.continuation.yield(sheet.memberValues.count) }
        defer { token.cancel() }
        #expect(token.isNotified)
        var counts = seen.stream.makeAsyncIterator()
        #expect(await counts.next() == 0)
        let (status, _, err) = try Fixtures.run(Fixtures.probe, ["write", store.path, "m3", Fixtures.pin("m3"), "1"])
        #expect(status == 0, "\(err)")
        #expect(await counts.next() == 1)
    }

    /// Only the file's own names count: another file changing in the same
    /// folder (a busy /tmp) wakes nothing; the -wal changing does.
    @Test func onlyTheFileAndItsLogCount() throws {
        let folder = Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("round two.bidpanel").path
        let queue = DispatchQueue(label: "test.notifications")
        let notifications = try #require(FileNotifications(path: path, queue: queue))
        defer { notifications.cancel() }
        let calls = Counter()
        let called = DispatchSemaphore(value: 0)
        notifications.start {
            calls.add()
            called.signal()
        }
        try Data("x".utf8).write(to: folder.appendingPathComponent("round two.bidpanel.txt"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("other-wal"))
        usleep(300_000)
        queue.sync {}
        #expect(calls.value == 0)
        try Data("frame".utf8).write(to: URL(fileURLWithPath: path + "-wal"))
        #expect(called.wait(timeout: .now() + 20) == .success)
        #expect(calls.value >= 1)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
