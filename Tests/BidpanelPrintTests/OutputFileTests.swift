import Foundation
import Glibc
import Testing
@testable import BidpanelPrint

/// OutputFile's rules, on real files, devices, FIFOs and links.
@Suite("Output files")
struct OutputFileTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test func aNewFileIsOwnerOnlyAndAReplacedOneKeepsItsModeAndInode() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = work + "/scores.csv"
        try OutputFile.write(Data("first\n".utf8), to: path)
        #expect(mode(path) == 0o600)
        #expect(read(path) == "first\n")
        #expect(chmod(path, 0o640) == 0)
        var before = stat()
        stat(path, &before)
        try OutputFile.write(Data("second\n".utf8), to: path)
        var after = stat()
        stat(path, &after)
        #expect(read(path) == "second\n")
        #expect(mode(path) == 0o640)
        // Replaced by a rename: a reader holding the old file keeps the old text whole.
        #expect(before.st_ino != after.st_ino)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["scores.csv"])
    }

    @Test func devicesAreWrittenToAndStayDevices() throws {
        try OutputFile.write(Data("x\n".utf8), to: "/dev/null")
        #expect(kind("/dev/null") == S_IFCHR)
        try OutputFile.create(Data("x\n".utf8), at: "/dev/null")
        #expect(kind("/dev/null") == S_IFCHR)
        #expect(throws: OutputFileError(path: "/dev/full", reason: .full, partly: true)) {
            try OutputFile.write(Data("x\n".utf8), to: "/dev/full")
        }
        #expect(throws: OutputFileError(path: "/dev/full", reason: .full, partly: true)) {
            try OutputFile.create(Data("x\n".utf8), at: "/dev/full")
        }
        #expect(kind("/dev/full") == S_IFCHR)
        let message = OutputFileError(path: "/dev/full", reason: .full, partly: true).description
        #expect(message.contains("disk is full") && message.contains("do not use that copy"))
    }

    @Test func dashIsStandardOutput() {
        #expect(OutputFile.standardStream("-") == STDOUT_FILENO)
        #expect(OutputFile.standardStream("/dev/stdout") == STDOUT_FILENO)
        #expect(OutputFile.standardStream("/dev/fd/2") == STDERR_FILENO)
        #expect(OutputFile.standardStream("./-") == nil)
        #expect(OutputFile.standardStream("/dev/fd/7") == nil)
    }

    @Test func aFIFOGetsTheWholeTextAsAStream() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let fifo = work + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // More than a pipe holds at once, so the writer must wait for the reader.
        let text = String(repeating: "B2,experience,priya,3,,Café Mosaïque 🎨\n", count: 5000)
        let received = Box()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) {
            if let handle = FileHandle(forReadingAtPath: fifo) { received.set(handle.readDataToEndOfFile()) }
        }
        try OutputFile.write(Data(text.utf8), to: fifo)
        reading.wait()
        #expect(String(decoding: received.data, as: UTF8.self) == text)
        #expect(kind(fifo) == S_IFIFO)
    }

    @Test func aLinkIsNeverReplacedAndALinkToNothingIsRefused() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try "old".write(toFile: work + "/target.txt", atomically: true, encoding: .utf8)
        #expect(chmod(work + "/target.txt", 0o644) == 0)
        #expect(symlink("target.txt", work + "/link.txt") == 0)
        try OutputFile.write(Data("new\n".utf8), to: work + "/link.txt")
        #expect(kind(work + "/link.txt") == S_IFLNK)
        #expect(read(work + "/target.txt") == "new\n")
        #expect(mode(work + "/target.txt") == 0o644)

        // create never writes into a file, through a link or not.
        #expect(throws: OutputFileError(path: work + "/link.txt", reason: .exists)) {
            try OutputFile.create(Data("again\n".utf8), at: work + "/link.txt")
        }
        #expect(read(work + "/target.txt") == "new\n")

        #expect(symlink("gone.txt", work + "/dangling.txt") == 0)
        #expect(throws: OutputFileError(path: work + "/dangling.txt", reason: .brokenLink("gone.txt"))) {
            try OutputFile.write(Data("x".utf8), to: work + "/dangling.txt")
        }
        #expect(!FileManager.default.fileExists(atPath: work + "/gone.txt"))
    }

    @Test func createNeverReplacesAFile() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try OutputFile.create(Data("report\n".utf8), at: work + "/report.txt")
        #expect(mode(work + "/report.txt") == 0o600)
        #expect(throws: OutputFileError(path: work + "/report.txt", reason: .exists)) {
            try OutputFile.create(Data("other\n".utf8), at: work + "/report.txt")
        }
        #expect(read(work + "/report.txt") == "report\n")
    }

    @Test func foldersAndMissingFoldersAreRefusedWithWhatToDo() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(throws: OutputFileError(path: work, reason: .isFolder)) { try OutputFile.write(Data(), to: work) }
        #expect(throws: OutputFileError(path: work + "/no/x.txt", reason: .missingFolder(work + "/no"))) {
            try OutputFile.write(Data(), to: work + "/no/x.txt")
        }
        let message = OutputFileError(path: work + "/no/x.txt", reason: .missingFolder(work + "/no")).description
        #expect(message.contains("does not exist") && message.contains("Make it first") && message.contains("Nothing was saved"))
        try "x".write(toFile: work + "/file", atomically: true, encoding: .utf8)
        #expect(throws: OutputFileError(path: work + "/file/x.txt", reason: .notAFolder)) {
            try OutputFile.write(Data(), to: work + "/file/x.txt")
        }
    }

    @Test func makeFolderIsOwnerOnlyAndKeepsAFolderThatIsThere() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(chmod(work, 0o755) == 0)
        try OutputFile.makeFolder(work + "/a/b")
        #expect(mode(work + "/a") == 0o700 && mode(work + "/a/b") == 0o700)
        try OutputFile.makeFolder(work)
        #expect(mode(work) == 0o755)
        try "x".write(toFile: work + "/file", atomically: true, encoding: .utf8)
        #expect(throws: OutputFileError(path: work + "/file", reason: .notAFolder)) { try OutputFile.makeFolder(work + "/file") }
    }

    @Test func savedPrintsAreSafeToShow() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let outcome = try ReportPrinter(searchPath: "").print("Bidder: \u{1B}]52;c;aGk=\u{07}Acme \u{202E}Ltd\n\u{0C}Page 2\n", title: "t",
                                                               fallbackPath: work + "/report.txt")
        #expect(outcome == .saved(path: work + "/report.txt", why: "There is no printer program (lp) on this computer."))
        #expect(read(work + "/report.txt") == "Bidder: ␛]52;c;aGk=␇Acme \u{FFFD}Ltd\n\u{0C}Page 2\n")
        #expect(mode(work + "/report.txt") == 0o600)
        // A printer that cannot be reached and a device asked for: the device is written to, not replaced.
        #expect(try ReportPrinter(searchPath: "").print("x\n", title: "t", fallbackPath: "/dev/null")
            == .saved(path: "/dev/null", why: "There is no printer program (lp) on this computer."))
        #expect(kind("/dev/null") == S_IFCHR)
        #expect(throws: PrintFailure.self) { try ReportPrinter(searchPath: "").print("x\n", title: "t", fallbackPath: "/dev/full") }
    }
}

private final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    func set(_ data: Data) { lock.withLock { stored = data } }
    var data: Data { lock.withLock { stored } }
}
