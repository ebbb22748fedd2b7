/// A grants round's funding line (`FundingLine`) published with the
/// totals: in `score`'s text and the chair's totals screen, the printed
/// report, JSON and CSV. Nothing here when the panel has no pot, so a
/// tender's output is unchanged. Money is written as prices are (`Money`).
public enum FundingText {
    /// What `at_the_line` does, in a sentence.
    public static func rule(_ rule: AtTheLine) -> String {
        switch rule {
        case .skip: "a bid asking for more than is left is passed over, and the next bid down that fits is funded"
        case .partFund: "the bid that crosses the line is given what is left, and funding stops there"
        case .stop: "funding stops at the first bid asking for more than is left"
        }
    }

    /// The section's parts: its opening, one unit per ranked bid (its row,
    /// then any note), and its closing lines. The printed report pages
    /// between units; a screen joins them.
    static func parts(_ line: FundingLine, panel: Panel, width: Int)
        -> (opening: [String], rows: [[String]], closing: [String]) {
        let money = Money(currency: panel.tender.currency)
        var opening = AssessmentSummary.heading("The funding line")
        if !line.complete {
            opening += DisplayWidth.wrap("PROVISIONAL: the funding line moves with the totals until every value is agreed.", width: width)
        }
        opening += DisplayWidth.wrap("Pot \(money.format(line.pot)), given to the ranked bids in rank order, each asking for its price. "
            + "At the line (at_the_line = \"\(line.rule.rawValue)\"): \(rule(line.rule)).", width: width)
        opening.append("")
        let fundable = line.entries.filter { $0.status != .notFundable }
        let cells = fundable.map { entry in
            [entry.rank.map { "\($0)" } ?? "-", entry.bid, entry.requested.map(money.format) ?? "",
             money.format(entry.award), money.format(entry.cumulative), word(entry.status)]
        }
        let headers = ["Rank", "Bid", "Asks for", "Award", "Running total", "Funding"]
        let widths = headers.indices.map { column in ([headers] + cells).map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        func row(_ cells: [String]) -> String {
            var text = cells.indices.map { column in
                DisplayWidth.pad(cells[column], to: widths[column], right: column != 1 && column != 5)
            }.joined(separator: " ")
            while text.last == " " { text.removeLast() }
            return text
        }
        let rule = String(repeating: "-", count: min(width, widths.reduce(0, +) + widths.count - 1))
        opening += [row(headers), rule]
        let rows = zip(fundable, cells).map { entry, cells in
            [row(cells)] + (note(entry, money: money).map { DisplayWidth.wrap($0, width: width - 6).map { "      " + $0 } } ?? [])
        }
        var closing = [rule]
        closing += DisplayWidth.wrap(totals(line, money: money), width: width)
        let notFunded = line.notFunded.map(\.bid)
        closing += DisplayWidth.wrap(notFunded.isEmpty ? "Every fundable bid is funded."
            : "Fundable but not funded: \(notFunded.joined(separator: ", ")).", width: width)
        if !line.tiedAtLine.isEmpty {
            closing += DisplayWidth.wrap("Tied at the line: \(line.tiedAtLine.joined(separator: " and ")) share a rank, and the pot cannot fund them all. The chair decides.", width: width)
        }
        let unfundable = line.entries.filter { $0.status == .notFundable }.map(\.bid)
        if !unfundable.isEmpty {
            closing += DisplayWidth.wrap("Not fundable (excluded): \(unfundable.joined(separator: ", ")).", width: width)
        }
        return (opening, rows, closing)
    }

    /// The section as lines, for `score`'s text and the chair's screen.
    public static func lines(_ line: FundingLine, panel: Panel, width: Int) -> [String] {
        let (opening, rows, closing) = parts(line, panel: panel, width: width)
        return opening + rows.flatMap { $0 } + closing
    }

    /// "Funded: 7 bids, £480,000 of the £500,000 pot; £20,000 left."
    public static func totals(_ line: FundingLine, money: Money) -> String {
        let count = line.funded.count
        return "Funded: \(count) bid\(count == 1 ? "" : "s"), \(money.format(line.awarded)) of the \(money.format(line.pot)) pot; \(money.format(line.left)) left."
    }

    static func word(_ status: FundingLine.Status) -> String {
        switch status {
        case .funded: "funded"
        case .partFunded: "part-funded"
        case .notFunded(.tiedAtLine): "tied"
        case .notFunded: "not funded"
        case .notFundable: "excluded"
        }
    }

    /// Why, beneath a bid's row, where the row alone does not say.
    static func note(_ entry: FundingLine.Entry, money: Money) -> String? {
        switch entry.status {
        case .partFunded:
            return "given the \(money.format(entry.award)) left, of \(entry.requested.map(money.format) ?? "") asked for"
        case let .notFunded(.crossesLine(left)):
            return left.isZero ? "nothing was left of the pot" : "asks for more than the \(money.format(left)) left"
        case let .notFunded(.tiedAtLine(with)):
            return "tied at the line with \(with.filter { $0 != entry.bid }.joined(separator: ", ")): the chair decides"
        default:
            return nil
        }
    }

    /// Why, in a few words, for the CSV and JSON.
    static func reason(_ entry: FundingLine.Entry, money: Money) -> String {
        switch entry.status {
        case .notFunded(.belowLine): "below the funding line"
        case .notFundable: "excluded"
        default: note(entry, money: money) ?? ""
        }
    }

    // MARK: - JSON and CSV

    /// The top-level `funding` object (docs/scoring.md §15); amounts are
    /// exact, like prices.
    static func json(_ line: FundingLine, panel: Panel) -> JSON {
        let money = Money(currency: panel.tender.currency)
        func amount(_ value: Exact) -> JSON { .number(value.description) }
        return .object([
            ("pot", amount(line.pot)), ("at_the_line", .string(line.rule.rawValue)), ("complete", .bool(line.complete)),
            ("awarded", amount(line.awarded)), ("left", amount(line.left)),
            ("funded", .array(line.funded.map { .string($0.bid) })),
            ("not_funded", .array(line.notFunded.map { .string($0.bid) })),
            ("tied_at_line", .array(line.tiedAtLine.map(JSON.string))),
            ("bids", .array(line.entries.map { entry in
                var fields: [(String, JSON)] = [
                    ("id", .string(entry.bid)), ("rank", entry.rank.map { .number("\($0)") } ?? .null),
                    ("requested", entry.requested.map(amount) ?? .null), ("award", amount(entry.award)),
                    ("cumulative", amount(entry.cumulative)), ("status", .string(entry.status.code)),
                ]
                if case let .notFunded(why) = entry.status { fields.append(("why", .string(why.code))) }
                fields.append(("reason", .string(reason(entry, money: money))))
                return .object(fields)
            })),
        ])
    }

    /// The CSV columns a pot adds, after the usual ones.
    public static let columns = ["award", "cumulative_award", "funding", "funding_reason"]

    static func csvCells(_ entry: FundingLine.Entry?, money: Money) -> [String] {
        guard let entry else { return ["", "", "", ""] }
        return [entry.award.description, entry.cumulative.description, entry.status.code, reason(entry, money: money)]
    }
}
