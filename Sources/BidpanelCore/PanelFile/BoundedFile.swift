import Foundation

/// Reads a file a person named, refusing anything that is not an ordinary
/// file of a sensible size: a device such as /dev/zero never ends, and a
/// 200 MB answers file made every report take minutes.
public enum BoundedFile {
    /// Why a file was not read, said so a person can act on it.
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
        public var fix: String?
        public init(_ message: String, fix: String? = nil) {
            self.message = message
            self.fix = fix
        }
    }

    /// The file's bytes, at most `limit` of them; `what` names the file in
    /// messages ("the panel file", "the answers file").
    public static func read(_ path: String, limit: Int, what: String) throws(Problem) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw Problem("there is no file here", fix: "check the path and spelling")
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw Problem("this is a folder, not a file", fix: "give the path of the file inside the folder") }
        guard kind == S_IFREG else {
            throw Problem("this is not an ordinary file (it is a device, a pipe or a socket)",
                          fix: "give the path of an ordinary file")
        }
        guard Int(info.st_size) <= limit else {
            throw Problem("\(what) is \(TextLimits.megabytes(Int(info.st_size))); it can be at most \(TextLimits.megabytes(limit))",
                          fix: "check that this is the right file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Problem("cannot read \(what) (check its permissions)")
        }
        defer { try? handle.close() }
        // Read one byte past the limit, in case the file grew since stat.
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else {
            throw Problem("\(what) is more than \(TextLimits.megabytes(limit))", fix: "check that this is the right file")
        }
        return data
    }

    /// Why an answers path written in a panel file may not be read, or nil.
    /// Answers sit in the panel file's folder or below it, so a panel file
    /// cannot copy /etc/shadow or another folder's files into an evaluation.
    static func answersPathProblem(_ path: String) -> String? {
        if path.isEmpty { return "the answers path is empty" }
        if path.hasPrefix("/") || path.hasPrefix("~") { return "the answers file \"\(path)\" is not in the panel file's folder (it starts with \(path.prefix(1)))" }
        if path.split(separator: "/").contains("..") { return "the answers file \"\(path)\" goes up out of the panel file's folder (..)" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the answers path has a control character in it"
        }
        return nil
    }

    /// Reads an answers file named relative to `folder`. The real paths are
    /// compared, so a symbolic link pointing out of the folder is refused.
    static func answers(_ relative: String, folder: String) throws(Problem) -> String {
        let fix = "put the answers file in the panel file's folder (or a folder inside it) and give its path from there"
        if let problem = answersPathProblem(relative) { throw Problem(problem, fix: fix) }
        guard let realFolder = realPath(folder.isEmpty ? "." : folder) else {
            throw Problem("cannot find the panel file's folder \(folder)")
        }
        let joined = realFolder + "/" + relative
        guard let realFile = realPath(joined) else {
            throw Problem("the answers file \"\(relative)\" does not exist",
                          fix: "check the path; it is read relative to the panel file")
        }
        guard realFile.hasPrefix(realFolder == "/" ? "/" : realFolder + "/") else {
            throw Problem("the answers file \"\(relative)\" is a link to a file outside the panel file's folder", fix: fix)
        }
        // A hard link is the same file under a second name, which may be
        // anywhere on the disk (root can link /etc/shadow into the folder).
        var info = stat()
        if stat(realFile, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink > 1 {
            throw Problem("the answers file \"\(relative)\" is a hard link (the same file also has another name), so bidpanel cannot tell that it belongs in the panel file's folder",
                          fix: "copy the file into the folder instead of linking it")
        }
        do {
            let data = try read(realFile, limit: TextLimits.answersFileBytes, what: "it")
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw Problem("the answers file \"\(relative)\": \(error.message)", fix: error.fix)
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
