/// The totals table both text reports print: one row per bid. Figures are
/// never cut: their columns take the width they need and the bidder's name
/// takes what is left, given in full beneath its row when it did not fit.
/// When the figures leave no room for a name (many decimals, a price in
/// the millions, a long bid id), the name goes beneath every row, and then
/// the bid id with it.
struct TotalsTable {
    var headings: [String]
    var rule: String
    /// Per bid, in the result's order: its row, then its full name if cut.
    var rows: [[String]]

    static let bidColumn = 1, bidderColumn = 2
    static let priceColumns: Set<Int> = [3, 5]
    /// The narrowest a bidder's name column is worth keeping.
    static let narrowestName = 12

    init(_ result: EvaluationResult, panel: Panel, width: Int, bidder: (String) -> String = { $0 }) {
        let places = panel.scoring.decimals
        let money = Money(currency: panel.tender.currency)
        let cells = result.bids.map { bid in
            [bid.rank.map { "\($0)" } ?? "-", bid.bid.id, bidder(bid.bid.bidder), bid.bid.price.map(money.format) ?? "",
             bid.qualityMarks.formatted(places: places), bid.priceMarks.formatted(places: places),
             bid.total.formatted(places: places)]
        }
        let headers = [["Rank", "Bid", "Bidder", "Price", "Quality", "Price", "Total"],
                       ["", "", "", "", "marks", "marks", ""]]
        var widths = (0..<7).map { column in (headers + cells).map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        func used(without hidden: Set<Int>) -> Int {
            let shown = widths.indices.filter { !hidden.contains($0) }
            return shown.map { widths[$0] }.reduce(0, +) + shown.count - 1
        }
        // A stage before price is scored has no price columns (they would read 0.00).
        let priceless: Set<Int> = !panel.stages.isEmpty && panel.scoring.priceFormula == .none ? Self.priceColumns : []
        var hidden = priceless
        let others = used(without: priceless.union([Self.bidderColumn]))
        if others + 1 + Self.narrowestName <= width {
            widths[Self.bidderColumn] = min(widths[Self.bidderColumn], width - others - 1)
        } else if others <= width {
            hidden.insert(Self.bidderColumn)
        } else {
            hidden.formUnion([Self.bidColumn, Self.bidderColumn])
        }
        let shown = widths.indices.filter { !hidden.contains($0) }
        func line(_ row: [String]) -> String {
            var text = shown.map { column in
                DisplayWidth.pad(row[column], to: widths[column], right: column != Self.bidColumn && column != Self.bidderColumn)
            }.joined(separator: " ")
            while text.last == " " { text.removeLast() }
            return text
        }
        headings = headers.map(line)
        rule = String(repeating: "-", count: min(width, used(without: hidden)))
        rows = cells.map { row in
            let name = row[Self.bidderColumn]
            let beneath: String? = hidden.contains(Self.bidColumn) ? "bid \(row[Self.bidColumn]): \(name)"
                : hidden.contains(Self.bidderColumn) || DisplayWidth.of(name) > widths[Self.bidderColumn] ? "bidder: \(name)" : nil
            return [line(row)] + (beneath.map { DisplayWidth.wrap($0, width: width - 6).map { "      " + $0 } } ?? [])
        }
    }
}

/// The engine's result published three ways (SPEC §4): a table a chair reads
/// at a glance, JSON and CSV. Figures are rounded here and only here.
public enum ResultText {
    /// `width` is the page's (78 on paper); the chair's totals screen passes
    /// its own, so the table gives up the bidder's name before any figure.
    public static func render(_ result: EvaluationResult, panel: Panel, width: Int = 78) -> String {
        lines(result, panel: panel, width: width).joined(separator: "\n") + "\n"
    }

    /// The parts `render` joins with line breaks: a screen takes them as its
    /// lines without splitting the text again.
    public static func lines(_ result: EvaluationResult, panel: Panel, width: Int = 78) -> [String] {
        var out = header(panel, width: width)
        out.append("")
        out += table(result, panel: panel, width: width)
        if let funding = FundingLine(result, rules: panel.scoring) {
            out.append("")
            out += FundingText.lines(funding, panel: panel, width: width)
        }
        if let coverage = OutcomeCoverage(panel: panel, result: result) {
            out.append("")
            out += OutcomeText.lines(coverage, panel: panel, width: width)
        }
        if !result.complete { out.append("PROVISIONAL") }
        return out
    }

    /// The tender, the authority and the scoring rules, as every totals
    /// text begins (a whole evaluation's, a tender in lots or in stages).
    static func header(_ panel: Panel, width: Int) -> [String] {
        var out = DisplayWidth.wrap("\(panel.tender.title) (\(panel.tender.id))", width: width)
        out.append(panel.tender.authority)
        let formula = panel.scoring.priceFormula == .none
            ? "price not scored" : "price \(panel.priceShare) marks (\(panel.scoring.priceFormula.rawValue) scoring)"
        out.append("Quality \(panel.scoring.quality) marks, \(formula). Moderation: \(panel.scoring.moderation.rawValue).")
        return out
    }

    /// The totals table with its exclusions and notes, after a PROVISIONAL
    /// line when the result is: a whole evaluation's, or one lot's.
    static func table(_ result: EvaluationResult, panel: Panel, width: Int) -> [String] {
        let places = panel.scoring.decimals
        let money = Money(currency: panel.tender.currency)
        var out: [String] = []
        if !result.complete {
            out += DisplayWidth.wrap("PROVISIONAL: \(missingSummary(result, panel: panel)) These totals may still change.", width: width)
            out.append("")
        }
        let table = TotalsTable(result, panel: panel, width: width)
        out += table.headings
        out.append(table.rule)
        for (bid, row) in zip(result.bids, table.rows) {
            out += row
            for reason in bid.reasons {
                out += DisplayWidth.wrap("EXCLUDED: \(reason.text(decimals: places, money: money))", width: width - 6).map { "      " + $0 }
            }
            for flag in bid.flags {
                out += DisplayWidth.wrap("note: \(flag.text(decimals: places))", width: width - 6).map { "      " + $0 }
            }
        }
        out.append(table.rule)
        out.append("Marks are rounded to \(places) decimal places for display; ranks and")
        out.append("exclusions come from the exact figures. Excluded bids have no rank.")
        return out
    }

    /// "14 values are still missing and 20 are not moderated yet."
    static func missingSummary(_ result: EvaluationResult, panel: Panel) -> String {
        var missing = 0, unmoderated = 0
        for bid in result.bids {
            for criterion in bid.criteria {
                let bases = criterion.criterion.kind == .matrix ? criterion.principles.map(\.basis) : [criterion.basis]
                for basis in bases {
                    if basis == .missing { missing += 1 }
                    else if basis != .moderated, panel.scoring.moderation == .consensus { unmoderated += 1 }
                }
            }
        }
        var parts: [String] = []
        if missing > 0 { parts.append("\(missing) value\(missing == 1 ? " is" : "s are") still missing") }
        if unmoderated > 0 {
            parts.append("\(unmoderated) value\(unmoderated == 1 ? " is" : "s are") not moderated yet (members' mean used)")
        }
        return parts.isEmpty ? "not every value is in." : parts.joined(separator: " and ") + "."
    }

}

/// Prices as a person writes them: £238,000 or £1,250.50.
public struct Money: Sendable {
    public var currency: String

    public init(currency: String) { self.currency = currency }

    public func format(_ amount: Exact) -> String {
        let places = amount.isInteger ? 0 : 2
        let text = amount.magnitude.formatted(places: places)
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        if parts.count == 2 { grouped += "." + parts[1] }
        let symbol = ["GBP": "£", "EUR": "€", "USD": "$"][currency] ?? "\(currency) "
        return (amount.isNegative ? "-" : "") + symbol + grouped
    }
}

public enum ResultJSON {
    /// SPEC §4's object, numbers rounded to the panel's decimals, plus each
    /// bid's per-criterion detail (extra keys; SPEC consumers ignore them).
    /// `criteria: true` adds to that detail what a reader of the report needs
    /// without the panel file: each criterion's title, the final value as the
    /// score CSVs write it, and the chair's reason for each moderated value.
    /// Every key of the shorter form stays, with the same value.
    public static func render(_ result: EvaluationResult, panel: Panel, criteria detailed: Bool = false) -> String {
        // A grants round's funding line, only with a pot: a tender's JSON keeps its keys.
        let funding = FundingLine(result, rules: panel.scoring).map { [("funding", FundingText.json($0, panel: panel))] } ?? []
        let root = JSON.object([
            ("tender", .string(panel.tender.id)), ("complete", .bool(result.complete)),
            ("quality", .number(result.quality.description)), ("price", .number(result.price.description)),
            ("price_formula", .string(result.priceFormula.rawValue)), ("decimals", .number("\(panel.scoring.decimals)")),
        ] + funding + (OutcomeCoverage(panel: panel, result: result).map { [("outcome_coverage", OutcomeText.json($0))] } ?? []) + [
            ("bids", .array(bids(result, panel: panel, criteria: detailed))),
        ])
        return root.serialized() + "\n"
    }

    /// The "bids" array: one object per bid, in the result's order.
    static func bids(_ result: EvaluationResult, panel: Panel, criteria detailed: Bool) -> [JSON] {
        let places = panel.scoring.decimals
        func number(_ value: Exact) -> JSON { .number(value.compactFormatted(places: places)) }
        func text(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        return result.bids.map { bid in
            let criteria: [JSON] = bid.criteria.map { c in
                var fields: [(String, JSON)] = [("id", .string(c.criterion.id))]
                if detailed { fields.append(("title", .string(c.criterion.title))) }
                fields.append(("kind", .string(c.criterion.kind.rawValue)))
                if let passed = c.passed { fields.append(("passed", .bool(passed))) }
                fields.append(("value", c.finalValue.map(number) ?? .null))
                if detailed { fields.append(("value_text", text(FinalValueText.of(c, panel: panel)))) }
                fields.append(("weight", .number(c.criterion.weight.description)))
                fields.append(("marks", number(c.marks)))
                fields.append(("basis", .string(c.basis.rawValue)))
                if detailed {
                    // A matrix's reasons belong to its principles, listed there.
                    fields.append(("reason", c.criterion.kind == .matrix ? .null : text(c.reasons.first)))
                }
                if !c.principles.isEmpty {
                    fields.append(("principles", .array(c.principles.map { principle in
                        var entry: [(String, JSON)] = [("id", .string(principle.principle)),
                                                       ("level", principle.level.map(number) ?? .null),
                                                       ("basis", .string(principle.basis.rawValue))]
                        if detailed { entry.append(("reason", text(FinalValueText.reason(of: principle, in: c)))) }
                        return .object(entry)
                    })))
                }
                fields.append(("reasons", .array(c.reasons.map(JSON.string))))
                return .object(fields)
            }
            return .object([
                ("id", .string(bid.bid.id)), ("bidder", .string(bid.bid.bidder)),
                ("price", bid.bid.price.map { .number($0.description) } ?? .null),
                ("quality", number(bid.qualityMarks)), ("price_marks", number(bid.priceMarks)),
                ("total", number(bid.total)), ("rank", bid.rank.map { .number("\($0)") } ?? .null),
                ("excluded", .bool(bid.excluded)),
            ] + (bid.removal.map { removal in
                // Only on a bid withdrawn or disqualified, so older readers see the same keys.
                [("removed", JSON.object([("standing", .string(removal.standing.rawValue)),
                                          ("reason", .string(removal.reason))]))]
            } ?? []) + [
                ("reasons", .array(bid.reasons.map { .string($0.text(decimals: places, money: Money(currency: panel.tender.currency))) })),
                ("flags", .array(bid.flags.map { .string($0.code) })),
                ("complete", .bool(bid.complete)),
                ("criteria", .array(criteria)),
            ])
        }
    }
}

public enum ResultCSV {
    public static let columns = ["rank", "bid", "bidder", "price", "quality", "price_marks", "total", "excluded",
                                 "reasons", "flags", "complete"]

    /// The columns `criteria: true` adds after the usual ones: "<id> value"
    /// and "<id> marks" for each criterion, in panel file order.
    public static func criterionColumns(panel: Panel) -> [String] {
        panel.criteria.flatMap { ["\($0.id) value", "\($0.id) marks"] }
    }

    /// One row per bid. `criteria: true` adds two columns per criterion after
    /// the usual ones, so a reader that takes columns by name or position
    /// still finds the usual columns where they were.
    public static func render(_ result: EvaluationResult, panel: Panel, criteria detailed: Bool = false) -> String {
        CSVOutput.write(header: columns + (panel.scoring.pot == nil ? [] : FundingText.columns)
                            + (detailed ? criterionColumns(panel: panel) : []),
                        rows: rows(result, panel: panel, criteria: detailed))
    }

    /// One row per bid, in the result's order, as `render` writes them.
    static func rows(_ result: EvaluationResult, panel: Panel, criteria detailed: Bool) -> [[String]] {
        let places = panel.scoring.decimals
        // By id, so a round of 10,000 bids is not a search per row.
        let funding = FundingLine(result, rules: panel.scoring).map { line in
            Dictionary(line.entries.map { ($0.bid, $0) }, uniquingKeysWith: { first, _ in first })
        }
        return result.bids.map { bid in
            var row = [bid.rank.map { "\($0)" } ?? "", bid.bid.id, bid.bid.bidder, bid.bid.price?.description ?? "",
                       bid.qualityMarks.formatted(places: places), bid.priceMarks.formatted(places: places),
                       bid.total.formatted(places: places), bid.excluded ? "yes" : "no",
                       bid.reasons.map { $0.text(decimals: places, money: Money(currency: panel.tender.currency)) }.joined(separator: "; "),
                       bid.flags.map(\.code).joined(separator: "; "), result.complete ? "yes" : "no"]
            if let funding { row += FundingText.csvCells(funding[bid.bid.id], money: Money(currency: panel.tender.currency)) }
            if detailed {
                for criterion in panel.criteria {
                    guard let c = bid.criteria.first(where: { $0.criterion.id == criterion.id }) else {
                        row += ["", ""]
                        continue
                    }
                    // Pass/fail carries no marks: a blank, not a misleading 0.
                    row += [FinalValueText.of(c, panel: panel) ?? "",
                            criterion.kind == .passFail ? "" : c.marks.formatted(places: places)]
                }
            }
            return row
        }
    }
}

/// A final value written the way the score CSVs write values, so a reader
/// sees "co-designing" or "pass" rather than a rung number or a 1.
public enum FinalValueText {
    /// Nil when nobody has given the value yet (it then counts as the bottom
    /// of the scale, or as a pass). A mean that falls between two points is
    /// written as a number rounded to the panel's decimals; a matrix as each
    /// principle's level, e.g. "capabilities 3; reciprocity 2.33".
    public static func of(_ c: CriterionResult, panel: Panel) -> String? {
        let places = panel.scoring.decimals
        switch c.criterion.kind {
        case .passFail:
            guard c.basis != .missing, let passed = c.passed else { return nil }
            return passed ? "pass" : "fail"
        case .scored:
            return c.finalValue?.compactFormatted(places: places)
        case .ladder:
            guard let value = c.finalValue else { return nil }
            if value.isInteger, let index = Int(value.description), panel.ladder.rungs.indices.contains(index) {
                return panel.ladder.rungs[index].id
            }
            return value.compactFormatted(places: places)
        case .matrix:
            guard c.principles.contains(where: { $0.level != nil }) else { return nil }
            return c.principles.map { "\($0.principle) \($0.level?.compactFormatted(places: places) ?? "missing")" }
                .joined(separator: "; ")
        }
    }

    /// The chair's reason for one principle's moderated value. The engine
    /// keeps a matrix's reasons as "<principle id>: <reason>".
    public static func reason(of principle: PrincipleResult, in c: CriterionResult) -> String? {
        guard principle.basis == .moderated else { return nil }
        let prefix = "\(principle.principle): "
        return c.reasons.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}
