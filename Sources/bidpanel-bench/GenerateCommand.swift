import BidpanelFixtures
import Foundation

/// Writes a ScalePanel's files to a folder, for measuring the real binary
/// (and Python) on the same input the benchmarks use.
enum GenerateCommand {
    static func run(_ arguments: [String]) throws {
        guard arguments.count >= 2, let bids = Int(arguments[0]) else {
            FileHandle.standardError.write(Data("usage: bidpanel-bench generate BIDS FOLDER [--evaluation]\n".utf8))
            exit(2)
        }
        let folder = URL(fileURLWithPath: arguments[1])
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let scale = ScalePanel(bids: bids)
        try scale.panelText.write(to: folder.appendingPathComponent("panel.toml"), atomically: true, encoding: .utf8)
        try scale.writeScoresCSV(to: folder.appendingPathComponent("scores.csv"))
        try scale.conflictsCSV.write(to: folder.appendingPathComponent("conflicts.csv"), atomically: true, encoding: .utf8)
        if arguments.contains("--evaluation") {
            let path = folder.appendingPathComponent("evaluation.bidpanel").path
            try? FileManager.default.removeItem(atPath: path)
            try scale.createEvaluation(at: path)
        }
        print("wrote \(folder.path): \(bids) bids × \(scale.criteria) criteria × \(scale.members) members; chair m1, PIN \(scale.pin(ofMember: 0))")
    }
}
