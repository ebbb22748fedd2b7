import Foundation
import Testing

/// Issue 10 point 8 on the real binary: a bidder's name and members' comments
/// holding terminal escape sequences and bidi overrides reach no terminal or
/// file raw, and output files are owner-only and written safely.
@Suite("Output safe to show and keep")
struct OutputSafetyCLITests {
    static let chairPIN = "2468"

    /// OSC 52 (set the clipboard), OSC 0 (retitle the window) and a
    /// right-to-left override, in the bidder's name as the panel file gives it.
    static let hostileName = "Café \u{1B}]52;c;ZWNobyBvd25lZA==\u{07}Mosaic \u{1B}]0;Signed off\u{07}\u{202E}Project"
    static let hostileNameTOML = #"Café \u001B]52;c;ZWNobyBvd25lZA==\u0007Mosaic \u001B]0;Signed off\u0007\u202EProject"#
    /// A comment and a reason as a CSV can carry them: raw ESC, a lone
    /// carriage return (overprints the line), C1 CSI, an isolate.
    static let hostileComment = "Strong\u{1B}]52;c;aGk=\u{07} team\r£1 \u{202E}reversed\u{9B}31m \u{2066}x\u{2069}"

    /// Every character a terminal would act on, found independently of SafeText.
    static func unsafe(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            let v = scalar.value
            if v == 0x0A || v == 0x09 || v == 0x0C { return false }
            return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x61C || v == 0x200E || v == 0x200F
                || (0x2028...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }.map { String(format: "U+%04X", $0.value) }
    }

    /// A copy of the youth example with the hostile name, title and comments.
    static func hostileEvaluation() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-safe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(CLI.panels)/youth-services", toPath: folder.appendingPathComponent("youth-services").path)
        var panel = try String(contentsOfFile: "\(CLI.panels)/youth-services.toml", encoding: .utf8)
        panel = panel.replacingOccurrences(of: #"bidder = "Café Mosaic Youth Project""#, with: #"bidder = "\#(hostileNameTOML)""#)
        panel = panel.replacingOccurrences(of: #"title = "Positive activities and youth work, 2026-2029""#,
                                           with: #"title = "Positive activities \u001B]0;pwned\u0007and youth work \u2066x\u2069""#)
        try panel.write(to: folder.appendingPathComponent("hostile.toml"), atomically: true, encoding: .utf8)
        let quoted = "\"" + hostileComment + "\""
        var scores = try String(contentsOfFile: "\(CLI.panels)/youth-services-scores.csv", encoding: .utf8)
        scores = scores.replacingOccurrences(of: "B2,experience,priya,3,,\n", with: "B2,experience,priya,3,,\(quoted)\n")
        try scores.write(to: folder.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
        var moderated = try String(contentsOfFile: "\(CLI.panels)/youth-services-moderated.csv", encoding: .utf8)
        moderated = moderated.replacingOccurrences(
            of: "B2,experience,,3,Agreed 3: good results at small scale; no contract of this size before\n",
            with: "B2,experience,,3,\(quoted)\n")
        try moderated.write(to: folder.appendingPathComponent("moderated.csv"), atomically: true, encoding: .utf8)
        #expect(scores.contains(hostileComment) && moderated.contains(hostileComment))
        return folder
    }

    func bidpanel(_ arguments: [String], in folder: URL) throws -> CLI.Run {
        try Tmux.run(CLI.binary.path, arguments, input: Self.chairPIN + "\n", in: folder.path)
    }

    /// What kind of thing is at `path` itself (a link is not followed).
    static func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    func mode(_ path: String) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// A finished evaluation of the hostile copy: made, then filled from the CSVs.
    func recorded(_ folder: URL) throws {
        var run = try bidpanel(["init", "hostile.toml", "--out", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(Self.unsafe(run.out + run.err).isEmpty)
        run = try bidpanel(["import", "ys.bidpanel", "--scores", "scores.csv", "--moderated", "moderated.csv",
                            "--conflicts", "\(CLI.panels)/youth-services-conflicts.csv", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
    }

    @Test func validateAndScoreShowEscapeSequencesAsMarks() throws {
        let folder = try Self.hostileEvaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        var run = try CLI.run(["validate", "hostile.toml"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(Self.unsafe(run.out + run.err).isEmpty, "\(Self.unsafe(run.out + run.err))")
        #expect(run.out.contains("Positive activities ␛]0;pwned␇and youth work \u{FFFD}x\u{FFFD}"))

        // A diagnostic quotes what the file said: an id with an escape in it.
        let bad = try String(contentsOf: folder.appendingPathComponent("hostile.toml"), encoding: .utf8)
            .replacingOccurrences(of: #"scale = "0-5""#, with: #"scale = "0-5\u001B]0;x\u0007\u202E""#)
        try bad.write(to: folder.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)
        run = try CLI.run(["validate", "bad.toml"], in: folder)
        #expect(run.status == 1)
        #expect(run.err.contains("bad.toml"))
        #expect(Self.unsafe(run.out + run.err).isEmpty, "\(Self.unsafe(run.err))")

        for format in ["text", "csv", "json"] {
            run = try CLI.run(["score", "hostile.toml", "--scores", "scores.csv", "--moderated", "moderated.csv", "--format", format], in: folder)
            #expect(run.status == 0, "\(format): \(run.err)")
            #expect(Self.unsafe(run.out + run.err).isEmpty, "\(format): \(Self.unsafe(run.out))")
            #expect(run.out.contains("Mosaic"), "\(format)")
        }
        // JSON keeps the name exactly, as \u escapes any reader decodes.
        #expect(run.out.contains(#"\u001b]52;c;"#) && run.out.contains(#"\u202e"#))
        let decoded = try JSONSerialization.jsonObject(with: Data(run.out.utf8))
        #expect(Self.strings(in: decoded).contains(Self.hostileName))
    }

    static func strings(in value: Any) -> [String] {
        if let text = value as? String { return [text] }
        if let array = value as? [Any] { return array.flatMap(strings) }
        if let object = value as? [String: Any] { return object.values.flatMap(strings) }
        return []
    }

    @Test func reportSummariesExportAndAuditAreSafeAndOwnerOnly() throws {
        let folder = try Self.hostileEvaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        try recorded(folder)

        var run = try bidpanel(["report", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("Mosaic"))
        #expect(Self.unsafe(run.out + run.err).isEmpty, "\(Self.unsafe(run.out))")

        for (format, name) in [("text", "report.txt"), ("json", "report.json"), ("csv", "report.csv")] {
            run = try bidpanel(["report", "ys.bidpanel", "--format", format, "--output", name, "--pin-stdin"], in: folder)
            #expect(run.status == 0, "\(format): \(run.err)")
            let path = folder.appendingPathComponent(name).path
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written.contains("Mosaic"), "\(format)")
            #expect(Self.unsafe(written).isEmpty, "\(format): \(Self.unsafe(written))")
            #expect(try mode(path) == 0o600, "\(format)")
        }

        run = try bidpanel(["summaries", "ys.bidpanel", "--out", "out/summaries", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(Self.unsafe(run.out + run.err).isEmpty)
        let summaries = folder.appendingPathComponent("out/summaries")
        #expect(try mode(summaries.path) == 0o700)
        #expect(try mode(folder.appendingPathComponent("out").path) == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: summaries.path)
        #expect(names.count == 6)
        var sawName = false
        for name in names {
            let path = summaries.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            sawName = sawName || text.contains("Café ␛]52;c;ZWNobyBvd25lZA==␇Mosaic ␛]0;Signed off␇\u{FFFD}Project")
            #expect(Self.unsafe(text).isEmpty, "\(name): \(Self.unsafe(text))")
            #expect(try mode(path) == 0o600, "\(name)")
        }
        #expect(sawName)

        run = try bidpanel(["export", "ys.bidpanel", "--scores", "e-scores.csv", "--moderated", "e-moderated.csv", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        for name in ["e-scores.csv", "e-moderated.csv"] {
            let path = folder.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(Self.unsafe(text).isEmpty, "\(name): \(Self.unsafe(text))")
            #expect(text.contains("Strong␛]52;c;aGk=␇ team␍£1 \u{FFFD}reversed\u{FFFD}31m"), "\(name)")
            #expect(try mode(path) == 0o600)
        }
        // The export shows the marks in place of the controls, and still scores to the same totals.
        let original = try CLI.run(["score", "hostile.toml", "--scores", "scores.csv", "--moderated", "moderated.csv", "--format", "csv"], in: folder)
        let again = try CLI.run(["score", "hostile.toml", "--scores", "e-scores.csv", "--moderated", "e-moderated.csv", "--format", "csv"], in: folder)
        #expect(original.status == 0 && again.status == 0, "\(again.err)")
        #expect(again.out == original.out)

        run = try bidpanel(["audit", "ys.bidpanel", "--pin-stdin"], in: folder)
        #expect(run.out.contains("pwned"))
        #expect(Self.unsafe(run.out + run.err).isEmpty, "\(Self.unsafe(run.out))")
        run = try bidpanel(["audit", "ys.bidpanel", "--format", "json", "--pin-stdin"], in: folder)
        #expect(Self.unsafe(run.out + run.err).isEmpty, "\(Self.unsafe(run.out))")
    }

    /// `audit --format json` keeps a member's comment exactly: ESC, a C1
    /// control, U+202E and isolates are \u escapes a JSON reader turns back
    /// into the very text typed, and the raw output holds none of them.
    @Test func auditJSONKeepsTextExactly() throws {
        let folder = try Self.hostileEvaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        try recorded(folder)
        let run = try bidpanel(["audit", "ys.bidpanel", "--format", "json", "--pin-stdin"], in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(Self.unsafe(run.out).isEmpty, "\(Self.unsafe(run.out))")
        #expect(!run.out.contains("\u{FFFD}") && !run.out.contains("␛"), "a control was replaced, not escaped")
        for escape in [#"\u001b]52;c;aGk=\u0007"#, #"\u202ereversed\u009b31m"#, #"\u2066x\u2069"#, #"\r"#] {
            #expect(run.out.contains(escape), "\(escape)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let entries = try #require(json["entries"] as? [[String: Any]])
        let texts = entries.flatMap { $0.values.compactMap { $0 as? String } }
        #expect(texts.contains(Self.hostileComment), "the comment did not come back exactly")
        #expect(json["intact"] as? Bool == true)
        let seal = try #require(json["seal"] as? [String: Any])
        #expect(seal["count"] as? Int == entries.count)
        #expect((seal["line"] as? String)?.hasPrefix("Audit seal ") == true)
        #expect(entries.first?.keys.sorted() == ["action", "actor", "at", "bid", "criterion", "encoding", "hash", "member",
                                                 "newValue", "oldValue", "prevHash", "principle", "reason", "seq", "source"])
        #expect(entries.map { $0["seq"] as? Int } == Array(1...entries.count))
    }

    @Test func devicesFIFOsAndLinksAreWrittenToNeverReplaced() throws {
        let folder = try Self.hostileEvaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        try recorded(folder)
        func export(to path: String) throws -> CLI.Run {
            try bidpanel(["export", "ys.bidpanel", "--scores", path, "--pin-stdin"], in: folder)
        }
        let header = "bid,criterion,member,value,principle,comment\n"

        // /dev/null stays the device (as root, a rename would have replaced it with a file).
        var run = try export(to: "/dev/null")
        #expect(run.status == 0, "\(run.err)")
        #expect(Self.kind("/dev/null") == S_IFCHR)
        #expect(try mode("/dev/null") == 0o666)

        // A disk that is full (or /dev/full) is an error, never "saved".
        run = try export(to: "/dev/full")
        #expect(run.status == 1)
        #expect(run.err.contains("/dev/full") && run.err.contains("disk is full"), "\(run.err)")
        #expect(Self.kind("/dev/full") == S_IFCHR)

        // "-" is standard output, and so is /dev/stdout.
        run = try export(to: "-")
        #expect(run.status == 0 && run.out.hasPrefix(header), "\(run.err)")
        #expect(Self.unsafe(run.out).isEmpty)
        run = try export(to: "/dev/stdout")
        #expect(run.status == 0 && run.out.hasPrefix(header), "\(run.err)")

        // A FIFO gets the text as a stream and stays a FIFO.
        let fifo = folder.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = Received()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) {
            if let handle = FileHandle(forReadingAtPath: fifo) { received.set(handle.readDataToEndOfFile()) }
        }
        run = try export(to: fifo)
        // Should the export have failed before opening the FIFO, this lets the reader finish.
        let release = open(fifo, O_WRONLY | O_NONBLOCK)
        if release >= 0 { close(release) }
        reading.wait()
        #expect(run.status == 0, "\(run.err)")
        #expect(String(decoding: received.data, as: UTF8.self).hasPrefix(header))
        #expect(Self.kind(fifo) == S_IFIFO)

        // A link is kept: the text goes to its target, which keeps its mode.
        let target = folder.appendingPathComponent("target.csv").path
        let link = folder.appendingPathComponent("link.csv").path
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.csv")
        run = try export(to: "link.csv")
        #expect(run.status == 0, "\(run.err)")
        #expect(Self.kind(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.csv")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix(header))
        #expect(try mode(target) == 0o640)

        // A link to nothing is refused; nothing is made at its far end.
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("dangling.csv").path, withDestinationPath: "gone.csv")
        run = try export(to: "dangling.csv")
        #expect(run.status == 1)
        #expect(run.err.contains("dangling.csv") && run.err.contains("does not exist"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("gone.csv").path))

        // A new file is owner-only; a replaced one keeps its mode, and no temporary file is left.
        run = try export(to: "new.csv")
        #expect(run.status == 0, "\(run.err)")
        #expect(try mode(folder.appendingPathComponent("new.csv").path) == 0o600)
        let shared = folder.appendingPathComponent("shared.csv").path
        try "old".write(toFile: shared, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: shared)
        run = try export(to: "shared.csv")
        #expect(run.status == 0, "\(run.err)")
        #expect(try String(contentsOfFile: shared, encoding: .utf8).hasPrefix(header))
        #expect(try mode(shared) == 0o644)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".bidpanel-") }
        #expect(left.isEmpty, "\(left)")

        // A folder, or a folder that does not exist, is refused with what to do.
        run = try bidpanel(["report", "ys.bidpanel", "--output", "youth-services", "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("is a folder"), "\(run.err)")
        run = try bidpanel(["report", "ys.bidpanel", "--output", "missing/report.txt", "--pin-stdin"], in: folder)
        #expect(run.status == 1 && run.err.contains("missing") && run.err.contains("does not exist"), "\(run.err)")
    }

    /// On a real terminal (tmux, which obeys OSC 0 and, set so, OSC 52): the
    /// window title and the clipboard set before bidpanel runs are still
    /// there after validate, score, init, summaries, a summary shown with cat
    /// and a PIN prompt naming a chair whose name holds the same sequences.
    @Test func onATerminalNothingRetitlesTheWindowOrWritesTheClipboard() async throws {
        let folder = try Self.hostileEvaluation()
        defer { try? FileManager.default.removeItem(at: folder) }
        let panel = folder.appendingPathComponent("hostile.toml")
        try String(contentsOf: panel, encoding: .utf8)
            .replacingOccurrences(of: #"name = "Priya Shah""#, with: #"name = "Priya \u001B]0;Chair title\u0007\u001B]52;c;Y2hhaXI=\u0007Shah""#)
            .write(to: panel, atomically: true, encoding: .utf8)
        let bidpanel = "'\(CLI.binary.path)'"
        let script = [
            "tmux set -s set-clipboard on",
            // Show that this terminal obeys both: a title and a clipboard of our own.
            #"printf '\033]0;probe\007\033]52;c;cHJvYmU=\007'"#,
            "cd '\(folder.path)'",
            "\(bidpanel) validate hostile.toml",
            "\(bidpanel) score hostile.toml --scores scores.csv --moderated moderated.csv",
            "echo \(Self.chairPIN) | \(bidpanel) init hostile.toml --out ys.bidpanel --pin-stdin",
            "echo \(Self.chairPIN) | \(bidpanel) import ys.bidpanel --scores scores.csv --moderated moderated.csv --pin-stdin",
            "echo \(Self.chairPIN) | \(bidpanel) summaries ys.bidpanel --out out --pin-stdin",
            "cat out/B2-*.txt",
            "echo \(Self.chairPIN) | \(bidpanel) report ys.bidpanel --pin-stdin",
            "\(bidpanel) members ys.bidpanel set-pin david",
            "sleep 600",
        ].joined(separator: "; ")
        let tmux = try Tmux(script)
        defer { tmux.kill() }
        try await tmux.waitFor("Chair's PIN (Priya ␛]0;Chair title␇␛]52;c;Y2hhaXI=␇Shah)", timeout: 30)
        let screen = try tmux.screen()
        #expect(try tmux.title() == "probe", "\(screen)")
        #expect(try tmux.buffers() == ["probe"], "\(screen)")
    }

    @Test func standardOutputOnAFullDiskIsAnError() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["score", "\(CLI.panels)/youth-services.toml", "--scores", "\(CLI.panels)/youth-services-scores.csv"]
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        process.standardOutput = full
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("standard output") && message.contains("disk is full"), "\(message)")
    }
}

/// Bytes handed from the FIFO's reading thread back to the test.
private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    func set(_ data: Data) { lock.withLock { stored = data } }
    var data: Data { lock.withLock { stored } }
}
