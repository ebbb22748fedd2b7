import Foundation

/// Reads the first 100 bytes of an evaluation file without ever closing a
/// descriptor on it. Under POSIX, closing any descriptor of a file drops
/// every lock this process holds on that file, SQLite's included: a store
/// opened while another store in the same process had the file open would
/// otherwise release that store's locks, and a later write could be lost
/// or the file damaged. SQLite keeps its own descriptors for the same
/// reason. One descriptor per file (device and inode) is kept and reused.
final class HeaderReader: @unchecked Sendable {
    static let shared = HeaderReader()

    private struct FileID: Hashable { var device: UInt64; var inode: UInt64 }
    private let lock = NSLock()
    private var held: [FileID: Int32] = [:]

    /// The header, or nil when the file cannot be read.
    func header(of path: String) -> Data? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let id = FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        return lock.withLock {
            let descriptor: Int32
            if let kept = held[id] {
                descriptor = kept
            } else {
                let opened = Foundation.open(path, O_RDONLY | O_CLOEXEC)
                guard opened >= 0 else { return nil }
                descriptor = opened
                held[id] = opened
            }
            var bytes = [UInt8](repeating: 0, count: 100)
            let count = pread(descriptor, &bytes, 100, 0)
            guard count >= 0 else { return nil }
            return Data(bytes.prefix(count))
        }
    }
}
