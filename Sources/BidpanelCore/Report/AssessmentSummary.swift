/// The assessment summary each bidder is owed (Procurement Act 2023 s.50,
/// Procurement Regulations 2024 reg 31): who the bidder is, the award
/// criteria in summary, every criterion's score with the panel's
/// explanation, sub-totals and total, and for a bid that did not win, why
/// not and the winning bid's scores and explanations beside its own. Plain
/// text for a bidder to read, at most 80 columns. It never names a member,
/// shows a member's own values or reveals another unsuccessful bid.
public enum AssessmentSummary {
    /// Every line fits in this many columns (under 80, so it prints and mails well).
    static let width = 78
    /// A criteria table's columns (criterion, weight, score, marks, two
    /// spaces apart), wide enough for every weight and mark the panel can
    /// print, so no figure is ever cut however many decimals it publishes.
    /// The criterion's title takes what is left, and wraps.
    static func scoreColumns(panel: Panel, result: EvaluationResult) -> [Int] {
        let sections = panel.sections.map { name in
            Exact.sum(panel.criteria.filter { $0.section == name && $0.kind != .passFail }.map(\.weight))
        }
        let weights = panel.criteria.map(\.weight) + sections + [result.price, Exact(100)]
        let weight = max(6, weights.map { DisplayWidth.of($0.description) }.max() ?? 0)
        // No mark is more than the weight it is out of.
        let marks = max(6, weights.map { DisplayWidth.of($0.formatted(places: panel.scoring.decimals)) }.max() ?? 0)
        return [width - 6 - weight - 20 - marks, weight, 20, marks]
    }

    /// With `seal`, the summary carries the audit seal under its date (and
    /// a warning when the record does not verify, which names no other bid).
    /// With `award`, the lot's winning bid is the one the award rule gave it to (`LotSummary`).
    public static func render(bid id: String, result: EvaluationResult, panel: Panel,
                              explanations: [Slot: String], date: String, seal: RecordSeal? = nil, award: LotAward? = nil,
                              stageNote: [String] = []) -> String {
        guard let bid = result.bid(id) else { return "There is no bid \(SafeText.line(id)) in \(panel.tender.id).\n" }
        let summary = SummaryContext(reader: bid, result: result, panel: panel, explanations: explanations, award: award)
        let provisional = !result.complete
        var out = ["ASSESSMENT SUMMARY"]
        out += field("Tender", "\(SafeText.line(panel.tender.title)) (\(panel.tender.id))")
        out += field("Authority", SafeText.line(panel.tender.authority))
        out += field("Bidder", "\(SafeText.line(bid.bid.bidder)) (bid \(bid.bid.id))")
        out += contact(bid.bid.contact)
        out += field("Date", date)
        out += seal?.headerLines(width: width, naming: false) ?? []
        out.append("")
        if provisional {
            // A bidder must never mistake a draft for the decision.
            let rule = String(repeating: "*", count: width)
            out += [rule] + paragraph("PROVISIONAL: the panel has not yet agreed every score, so the figures in this summary may still change. It is not the final result.") + [rule, ""]
        }
        out += paragraph(summary.comparing
            ? "Thank you for your bid. This summary explains the result, how the evaluation panel assessed your bid against the published award criteria (the score for each criterion and the reason for it), and how the winning bid was assessed, so that you can see where it did better."
            : "Thank you for your bid. This summary explains the result and how the evaluation panel assessed your bid against the published award criteria: the score for each criterion and the reason for it, and your marks.")
        out.append("")

        out += heading("The result")
        // A tender in stages: how far the bid went (StageSummary).
        if !stageNote.isEmpty { out += stageNote.flatMap { paragraph($0) } + [""] }
        out += summary.outcome()
        out.append("")

        out += heading("The award criteria")
        out += summary.criteria()
        out.append("")

        out += heading("Your scores")
        out += table(bid, summary: summary, explained: !summary.comparing)
        if summary.comparing {
            out += [""] + paragraph("The panel's reason for each score is given further on, beside the winning bid's.")
        }
        out.append("")

        out += heading("Your marks")
        out += summary.marks()
        out.append("")

        if summary.comparing {
            out += heading("Your bid beside the winning bid")
            out += summary.comparison()
            out.append("")
        }

        out += paragraph("Marks are rounded to \(panel.scoring.decimals) decimal places; totals, differences and ranks come from the exact figures, so rounded marks may not add up exactly.")
        out.append("")
        out += paragraph("If you have any questions about this summary, please contact \(SafeText.line(panel.tender.authority)), quoting the tender reference \(panel.tender.id).")
        if provisional { out += ["", "PROVISIONAL"] }
        return out.map(trimmed).joined(separator: "\n") + "\n"
    }

    // MARK: - Sections

    /// The bidder's identifier, postal address and e-mail (reg 31(2)(a)-(c)).
    static func contact(_ contact: BidderContact) -> [String] {
        let labels = ["supplier_id": "Unique ID", "address": "Address", "email": "E-mail"]
        return contact.details.flatMap { detail in
            field(labels[detail.key] ?? detail.key, detail.value.map(SafeText.line) ?? "not recorded")
        }
    }

    /// What the numbers and labels mean, for each scale, the ladder and the
    /// matrix the criteria use.
    static func keys(_ panel: Panel) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for criterion in panel.criteria {
            switch criterion.kind {
            case .scored:
                guard let scale = panel.scale(id: criterion.scaleID ?? ""), seen.insert("scale " + scale.id).inserted else { continue }
                let points = scale.points.map { "\($0.value) \(SafeText.line($0.label))" }.joined(separator: ", ")
                out += paragraph("Scores on the \(SafeText.line(scale.id)) scale: \(points).")
            case .ladder where seen.insert("ladder").inserted:
                out += paragraph("Ladder of co-production, bottom to top: \(panel.ladder.rungs.map { SafeText.line($0.label) }.joined(separator: ", ")).")
            case .matrix where seen.insert("matrix").inserted:
                let levels = panel.matrix.levels.enumerated().map { "\($0.offset) \(SafeText.line($0.element))" }.joined(separator: ", ")
                out += paragraph("Co-production matrix, each principle judged at one level: \(levels).")
            case .passFail where seen.insert("pass").inserted:
                out += paragraph("Pass/fail criteria carry no marks; a fail excludes a bid.")
            default: continue
            }
        }
        return out
    }

    /// One row per criterion, grouped by section with each section's
    /// sub-total; with `explained`, each reason beneath its row.
    static func table(_ bid: BidResult, summary: SummaryContext, explained: Bool) -> [String] {
        let panel = summary.panel
        let places = panel.scoring.decimals
        let widths = summary.scoreColumns
        func line(_ cells: [String], indent: Int = 0) -> [String] { row(cells, widths: widths, indent: indent) }
        var out = line(["Criterion", "Weight", "Score", "Marks"])
        out.append(String(repeating: "-", count: width))
        for section in summary.sections {
            if section.headed { out += line([SafeText.line(section.name), "", "", ""]) }
            let indent = section.headed ? 2 : 0
            for c in bid.criteria where c.criterion.section == section.name {
                let criterion = c.criterion
                let weight = criterion.kind == .passFail ? "-" : criterion.weight.description
                let marks = criterion.kind == .passFail ? "-" : c.marks.formatted(places: places)
                out += line([SafeText.line(criterion.title), weight, valueText(c, panel: panel), marks], indent: indent)
                if criterion.kind == .matrix {
                    for principle in c.principles {
                        let title = panel.matrix.principle(id: principle.principle)?.title ?? principle.principle
                        out += line([SafeText.line(title), "", levelText(principle, panel: panel), ""], indent: indent + 2)
                        if explained {
                            out += explanation(summary.explanation(bid, criterion, principle.principle), indent: indent + 6)
                        }
                    }
                } else if explained {
                    out += explanation(summary.explanation(bid, criterion), indent: indent + 4)
                }
            }
            if section.subtotalled {
                out += line(["Sub-total", section.weight.description, "", summary.subtotal(bid, section).formatted(places: places)],
                            indent: indent)
            }
        }
        return out
    }

    // MARK: - Values in words

    /// The final value as the bidder reads it: "3 Good", a rung, a matrix
    /// average, Pass or Fail.
    static func valueText(_ c: CriterionResult, panel: Panel) -> String {
        let places = panel.scoring.decimals
        switch c.criterion.kind {
        case .passFail:
            if c.passed == false { return "Fail" }
            return c.basis == .missing ? "Not decided yet" : "Pass"
        case .scored:
            guard c.basis != .missing, let value = c.finalValue else { return "Not scored yet" }
            guard let scale = panel.scale(id: c.criterion.scaleID ?? "") else { return value.compactFormatted(places: places) }
            if let point = scale.point(value) { return "\(point.value) \(SafeText.line(point.label))" }
            return "\(value.compactFormatted(places: places)) (average)"
        case .ladder:
            guard c.basis != .missing, let value = c.finalValue else { return "Not placed yet" }
            return between(value, labels: panel.ladder.rungs.map { SafeText.line($0.label) })
        case .matrix:
            let top = Exact(max(panel.matrix.levels.count - 1, 1))
            return "average \((c.share * top).compactFormatted(places: places)) of \(top)"
        }
    }

    static func levelText(_ p: PrincipleResult, panel: Panel) -> String {
        guard p.basis != .missing, let level = p.level else { return "Not judged yet" }
        if level.isInteger, let label = panel.matrix.levels[safe: level] { return SafeText.line(label) }
        return "\(level.compactFormatted(places: panel.scoring.decimals)) (average)"
    }

    /// A rung's label; an average (members' values, before moderation) lies
    /// between two rungs, and the key above gives no numbers to quote.
    static func between(_ value: Exact, labels: [String]) -> String {
        guard let below = labels.indices.last(where: { Exact($0) <= value }) else { return labels.first ?? "" }
        if Exact(below) == value || below + 1 >= labels.count { return labels[below] }
        return "between \(labels[below]) and \(labels[below + 1])"
    }

    /// Exclusions in words for a bidder, naming criteria by their titles.
    static func exclusionText(_ reason: Exclusion, panel: Panel) -> String {
        let places = panel.scoring.decimals
        let money = Money(currency: panel.tender.currency)
        func title(_ id: String) -> String { "\"\(SafeText.line(panel.criterion(id: id)?.title ?? id))\"" }
        switch reason {
        case let .failed(criterion):
            return "it did not meet the pass/fail requirement \(title(criterion))."
        case let .belowThreshold(criterion, value?, threshold):
            return "\(title(criterion)) scored \(value.compactFormatted(places: places)), below the minimum score of \(threshold) that was required."
        case let .belowThreshold(criterion, nil, threshold):
            return "\(title(criterion)) has not been scored yet, which counts as below the minimum score of \(threshold)."
        case let .overBudget(price, budget):
            return "its price of \(money.format(price)) is above the budget of \(money.format(budget))."
        case let .belowQualityThreshold(marks, needed):
            return "its quality marks of \(marks.formatted(places: places)) are below the minimum of \(needed.formatted(places: places)) that was required."
        case let .removed(.withdrawn, reason):
            return "it was withdrawn from the competition after the panel began its evaluation. The panel recorded: \"\(SafeText.line(reason))\"."
        case let .removed(.disqualified, reason):
            return "the panel disqualified it after it began its evaluation, for this reason: \"\(SafeText.line(reason))\"."
        }
    }

    /// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    // MARK: - Layout (display width, so accents and emoji line up)

    static func paragraph(_ text: String, indent: Int = 0) -> [String] {
        DisplayWidth.wrap(text, width: width - indent).map { String(repeating: " ", count: indent) + $0 }
    }

    static func heading(_ text: String) -> [String] {
        [text, String(repeating: "-", count: DisplayWidth.of(text))]
    }

    /// "Label:   value", the value wrapped with a hanging indent.
    static func field(_ label: String, _ value: String, label labelWidth: Int = 11) -> [String] {
        let lines = DisplayWidth.wrap(value, width: width - labelWidth)
        let blank = String(repeating: " ", count: labelWidth)
        return lines.enumerated().map { ($0.offset == 0 ? DisplayWidth.pad(label + ":", to: labelWidth) : blank) + $0.element }
    }

    static func bullet(_ text: String) -> [String] {
        DisplayWidth.wrap(text, width: width - 4).enumerated().map { ($0.offset == 0 ? "  - " : "    ") + $0.element }
    }

    static func explanation(_ text: String?, indent: Int) -> [String] {
        let given = text?.trimmingSpaces ?? ""
        return paragraph(given.isEmpty ? "No explanation was recorded." : given, indent: indent)
    }

    /// One row of a criteria table (`scoreColumns`); every cell wraps
    /// within its column, so nothing is cut.
    static func row(_ cells: [String], widths: [Int], indent: Int = 0) -> [String] {
        SummaryContext.grid(cells, widths: widths, indent: indent, right: [1, 3])
    }

    static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}

extension Array {
    fileprivate subscript(safe index: Exact) -> Element? {
        indices.first { Exact($0) == index }.map { self[$0] }
    }
}
