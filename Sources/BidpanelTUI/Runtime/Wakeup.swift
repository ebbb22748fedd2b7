import Glibc

/// A pipe the program loop waits on beside the keyboard, so work done on
/// other threads (a change read from the file, a report worked out in the
/// background) wakes the loop at once, and nothing else does: an idle
/// screen uses no CPU.
public final class Wakeup: @unchecked Sendable {
    /// The end the loop waits on (readable once `wake` was called).
    public let fileDescriptor: Int32
    private let writeEnd: Int32
    /// The end `wake` writes to, for a signal handler written in C.
    public var writeFileDescriptor: Int32 { writeEnd }

    public init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        } else {
            ends = [-1, -1]
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        if fileDescriptor >= 0 { close(fileDescriptor) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Safe from any thread. A full pipe already holds a wake, so a write
    /// that would block is simply dropped.
    public func wake() {
        guard writeEnd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe; true when something had woken it.
    @discardableResult
    public func drain() -> Bool {
        guard fileDescriptor >= 0 else { return false }
        var woken = false
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(fileDescriptor, &buffer, buffer.count) > 0 { woken = true }
        return woken
    }
}
