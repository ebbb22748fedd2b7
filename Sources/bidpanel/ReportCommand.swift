import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the totals from an evaluation file (chair's PIN).",
        discussion: "PROVISIONAL until every value is in (and, under consensus, moderated)."
    )

    @Argument(help: "The evaluation file.") var file: String
    @Option(name: .long, help: "text, json or csv.") var format: OutputFormat = .text
    @Option(name: .long, help: "Write the report to this file instead of the screen.") var output: String?
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        let result = try chair.signInChair(store).result()
        let text: String
        switch format {
        case .text: text = ResultText.render(result, panel: store.panel)
        case .json: text = ResultJSON.render(result, panel: store.panel)
        case .csv: text = ResultCSV.render(result, panel: store.panel)
        }
        if let output { try Outputs.write(text, to: output) } else { Console.out(text) }
    }
}
