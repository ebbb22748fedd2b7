import ArgumentParser
import BidpanelCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a panel file and say exactly what to fix.",
        discussion: """
        Reports every error with its file, line and column, and what to do about it. \
        Also warns (without failing) when wording for young assessors may be hard to read.
        """
    )

    @Argument(help: "The panel file, e.g. panels/youth-services.toml.")
    var panel: String

    func run() throws {
        let loaded = try PanelFile.load(path: panel)
        for warning in loaded.warnings { Console.error(warning.description) }
        let p = loaded.panel
        let price = p.scoring.priceFormula == .none ? "price not scored" : "price \(p.priceShare) (\(p.scoring.priceFormula.rawValue))"
        // A line only for a grants round with a pot: a tender's summary is unchanged.
        let funding = p.scoring.pot.map { pot in
            "\n  a pot of \(Money(currency: p.tender.currency).format(pot)), funded in rank order; at the line: \(p.scoring.atTheLine?.rawValue ?? "")"
        } ?? ""
        Console.out("""
        \(panel) is valid.
          \(p.tender.id): \(p.tender.title)
          \(p.criteria.count) criteria in \(p.sections.count) sections; weights add up to quality \(p.scoring.quality), \(price)
          \(p.members.count) members, \(p.bids.count) bids\(p.lots.isEmpty ? "" : " in \(p.lots.count) lots")\(loaded.warnings.isEmpty ? "" : "; \(loaded.warnings.count) warning\(loaded.warnings.count == 1 ? "" : "s") above")\(funding)

        """)
    }
}
