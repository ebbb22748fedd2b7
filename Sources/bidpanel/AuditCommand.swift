import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log has not been tampered with, and print it (chair's PIN).",
        discussion: "Exit status 1 when any row was changed, removed or reordered, or a value was changed outside bidpanel."
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The evaluation file.") var file: String
    @Option(name: .long, help: "text (A4 pages, ready to print) or json.") var format: Format = .text
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        let entries = try chair.signInChair(store).auditEntries()
        let problems = try store.verifyAudit()
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Output: Encodable { var intact: Bool; var problems: [String]; var entries: [AuditEntry] }
            let data = try encoder.encode(Output(intact: problems.isEmpty, problems: problems, entries: entries))
            Console.out(String(decoding: data, as: UTF8.self) + "\n")
        case .text:
            Console.out(AuditReport.render(entries, panel: store.panel, problems: problems, date: Self.today()))
        }
        if !problems.isEmpty {
            throw InputError(message: "\(file): the audit log does not verify (\(problems.count) problem\(problems.count == 1 ? "" : "s"), listed above)")
        }
    }

    /// "15 January 2027", for the page headers.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: Date())
    }
}
