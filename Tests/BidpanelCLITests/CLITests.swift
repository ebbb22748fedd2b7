import Foundation
import Testing

/// Runs the real `bidpanel` binary, as a person or a script would.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let panels = root.appendingPathComponent("panels").path

    /// The binary sits beside the test bundle in the build folder.
    static var binary: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("bidpanel").path),
              folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("bidpanel")
    }

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    static func run(_ arguments: [String], in directory: URL = root) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                   err: String(decoding: errData, as: UTF8.self))
    }

    static func temporary(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

@Suite("Command line")
struct CLITests {
    let youth = "\(CLI.panels)/youth-services.toml"
    let scores = "\(CLI.panels)/youth-services-scores.csv"
    let moderated = "\(CLI.panels)/youth-services-moderated.csv"

    @Test func validateAcceptsEveryShippedPanel() throws {
        for name in ["youth-services", "community-grants", "day-opportunities"] {
            let run = try CLI.run(["validate", "\(CLI.panels)/\(name).toml"])
            #expect(run.status == 0, "\(name): \(run.err)")
            #expect(run.out.contains("is valid"))
        }
    }

    @Test func validateNamesFileLineAndFixThenExitsOne() throws {
        let original = try String(contentsOfFile: youth, encoding: .utf8)
        let broken = original.replacingOccurrences(of: "weight = 10", with: "wieght = 10")
        let path = try CLI.temporary("broken.toml", broken)
        let run = try CLI.run(["validate", path])
        #expect(run.status == 1)
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("wieght") }! + 1
        #expect(run.err.contains("\(path):\(line):1: error: unknown key \"wieght\""))
        #expect(run.err.contains("did you mean \"weight\"?"))
    }

    @Test func scoreJSONFollowsTheSpec() throws {
        let run = try CLI.run(["score", youth, "--scores", scores, "--moderated", moderated, "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(json["tender"] as? String == "YS-2026-01")
        #expect(json["complete"] as? Bool == true)
        #expect((json["quality"] as? NSNumber)?.intValue == 80)
        #expect((json["price"] as? NSNumber)?.intValue == 20)
        #expect(json["price_formula"] as? String == "relative")
        let bids = try #require(json["bids"] as? [[String: Any]])
        let first = bids[0]
        for key in ["id", "bidder", "price", "quality", "price_marks", "total", "rank", "excluded", "reasons", "flags"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["id"] as? String == "B1")
        #expect(run.out.contains("\"total\": 79.27"))
        let excluded = try #require(bids.first { $0["id"] as? String == "B5" })
        #expect(excluded["rank"] is NSNull)
        #expect((excluded["price_marks"] as? NSNumber)?.intValue == 0)
        #expect(excluded["excluded"] as? Bool == true)
    }

    @Test func scoreTextSaysProvisionalUntilModerated() throws {
        let provisional = try CLI.run(["score", youth, "--scores", scores])
        #expect(provisional.status == 0)
        #expect(provisional.out.contains("PROVISIONAL"))
        let final = try CLI.run(["score", youth, "--scores", scores, "--moderated", moderated])
        #expect(!final.out.contains("PROVISIONAL"))
        #expect(final.out.contains("Northgate Youth Collective"))
        #expect(final.out.contains("EXCLUDED: failed safeguarding"))
        #expect(final.out.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func scoreCSVHasOneRowPerBid() throws {
        let run = try CLI.run(["score", youth, "--scores", scores, "--moderated", moderated, "--format", "csv"])
        let lines = run.out.split(separator: "\n")
        #expect(lines.first == "rank,bid,bidder,price,quality,price_marks,total,excluded,reasons,flags,complete")
        #expect(lines.count == 7)
    }

    @Test func aBadScoresRowStopsEverythingWithExitOne() throws {
        let original = try String(contentsOfFile: scores, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[3] = "B1,experience,zoe,6,,"
        let path = try CLI.temporary("scores.csv", lines.joined(separator: "\n"))
        let run = try CLI.run(["score", youth, "--scores", path])
        #expect(run.status == 1)
        #expect(run.out.isEmpty)
        #expect(run.err.contains("\(path):4:1: error:"))
    }

    @Test func missingFilesAreInputErrors() throws {
        let run = try CLI.run(["score", youth, "--scores", "/nonexistent/s.csv"])
        #expect(run.status == 1)
        #expect(run.err.contains("/nonexistent/s.csv:1:1: error: there is no file here"))
        let panel = try CLI.run(["validate", "/nonexistent/p.toml"])
        #expect(panel.status == 1)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["score", youth]).status == 2)                 // --scores missing
        #expect(try CLI.run(["score", youth, "--scores", scores, "--format", "xml"]).status == 2)
        #expect(try CLI.run(["frobnicate"]).status == 2)
        let help = try CLI.run(["score", "--help"])
        #expect(help.status == 0)
        #expect(help.out.contains("--moderated"))
    }

    @Test func demoPrintsTheExampleBeforeAndAfterModeration() throws {
        let run = try CLI.run(["demo"], in: FileManager.default.temporaryDirectory)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("PROVISIONAL"))
        #expect(run.out.contains("After the chair's moderation"))
        #expect(run.out.contains("79.27"))
    }
}
