import Foundation
import Testing

/// The attacks of issue 10 point 11 through the real binary: each ends with
/// exit 1 and a message naming the file and line, never a signal or a hang.
@Suite("Hostile files through the command line")
struct HostileCLITests {
    static func panelFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-hostile-cli-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: CLI.panels), to: folder)
        return folder
    }

    static func youth(_ folder: URL) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("youth-services.toml"), encoding: .utf8)
    }

    /// Writes `text` as hostile.toml beside the youth panel and runs `arguments`.
    static func run(_ text: String, _ arguments: (String) -> [String]) throws -> (CLI.WatchedRun, String) {
        let folder = try panelFolder()
        let path = folder.appendingPathComponent("hostile.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (try CLI.runWatched(arguments(path), in: folder), path)
    }

    @Test func validateRefusesEachAttackWithFileAndLine() throws {
        let base = try Self.youth(try Self.panelFolder())
        let lines = base.split(separator: "\n", omittingEmptySubsequences: false).count
        let attacks: [(String, Int, String)] = [
            (base + "\n[" + Array(repeating: "a", count: 100_000).joined(separator: ".") + "]\n", lines + 1, "longer than 10000"),
            (base + "\nx = " + String(repeating: "[\n", count: 100_000), lines + 17, "nested more than 16 deep"),
            (base + "\n[\u{1}abc]\n", lines + 1, "a table name in [ ] must start with"),
            (base.replacingOccurrences(of: "price = 238000", with: "price = 238\u{0}000"), 182, "NUL character"),
            (base.replacingOccurrences(of: "quality = 80", with: "quality = 8e-9999"), 14, "exponent"),
            (base.replacingOccurrences(of: "youth-services/bids/northgate.md", with: "/etc/passwd"), 183, "not in the panel file's folder"),
            (base.replacingOccurrences(of: "youth-services/bids/northgate.md", with: "../../../../etc/passwd"), 183, "goes up out of"),
        ]
        for (text, line, phrase) in attacks {
            let (run, path) = try Self.run(text) { ["validate", $0] }
            #expect(run.reason == .exit && run.status == 1, "\(phrase): \(run.status) \(run.err.prefix(300))")
            #expect(run.err.hasPrefix("\(path):\(line):"), "\(phrase): \(run.err.prefix(300))")
            #expect(run.err.contains(phrase), "\(run.err.prefix(300))")
            #expect(run.err.contains("fix: "))
        }
    }

    @Test func scoreRefusesAnExponentWeightInsteadOfHanging() throws {
        // On main, 8e-9999 validated and then score took 44 s.
        let base = try Self.youth(try Self.panelFolder())
        let text = base.replacingOccurrences(of: "weight = 10\n", with: "weight = 1e-9999\n")
        let (run, path) = try Self.run(text) { ["score", $0, "--scores", CLI.panels + "/youth-services-scores.csv"] }
        #expect(run.reason == .exit && run.status == 1, "\(run.err.prefix(300))")
        #expect(run.err.hasPrefix("\(path):"), "\(run.err.prefix(300))")
        #expect(run.err.contains("exponent"))
    }

    @Test func aCSVThatIsADeviceOrHasANULIsRefused() throws {
        let youth = CLI.panels + "/youth-services.toml"
        let zero = try CLI.runWatched(["score", youth, "--scores", "/dev/zero"], in: URL(fileURLWithPath: CLI.panels))
        #expect(zero.reason == .exit && zero.status == 1)
        #expect(zero.err.hasPrefix("/dev/zero:1:1: error: this is not an ordinary file"), "\(zero.err.prefix(300))")
        let nul = try CLI.temporary("scores.csv", "bid,criterion,member,value\nB1,experience,priya,5\u{0}\n")
        let run = try CLI.runWatched(["score", youth, "--scores", nul], in: URL(fileURLWithPath: CLI.panels))
        #expect(run.reason == .exit && run.status == 1)
        #expect(run.err.hasPrefix("\(nul):2:"), "\(run.err.prefix(300))")
    }
}
