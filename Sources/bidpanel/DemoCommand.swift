import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Try bidpanel on the youth-services example: sign in as any member and score.",
        discussion: """
        Makes a fresh evaluation file of panels/youth-services.toml in a temporary folder, with \
        the example's scores for every bid but the first, and opens it on this terminal. The sign-in screen shows each member's demo PIN, so you can \
        try every role: chair, officer and young assessor. With --print (or when not run in a \
        terminal) it prints the example's totals before and after moderation instead.
        """
    )

    /// The demo members' PINs, shown on the demo's sign-in screen.
    static let pins = ["priya": "2468", "david": "1357", "helen": "8642", "zoe": "2580", "kyle": "9753"]

    @ArgumentParser.Flag(name: .long, help: "Print the example's totals instead of opening the screens.")
    var print = false

    @Option(name: .long, help: "Minutes with no keys pressed before the screen locks.")
    var idleMinutes: Double = 5

    func run() throws {
        let folder = try DemoFiles.panelsFolder()
        let panelPath = folder + "/youth-services.toml"
        guard !print, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            return try printTotals(folder: folder, panelPath: panelPath)
        }
        let loaded = try PanelFile.load(path: panelPath)
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-demo-\(UUID().uuidString.prefix(8))")
        // Owner-only: the demo file holds the example's scores and every member's PIN hash.
        try Outputs.makeFolder(temporary.path)
        let path = temporary.appendingPathComponent("youth-services.bidpanel").path
        let chairID = loaded.panel.members.first { $0.role == .chair }!.id
        let firstBid = loaded.panel.bids.first?.id ?? ""
        let note = "Bid \(firstBid) is yours to score. The others have sample scores for all members."
        try PanelTerminal.run(demoPINs: Self.pins, demoNote: note, idleSeconds: idleMinutes * 60) {
            let store = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: loaded.text, panel: loaded.panel,
                                                   answersFiles: loaded.answersFiles, chairPIN: Self.pins[chairID]!)
            let chair = try store.signIn(member: chairID, pin: Self.pins[chairID]!)
            for member in loaded.panel.members where member.id != chairID {
                if let pin = Self.pins[member.id] { try chair.setPIN(for: member.id, to: pin) }
            }
            // The example's scores for every bid but the first, as if typed in
            // from paper: the chair has something to moderate straight away.
            let scores = try String(contentsOfFile: folder + "/youth-services-scores.csv", encoding: .utf8)
            let values = try ScoresCSV.memberValues(text: scores, file: "youth-services-scores.csv", panel: loaded.panel)
            // Their paper declarations: no conflicts (the sample scores have a value for every bid).
            let scorers = Set(values.map(\.member)).sorted()
            try chair.importPaper(values: values.filter { $0.slot.bid != firstBid }, moderated: [], conflicts: [],
                                  noConflicts: scorers)
            return store
        }
        Console.out("""
        bidpanel demo closed. The demo evaluation is kept at:
          \(path)
        Try (the chair's PIN is \(Self.pins[chairID]!)):
          bidpanel audit \(path)
          bidpanel report \(path)
          bidpanel open \(path)

        """)
    }

    private func printTotals(folder: String, panelPath: String) throws {
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

        Run `bidpanel demo` in a terminal to sign in and score the bids yourself.

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
