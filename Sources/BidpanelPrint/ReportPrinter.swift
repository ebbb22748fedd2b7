import BidpanelCore
import Foundation

/// What became of a report sent to print.
public enum PrintOutcome: Equatable, Sendable {
    /// `lp` took it; `detail` is what lp said (its request id), if anything.
    case sent(detail: String)
    /// It could not be printed here, so it was saved to `path`; `why` says
    /// what stopped it, in words for the person at the keyboard.
    case saved(path: String, why: String)
}

/// Printing failed and saving the report failed too.
public struct PrintFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Prints plain text with the system's `lp` (CUPS). Many council laptops
/// have no printer set up, so a report that cannot be printed is never lost:
/// it is saved to a file the user can print from another computer.
public struct ReportPrinter: Sendable {
    /// Folders to look for `lp` in, separated by colons, as in PATH.
    public var searchPath: String?

    public init(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) {
        self.searchPath = searchPath
    }

    /// The `lp` program on the search path, if there is one. Empty entries
    /// (which would mean the current folder) are skipped: a stray file named
    /// lp in the user's folder must never be run.
    public var lpPath: String? {
        for folder in (searchPath ?? "").split(separator: ":") where folder.hasPrefix("/") {
            let candidate = String(folder) + "/lp"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// Sends `text` to the default printer titled `title`; when that cannot
    /// be done, saves it at `fallbackPath` (or "name (2).txt" beside it, never
    /// replacing a file). Throws only when saving fails too.
    ///
    /// Control and bidi characters (a bidder's name can hold an escape
    /// sequence) are shown as visible marks on paper and in the saved file;
    /// the form feeds between pages stay.
    public func print(_ text: String, title: String, fallbackPath: String) throws -> PrintOutcome {
        let text = SafeText.visible(text, keeping: ["\u{0C}"])
        let title = SafeText.line(title)
        guard let lp = lpPath else {
            return .saved(path: try save(text, near: fallbackPath), why: "There is no printer program (lp) on this computer.")
        }
        let why: String
        do {
            let run = try Self.run(lp, ["-t", title], input: Data(text.utf8))
            if run.status == 0 { return .sent(detail: Self.oneLine(run.out)) }
            let said = Self.oneLine(run.err.isEmpty ? run.out : run.err)
            why = said.isEmpty ? "The printer program (lp) stopped with code \(run.status)." : "The printer said: \(said)"
        } catch {
            why = "The printer program (lp) could not be started: \(error.localizedDescription)"
        }
        return .saved(path: try save(text, near: fallbackPath), why: why)
    }

    // MARK: - Saving instead

    /// Writes to `path`, or to "stem (2).ext", "stem (3).ext" … when taken;
    /// never replaces a file (a FIFO or a device is written to as a stream).
    /// The new file is owner-only. Returns the path written.
    func save(_ text: String, near path: String) throws -> String {
        let data = Data(text.utf8)
        for copy in 1...999 {
            let candidate = Self.numbered(path, copy)
            do {
                try OutputFile.create(data, at: candidate)
                return candidate
            } catch let error as OutputFileError where error.reason == .exists {
                continue
            } catch let error as OutputFileError {
                throw Self.cannotSave(candidate, because: error)
            } catch {
                throw Self.cannotSave(candidate, because: nil)
            }
        }
        throw Self.cannotSave(path, because: nil)
    }

    static func cannotSave(_ path: String, because error: OutputFileError?) -> PrintFailure {
        if let error {
            return PrintFailure("The report could not be printed, and it could not be saved either: \(error.description) To save it elsewhere, choose the file with --output.")
        }
        let folder = (path as NSString).deletingLastPathComponent
        return PrintFailure("The report could not be printed, and it could not be saved to \(path) either. Check that the folder \(folder.isEmpty ? "." : folder) exists and that you may write there, or choose another file with --output.")
    }

    /// "report.txt" for copy 1, then "report (2).txt", "report (3).txt".
    static func numbered(_ path: String, _ copy: Int) -> String {
        guard copy > 1 else { return path }
        let name = (path as NSString).lastPathComponent
        let folder = (path as NSString).deletingLastPathComponent
        let ext = (name as NSString).pathExtension
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        let numberedName = "\(stem) (\(copy))" + (ext.isEmpty ? "" : ".\(ext)")
        return folder.isEmpty ? numberedName : (folder as NSString).appendingPathComponent(numberedName)
    }

    // MARK: - Running lp

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    /// Runs a program with `input` on its standard input and waits for it.
    /// The input goes through a temporary file, not a pipe, so a program that
    /// exits without reading it cannot stop us with a broken pipe.
    static func run(_ program: String, _ arguments: [String], input: Data) throws -> Run {
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-print-\(UUID().uuidString).txt")
        // Owner-only: the report holds scores, prices and names.
        try OutputFile.create(input, at: inputFile.path)
        defer { try? FileManager.default.removeItem(at: inputFile) }
        let stdin = try FileHandle(forReadingFrom: inputFile)
        defer { try? stdin.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard output is read on another thread while we read standard
        // error, so neither pipe can fill up and stall the program.
        let collected = Collected()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) {
            collected.set(out.fileHandleForReading.readDataToEndOfFile())
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: String(decoding: collected.data, as: UTF8.self),
                   err: String(decoding: errData, as: UTF8.self))
    }

    /// lp's message on one line, without surrounding space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// Bytes handed from the reading thread back to the caller.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()

    func set(_ data: Data) { lock.withLock { stored = data } }
    var data: Data { lock.withLock { stored } }
}
