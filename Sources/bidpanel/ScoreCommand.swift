import ArgumentParser
import BidpanelCore

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a panel from CSV files and print the totals.",
        discussion: """
        Scores: bid,criterion,member,value,principle,comment. Moderated values: \
        bid,criterion,principle,value,reason. Conflicts: bid,member,reason. \
        A bad row is reported by file and line, and nothing from that file is used.

        Under consensus moderation the result is PROVISIONAL (members' mean) until \
        every value has a moderated value.
        """
    )

    @Argument(help: "The panel file.")
    var panel: String

    @Option(name: .long, help: "Members' scores (CSV).")
    var scores: String

    @Option(name: .long, help: "The chair's moderated values (CSV).")
    var moderated: String?

    @Option(name: .long, help: "Declared conflicts of interest (CSV).")
    var conflicts: String?

    @Option(name: .long, help: "text (a table), json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let panel = try PanelFile.load(path: self.panel).panel
        let sheet = try Inputs.sheet(panel: panel, scores: scores, moderated: moderated, conflicts: conflicts)
        if !panel.lots.isEmpty {
            // Each lot is its own competition, then the award rule (docs/scoring.md, "Lots").
            let tender = LotScoring.score(panel, sheet)
            switch format {
            case .text: Console.out(LotText.render(tender, panel: panel))
            case .json: Console.out(LotJSON.render(tender, panel: panel))
            case .csv: Console.out(LotCSV.render(tender, panel: panel))
            }
            return
        }
        if !panel.stages.isEmpty {
            let staged = StageScoring.score(panel, sheet)
            switch format {
            case .text: Console.out(StageText.render(staged, panel: panel))
            case .json: Console.out(StageJSON.render(staged, panel: panel))
            case .csv: Console.out(StageCSV.render(staged))
            }
            return
        }
        let result = ScoringEngine.score(panel, sheet)
        switch format {
        case .text: Console.out(ResultText.render(result, panel: panel))
        case .json: Console.out(ResultJSON.render(result, panel: panel))
        case .csv: Console.out(ResultCSV.render(result, panel: panel))
        }
    }
}
