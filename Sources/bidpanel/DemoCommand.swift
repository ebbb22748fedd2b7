import ArgumentParser
import BidpanelCore
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Score the youth-services example panel with its sample scores.",
        discussion: """
        Uses panels/youth-services.toml with panels/youth-services-scores.csv: first the \
        provisional totals from members' scores, then the totals after the chair's \
        moderation (panels/youth-services-moderated.csv). The interactive panel \
        (sign in, score, moderate) comes next.
        """
    )

    func run() throws {
        let folder = try DemoFiles.panelsFolder()
        let panelPath = folder + "/youth-services.toml"
        let panel = try PanelFile.load(path: panelPath).panel
        let scores = folder + "/youth-services-scores.csv"
        let moderated = folder + "/youth-services-moderated.csv"

        let before = ScoringEngine.score(panel, try Inputs.sheet(panel: panel, scores: scores, moderated: nil, conflicts: nil))
        let after = ScoringEngine.score(panel, try Inputs.sheet(panel: panel, scores: scores, moderated: moderated, conflicts: nil))
        let shown = DemoFiles.shorten
        Console.out("""
        bidpanel demo: the youth-services example

        1. Before moderation: members' scores only
           \(shown(scores))

        \(ResultText.render(before, panel: panel))
        2. After the chair's moderation
           \(shown(moderated))

        \(ResultText.render(after, panel: panel))
        Try it yourself:
          bidpanel validate \(shown(panelPath))
          bidpanel score \(shown(panelPath)) \\
            --scores \(shown(scores)) \\
            --moderated \(shown(moderated)) --format json

        The interactive panel (sign in, score each bid, moderate live) comes next.

        """)
    }
}

enum DemoFiles {
    /// A path relative to the current folder when it is inside it.
    static func shorten(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
    }

    /// The shipped example panels: $BIDPANEL_PANELS, ./panels, or the
    /// package's own panels folder when run with `swift run`.
    static func panelsFolder() throws -> String {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["BIDPANEL_PANELS"] { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/panels")
        let source = URL(fileURLWithPath: #filePath)
        candidates.append(source.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("panels").path)
        for folder in candidates where FileManager.default.fileExists(atPath: folder + "/youth-services.toml") {
            return folder
        }
        throw InputError(message: "cannot find the example panels (looked in: \(candidates.joined(separator: ", "))). "
            + "Run from the bidpanel folder, or set BIDPANEL_PANELS to the panels folder.")
    }
}
