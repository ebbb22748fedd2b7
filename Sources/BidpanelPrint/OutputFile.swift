import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a file that holds scores, prices or names, the one way bidpanel
/// does it (docs/output-files.md):
/// - a new file is made owner-only (0600);
/// - an existing regular file is replaced whole: the text goes to a
///   temporary file in the same folder, is flushed to the disk and then
///   renamed over the old one, which keeps its mode (and owner);
/// - anything else (a FIFO, a device such as /dev/null, /dev/stdout) is
///   written to as a stream and never replaced;
/// - a symbolic link is never replaced: the text is written through it to
///   its target, as a stream;
/// - a write that fails (a full disk, /dev/full) is an error, never "saved";
/// - "-" is standard output.
public enum OutputFile {
    /// Writes `data` to `path` as above, replacing a regular file there.
    public static func write(_ data: Data, to path: String) throws {
        if let descriptor = standardStream(path) {
            return try writeAll(data, to: descriptor, path: path, stream: true)
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: return try replace(data, at: path, keeping: info)
            case S_IFDIR: throw OutputFileError(path: path, reason: .isFolder)
            default: return try stream(data, to: path)  // a link, FIFO, device or socket
            }
        }
        guard errno == ENOENT else { throw failure(path, errno) }
        try replace(data, at: path, keeping: nil)
    }

    /// Writes `data` to a new file at `path` and never replaces a file: when
    /// a regular file (or a link of any kind) is already there, it throws
    /// `.exists` and leaves it alone. A FIFO or a device is written to as a
    /// stream, as `write` does.
    public static func create(_ data: Data, at path: String) throws {
        if let descriptor = standardStream(path) {
            return try writeAll(data, to: descriptor, path: path, stream: true)
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG, S_IFLNK: throw OutputFileError(path: path, reason: .exists)
            case S_IFDIR: throw OutputFileError(path: path, reason: .isFolder)
            default: return try stream(data, to: path)
            }
        }
        // O_EXCL: should a file of that name appear meanwhile (or a link be
        // put there), the open fails rather than write into it.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw errno == EEXIST ? OutputFileError(path: path, reason: .exists) : failure(path, errno)
        }
        do {
            try writeAll(data, to: descriptor, path: path, stream: false)
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
        do {
            try flushAndClose(descriptor, path: path)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Makes a folder owner-only (0700), and any missing folders above it.
    /// A folder already there is kept as it is.
    public static func makeFolder(_ path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputFileError(path: path, reason: .notAFolder) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeFolder(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw failure(path, errno) }
    }

    // MARK: - Replacing a regular file

    /// Temporary file in the same folder, flushed, then renamed over `path`:
    /// a reader sees the old text or the new, never half of it.
    static func replace(_ data: Data, at path: String, keeping existing: stat?) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder as NSString).appendingPathComponent(".\(url.lastPathComponent).bidpanel-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }  // made 0600
        guard descriptor >= 0 else {
            let code = errno
            var info = stat()
            throw code == ENOENT && stat(folder, &info) != 0
                ? OutputFileError(path: path, reason: .missingFolder(folder)) : failure(path, code, folder: folder)
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            if let existing {
                // The replaced file keeps its permissions and, where we may, its owner.
                if fchmod(descriptor, existing.st_mode & 0o7777) != 0 { throw failure(path, errno) }
                if existing.st_uid != geteuid() || existing.st_gid != getegid() {
                    _ = fchown(descriptor, existing.st_uid, existing.st_gid)
                }
            }
            try writeAll(data, to: descriptor, path: path, stream: false)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        do {
            try flushAndClose(descriptor, path: path)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(path, code)
        }
        // The rename itself is durable once the folder is flushed too.
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    // MARK: - Streams

    /// Opens what is there (following a link) and writes to it, without
    /// making or replacing anything.
    static func stream(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            var info = stat()
            if code == ENOENT, lstat(path, &info) == 0 {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                throw OutputFileError(path: path, reason: .brokenLink(target))
            }
            throw failure(path, code)
        }
        defer { close(descriptor) }
        try writeAll(data, to: descriptor, path: path, stream: true)
    }

    /// "-", /dev/stdout, /dev/stderr and /dev/fd/N name a descriptor
    /// bidpanel already has: write to it as it is (a shell's `>>` keeps
    /// appending).
    static func standardStream(_ path: String) -> Int32? {
        switch path {
        case "-", "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                if let number = Int32(path.dropFirst(prefix.count)), number == STDOUT_FILENO || number == STDERR_FILENO {
                    return number
                }
            }
            return nil
        }
    }

    /// Writes every byte, or throws: a short write is retried, an
    /// interrupted one too, and a full disk is an error.
    public static func writeAll(_ data: Data, to descriptor: Int32, path: String, stream: Bool) throws {
        let code: Int32? = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            guard var next = buffer.baseAddress else { return nil }
            var left = buffer.count
            while left > 0 {
                let written = systemWrite(descriptor, next, left)
                if written > 0 {
                    next += written
                    left -= written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&waiting, 1, -1)
                } else {
                    return written < 0 ? errno : EIO
                }
            }
            return nil
        }
        if let code { throw failure(path, code, partly: stream) }
    }

    /// Flushes to the disk and closes, always closing; a failure of either
    /// (a full disk can show only here, on some file systems) is an error.
    static func flushAndClose(_ descriptor: Int32, path: String) throws {
        let flushed = fsync(descriptor) == 0 ? 0 : errno
        let closed = close(descriptor) == 0 ? 0 : errno
        if flushed != 0 { throw failure(path, flushed) }
        if closed != 0 { throw failure(path, closed) }
    }

    static func failure(_ path: String, _ code: Int32, folder: String? = nil, partly: Bool = false) -> OutputFileError {
        switch code {
        case ENOSPC, EDQUOT: return OutputFileError(path: path, reason: .full, partly: partly)
        case EACCES, EPERM, EROFS: return OutputFileError(path: path, reason: .notAllowed(folder), partly: partly)
        case ENOENT: return OutputFileError(path: path, reason: .missingFolder((path as NSString).deletingLastPathComponent))
        case ENOTDIR: return OutputFileError(path: path, reason: .notAFolder)
        case EISDIR: return OutputFileError(path: path, reason: .isFolder)
        default: return OutputFileError(path: path, errno: code, partly: partly)
        }
    }
}

/// Why a file could not be written, in words for the person at the keyboard.
public struct OutputFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case exists
        case isFolder
        case notAFolder
        case missingFolder(String)
        case notAllowed(String?)
        case full
        case brokenLink(String)
        case system(String)
    }

    public var path: String
    public var reason: Reason
    /// Some of the text may have reached a stream (a FIFO, a device) before it failed.
    public var partly = false

    init(path: String, reason: Reason, partly: Bool = false) {
        self.path = path
        self.reason = reason
        self.partly = partly
    }

    init(path: String, errno code: Int32, partly: Bool = false) {
        self.init(path: path, reason: .system(String(cString: strerror(code))), partly: partly)
    }

    public var description: String {
        let what: String
        switch reason {
        case .exists:
            what = "\(path) already exists. Choose another name."
        case .isFolder:
            what = "\(path) is a folder. Give a file name in it, for example \((path as NSString).appendingPathComponent("report.txt"))."
        case .notAFolder:
            what = "cannot write \(path): part of that path is a file, not a folder. Check the path."
        case let .missingFolder(folder):
            what = "cannot write \(path): the folder \(folder.isEmpty ? "." : folder) does not exist. Make it first, or choose another path."
        case let .notAllowed(folder):
            what = "cannot write \(path): you may not write \(folder.map { "in the folder \($0)" } ?? "there"). Choose a folder you can write in, such as your home folder."
        case .full:
            what = "cannot write \(path): the disk is full. Free some space or choose another disk, then run the command again."
        case let .brokenLink(target):
            what = "cannot write \(path): it is a link to \(target), which does not exist. Remove the link or choose another path."
        case let .system(detail):
            what = "cannot write \(path): \(detail). Choose another path and run the command again."
        }
        return what + (partly ? " Part of it may have been written; do not use that copy." : " Nothing was saved there.")
    }
}

/// write(2): the enum's own `write` would hide it inside the type.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
