import BidpanelCore
import BidpanelFixtures
import Foundation
import Testing

/// The seeded mutation fuzzer of issue 10, point 11: thousands of mutated
/// panel files and CSVs, made from the shipped examples. Each must load or
/// be refused with diagnostics naming a file and a line; none may crash or
/// hang (a crash here kills the test runner, which fails CI). Replay a
/// failure with the seed and the case number in its message.
@Suite("Fuzzing panel files and CSVs")
struct FuzzTests {
    static let seed: UInt64 = 0xB1D_2026_0011
    static let panelCases = 3_000
    static let csvCases = 3_000
    static let binaryCases = 200
    static let names = ["youth-services", "community-grants", "day-opportunities"]

    /// A fresh copy of panels/ (files and answers) to write mutants into.
    static func panelsCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-fuzz-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: CLI.panels), to: folder)
        return folder
    }

    static func text(_ folder: URL, _ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Every diagnostic names a file and a line; records which case broke it.
    static func expectPlaced(_ error: DiagnosticsError, _ label: String) {
        #expect(!error.diagnostics.isEmpty, "\(label): an error with no diagnostics")
        for diagnostic in error.diagnostics {
            #expect(diagnostic.line >= 1 && diagnostic.column >= 1 && !diagnostic.file.isEmpty, "\(label): \(diagnostic)")
        }
    }

    @Test func mutatedPanelFilesLoadOrNameFileAndLine() throws {
        let folder = try Self.panelsCopy()
        var mutator = Mutator(seed: Self.seed)
        let originals = try Self.names.map { try Self.text(folder, "\($0).toml") }
        var loaded = 0, refused = 0
        for index in 0..<Self.panelCases {
            let which = index % originals.count
            let bytes = mutator.mutate(originals[which], snippets: Mutator.panelSnippets)
            // Beside the original, so its answers paths still resolve.
            let path = folder.appendingPathComponent("mutant-\(Self.names[which]).toml")
            try Data(bytes).write(to: path)
            let label = "seed \(Self.seed) panel case \(index)"
            do {
                _ = try PanelFile.load(path: path.path)
                loaded += 1
            } catch let error as DiagnosticsError {
                Self.expectPlaced(error, label)
                refused += 1
            } catch {
                Issue.record("\(label): threw \(error) instead of diagnostics")
            }
        }
        #expect(loaded + refused == Self.panelCases)
        // A fuzzer that only ever makes broken files tests little.
        #expect(loaded > 0 && refused > 0, "loaded \(loaded), refused \(refused)")
    }

    @Test func mutatedCSVsReadOrNameFileAndLine() throws {
        let folder = try Self.panelsCopy()
        var mutator = Mutator(seed: Self.seed ^ 0xC5F)
        let youth = try PanelFile.load(path: folder.appendingPathComponent("youth-services.toml").path).panel
        let conflicts = "bid,member,reason\nB1,priya,\"Was a trustee of Northgate until 2024\"\nB3,kyle,\n"
        let bids = "id,bidder,price,supplier_id,address,email\nB7,\"Riverside, Youth\",\"£212,000\",GB-CHC-123,\"1 High St\",a@b.org\nB8,Ash Trust,99500.50,,,\n"
        let readers: [(String, (String) throws -> Void)] = [
            (try Self.text(folder, "youth-services-scores.csv"), { _ = try ScoresCSV.memberValues(text: $0, file: "scores.csv", panel: youth) }),
            (try Self.text(folder, "youth-services-moderated.csv"), { _ = try ScoresCSV.moderatedValues(text: $0, file: "moderated.csv", panel: youth) }),
            (conflicts, { _ = try ScoresCSV.conflicts(text: $0, file: "conflicts.csv", panel: youth) }),
            (bids, { _ = try ScoresCSV.bids(text: $0, file: "bids.csv") }),
        ]
        var read = 0, refused = 0
        for index in 0..<Self.csvCases {
            let (original, parse) = readers[index % readers.count]
            let text = String(decoding: mutator.mutate(original, snippets: Mutator.csvSnippets), as: UTF8.self)
            let label = "seed \(Self.seed ^ 0xC5F) CSV case \(index)"
            do {
                try parse(text)
                read += 1
            } catch let error as DiagnosticsError {
                Self.expectPlaced(error, label)
                refused += 1
            } catch {
                Issue.record("\(label): threw \(error) instead of diagnostics")
            }
        }
        #expect(read > 0 && refused > 0, "read \(read), refused \(refused)")
    }

    /// "Exit 0, 1 or 2, never a signal" is about the program, so a sample
    /// also goes through the real binary: `validate` on mutated panels and
    /// `score` with mutated CSVs.
    @Test func theBinaryExitsZeroOneOrTwoAndIsNeverKilled() throws {
        let folder = try Self.panelsCopy()
        var mutator = Mutator(seed: Self.seed ^ 0xB17)
        let youth = folder.appendingPathComponent("youth-services.toml").path
        let panels = try Self.names.map { try Self.text(folder, "\($0).toml") }
        let scores = try Self.text(folder, "youth-services-scores.csv")
        var statuses: [Int32: Int] = [:]
        for index in 0..<Self.binaryCases {
            let label = "seed \(Self.seed ^ 0xB17) binary case \(index)"
            let arguments: [String], mutant: String
            if index % 4 == 3 {
                mutant = folder.appendingPathComponent("mutant-scores.csv").path
                try Data(mutator.mutate(scores, snippets: Mutator.csvSnippets)).write(to: URL(fileURLWithPath: mutant))
                arguments = ["score", youth, "--scores", mutant]
            } else {
                let which = index % panels.count
                mutant = folder.appendingPathComponent("mutant-\(Self.names[which]).toml").path
                try Data(mutator.mutate(panels[which], snippets: Mutator.panelSnippets)).write(to: URL(fileURLWithPath: mutant))
                arguments = ["validate", mutant]
            }
            let run = try CLI.runWatched(arguments, in: folder)
            #expect(run.reason == .exit, "\(label): killed by signal \(run.status)\n\(run.err.prefix(2_000))")
            #expect([0, 1, 2].contains(run.status), "\(label): exit \(run.status)\n\(run.err.prefix(2_000))")
            if run.reason == .exit && run.status == 1 {
                // The first line names a file and a line: "path:12:3: error: …".
                let first = run.err.split(separator: "\n").first.map(String.init) ?? ""
                #expect(first.hasPrefix(folder.path + "/") && first.range(of: #":[1-9][0-9]*:[0-9]+: error: "#, options: .regularExpression) != nil,
                        "\(label): \(first.prefix(300))")
            }
            statuses[run.status, default: 0] += 1
        }
        #expect(statuses[0, default: 0] > 0 && statuses[1, default: 0] > 0, "\(statuses)")
    }
}

extension CLI {
    struct WatchedRun {
        var status: Int32
        var reason: Process.TerminationReason
        var err: String
    }

    /// Runs the binary and stops it if it is still going after a minute: a
    /// hang is reported as a failure instead of stalling CI for ever.
    static func runWatched(_ arguments: [String], in directory: URL) throws -> WatchedRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return WatchedRun(status: process.terminationStatus, reason: process.terminationReason,
                          err: String(decoding: errData, as: UTF8.self))
    }
}
