import BidpanelCore
import BidpanelFixtures
import Foundation
import Testing

/// `bidpanel-bench scale` compares bidpanel's speed with a plain Python
/// scoring (Sources/bidpanel-bench/reference/score.py). That comparison is
/// only fair if the script does the same scoring: here its figures must
/// equal the engine's, bid by bid, on the benchmark's own panels.
@Suite("Scale benchmark's Python reference")
struct ScaleReferenceTests {
    static let script = CLI.root.appendingPathComponent("Sources/bidpanel-bench/reference/score.py").path

    /// python3 from PATH, if it runs.
    static let python: String? = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import tomllib, fractions"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? "python3" : nil
    }()

    /// Every bid's quality marks, price marks, total (as published, two
    /// places), rank and exclusion, by the engine and by the script.
    @Test(.enabled(if: python != nil, "python3 (3.11 or later, with tomllib) is not installed, so the benchmark's Python reference scoring cannot be checked"),
          arguments: [10, 100])
    func pythonScoresTheBenchmarkPanelsAsTheEngineDoes(bids: Int) throws {
        let scale = ScalePanel(bids: bids)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let panelPath = folder.appendingPathComponent("panel.toml"), scores = folder.appendingPathComponent("scores.csv")
        try scale.panelText.write(to: panelPath, atomically: true, encoding: .utf8)
        try scale.writeScoresCSV(to: scores)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, panelPath.path, scores.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let python = try #require(json["bids"] as? [[String: Any]])

        let result = ScoringEngine.score(try scale.panel(), scale.scoreSheet())
        #expect(python.map { $0["id"] as? String } == result.bids.map(\.bid.id), "the same bids in the same order")
        #expect(result.bids.contains(where: \.excluded) == (bids == 100), "the larger panel excludes some bids, the smaller none")
        for (theirs, ours) in zip(python, result.bids) {
            func same(_ key: String, _ exact: Exact) {
                #expect(Decimal(string: theirs[key] as? String ?? "") == Decimal(string: exact.formatted(places: 2)),
                        "\(ours.bid.id) \(key): Python \(theirs[key] ?? "nothing"), engine \(exact.formatted(places: 2))")
            }
            same("quality", ours.qualityMarks)
            same("price_marks", ours.priceMarks)
            same("total", ours.total)
            #expect(theirs["rank"] as? Int == ours.rank, "\(ours.bid.id) rank")
            #expect(theirs["excluded"] as? Bool == ours.excluded, "\(ours.bid.id) excluded")
        }
    }
}
