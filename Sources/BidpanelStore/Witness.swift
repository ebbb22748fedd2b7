import BidpanelCore
import Foundation

/// A file outside the evaluation file (best on another account or machine)
/// that every sign-off appends the audit head to, one line each:
///
///     2026-11-22T14:05:03.123Z YS-2026-01 388 <64 hex digits>
///
/// Someone who can write to the evaluation file can rewrite its whole chain;
/// they cannot also take back a head already written somewhere they cannot
/// reach. `audit --witness` checks every line for this tender against the chain.
public enum Witness {
    /// Makes the file if it is missing (owner-only) and checks bidpanel can
    /// append to it; returns its absolute path, which the file keeps.
    static func prepare(_ path: String) throws -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if !FileManager.default.fileExists(atPath: absolute) {
            guard FileManager.default.createFile(atPath: absolute, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError("cannot make the witness file \(path): check that its folder exists and you may write there")
            }
        }
        guard FileHandle(forWritingAtPath: absolute) != nil else {
            throw StoreError("cannot write to the witness file \(path): check its permissions")
        }
        return absolute
    }

    static func line(time: String, tender: String, seal: RecordSeal) -> String {
        "\(time) \(tender) \(seal.count) \(seal.head)\n"
    }

    static func append(time: String, tender: String, seal: RecordSeal, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw StoreError("cannot open it for writing")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line(time: time, tender: tender, seal: seal).utf8))
        try handle.synchronize()
    }

    /// Every witnessed head for `tender` that the chain no longer has at its
    /// place, in words; and how many lines were checked.
    public static func check(_ path: String, tender: String, entries: [AuditEntry]) throws -> (problems: [String], checked: Int) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError("cannot read the witness file \(path)")
        }
        var problems: [String] = [], checked = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let parts = line.split(separator: " ")
            guard parts.count == 4, let count = Int(parts[2]), parts[3].count == 64 else {
                problems.append("line \(index + 1) of the witness file is not \"time tender count head\"")
                continue
            }
            guard parts[1] == tender else { continue }
            let time = SafeText.line(String(parts[0]))
            checked += 1
            let head = SafeText.line(String(parts[3]).lowercased())
            if count < 1 || count > entries.count {
                problems.append("the witness file says the chain had \(count) entries ending in \(head.prefix(16)) at \(time), but this file has only \(entries.count) entries: entries were removed")
            } else if entries[count - 1].hash != head {
                problems.append("the witness file says entry \(count) had the head \(head.prefix(16)) at \(time), but in this file it is \(entries[count - 1].hash.prefix(16)): the chain was rewritten after that sign-off")
            }
        }
        if checked == 0 { problems.append("the witness file \(path) has no line for \(tender)") }
        return (problems, checked)
    }
}
