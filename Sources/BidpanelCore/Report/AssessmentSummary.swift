/// The assessment summary each bidder is owed (Procurement Act 2023 s.50,
/// Procurement Regulations 2024 reg 31): every criterion's score with the
/// panel's explanation, the totals and rank, and the winning bid's scores.
/// Plain text for a bidder to read, at most 80 columns; it never shows an
/// individual member's values, only the final ones.
public enum AssessmentSummary {
    /// Every line fits in this many columns (under 80, so it prints and mails well).
    static let width = 78
    /// The criteria table: criterion, weight, score, marks, two spaces apart.
    static let columns = [40, 6, 20, 6]

    /// With `seal`, the summary carries the audit seal under its date (and
    /// a warning when the record does not verify, which names no other bid).
    public static func render(bid id: String, result: EvaluationResult, panel: Panel,
                              explanations: [Slot: String], date: String, seal: RecordSeal? = nil) -> String {
        guard let bid = result.bid(id) else { return "There is no bid \(id) in \(panel.tender.id).\n" }
        let places = panel.scoring.decimals
        let provisional = !result.complete
        var out = ["ASSESSMENT SUMMARY"]
        out += field("Tender", "\(panel.tender.title) (\(panel.tender.id))")
        out += field("Authority", panel.tender.authority)
        out += field("Bidder", "\(bid.bid.bidder) (bid \(bid.bid.id))")
        out += field("Date", date)
        out += seal?.headerLines(width: width, naming: false) ?? []
        out.append("")
        if provisional {
            // A bidder must never mistake a draft for the decision.
            let rule = String(repeating: "*", count: width)
            out += [rule] + paragraph("PROVISIONAL: the panel has not yet agreed every score, so the figures in this summary may still change. It is not the final result.") + [rule, ""]
        }
        out += paragraph("Thank you for your bid. This summary explains how the evaluation panel assessed it against the published award criteria: the score for each criterion and the reason for it, your marks and rank, and the scores of the winning bid.")
        out.append("")

        out += heading("How your bid was scored")
        out += keys(panel)
        out.append("")
        out += table(bid, panel: panel, explanations: explanations)
        out.append("")

        out += heading("Your marks")
        out += marks(bid, result: result, panel: panel)
        out.append("")

        out += heading("The winning bid")
        out += winner(for: bid, result: result, panel: panel)
        out.append("")

        out += paragraph("Marks are rounded to \(places) decimal places; totals and ranks come from the exact figures, so rounded marks may not add up exactly.")
        out.append("")
        out += paragraph("If you have any questions about this summary, please contact \(panel.tender.authority), quoting the tender reference \(panel.tender.id).")
        if provisional { out += ["", "PROVISIONAL"] }
        return out.map(trimmed).joined(separator: "\n") + "\n"
    }

    // MARK: - Sections

    /// What the numbers and labels mean, for each scale, the ladder and the
    /// matrix the criteria use.
    static func keys(_ panel: Panel) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for criterion in panel.criteria {
            switch criterion.kind {
            case .scored:
                guard let scale = panel.scale(id: criterion.scaleID ?? ""), seen.insert("scale " + scale.id).inserted else { continue }
                let points = scale.points.map { "\($0.value) \($0.label)" }.joined(separator: ", ")
                out += paragraph("Scores on the \(scale.id) scale: \(points).")
            case .ladder where seen.insert("ladder").inserted:
                out += paragraph("Ladder of co-production, bottom to top: \(panel.ladder.rungs.map(\.label).joined(separator: ", ")).")
            case .matrix where seen.insert("matrix").inserted:
                let levels = panel.matrix.levels.enumerated().map { "\($0.offset) \($0.element)" }.joined(separator: ", ")
                out += paragraph("Co-production matrix, each principle judged at one level: \(levels).")
            case .passFail where seen.insert("pass").inserted:
                out += paragraph("Pass/fail criteria carry no marks; a fail excludes a bid.")
            default: continue
            }
        }
        return out
    }

    /// One row per criterion; with `explanations`, each reason beneath it.
    static func table(_ bid: BidResult, panel: Panel, explanations: [Slot: String]?) -> [String] {
        let places = panel.scoring.decimals
        var out = row(["Criterion", "Weight", "Score", "Marks"])
        out.append(String(repeating: "-", count: width))
        for c in bid.criteria {
            let criterion = c.criterion
            let weight = criterion.kind == .passFail ? "-" : criterion.weight.description
            let marks = criterion.kind == .passFail ? "-" : c.marks.formatted(places: places)
            out += row([criterion.title, weight, valueText(c, panel: panel), marks])
            if criterion.kind == .matrix {
                for principle in c.principles {
                    let title = panel.matrix.principle(id: principle.principle)?.title ?? principle.principle
                    out += row([title, "", levelText(principle, panel: panel), ""], indent: 2)
                    if let explanations {
                        out += explanation(explanations[Slot(bid: bid.bid.id, criterion: criterion.id, principle: principle.principle)], indent: 6)
                    }
                }
            } else if let explanations {
                out += explanation(explanations[Slot(bid: bid.bid.id, criterion: criterion.id)], indent: 4)
            }
        }
        return out
    }

    static func marks(_ bid: BidResult, result: EvaluationResult, panel: Panel) -> [String] {
        let places = panel.scoring.decimals
        var out = field("Quality marks", "\(bid.qualityMarks.formatted(places: places)) out of \(result.quality)", label: 24)
        if result.priceFormula != .none {
            let price = bid.bid.price.map { Money(currency: panel.tender.currency).format($0) } ?? "none given"
            out += field("Your price", price, label: 24)
            let note = bid.excluded ? " (excluded bids receive no price marks)" : ""
            out += field("Price marks", "\(bid.priceMarks.formatted(places: places)) out of \(result.price)\(note)", label: 24)
        }
        out += field("Total", "\(bid.total.formatted(places: places)) out of 100", label: 24)
        if let rank = bid.rank {
            let ranked = result.bids.filter { $0.rank != nil }
            let joint = ranked.filter { $0.rank == rank }.count > 1 ? "joint " : ""
            out += field("Rank", "\(joint)\(ordinal(rank)) of \(ranked.count)", label: 24)
        } else {
            out += field("Rank", "not ranked", label: 24)
            out.append("")
            out += paragraph("We are sorry to tell you that your bid was excluded from the ranking, for the following reason\(bid.reasons.count == 1 ? "" : "s"):")
            for reason in bid.reasons { out += bullet(exclusionText(reason, panel: panel)) }
        }
        return out
    }

    /// The rank-1 bid's scores, named (award notices name the winner too).
    static func winner(for bid: BidResult, result: EvaluationResult, panel: Panel) -> [String] {
        let places = panel.scoring.decimals
        let winners = result.bids.filter { $0.rank == 1 }
        let others = winners.filter { $0.bid.id != bid.bid.id }
        let now = result.complete ? "" : " currently"
        guard !winners.isEmpty else { return paragraph("No bid was\(now) ranked, so there is no winning bid to compare with.") }
        var out: [String] = []
        if others.count < winners.count {
            out += paragraph(others.isEmpty
                ? "Your bid is\(now) ranked first: it is the winning bid, so its scores are the ones shown above."
                : "Your bid is\(now) ranked first, jointly with the bid\(others.count == 1 ? "" : "s") below.")
        }
        for other in others {
            if !out.isEmpty { out.append("") }
            out += paragraph("The bid\(now) ranked first is bid \(other.bid.id) from \(other.bid.bidder), which scored as follows:")
            out.append("")
            out += table(other, panel: panel, explanations: nil)
            out.append("")
            out += field("Quality marks", "\(other.qualityMarks.formatted(places: places)) out of \(result.quality)", label: 24)
            if result.priceFormula != .none {
                out += field("Price marks", "\(other.priceMarks.formatted(places: places)) out of \(result.price)", label: 24)
            }
            out += field("Total", "\(other.total.formatted(places: places)) out of 100", label: 24)
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
            if let point = scale.point(value) { return "\(point.value) \(point.label)" }
            return "\(value.compactFormatted(places: places)) (average)"
        case .ladder:
            guard c.basis != .missing, let value = c.finalValue else { return "Not placed yet" }
            return between(value, labels: panel.ladder.rungs.map(\.label))
        case .matrix:
            let top = Exact(max(panel.matrix.levels.count - 1, 1))
            return "average \((c.share * top).compactFormatted(places: places)) of \(top)"
        }
    }

    static func levelText(_ p: PrincipleResult, panel: Panel) -> String {
        guard p.basis != .missing, let level = p.level else { return "Not judged yet" }
        if level.isInteger, let label = panel.matrix.levels[safe: level] { return label }
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
        func title(_ id: String) -> String { "\"\(panel.criterion(id: id)?.title ?? id)\"" }
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

    /// One table row; every cell wraps within its column, so nothing is cut.
    static func row(_ cells: [String], indent: Int = 0) -> [String] {
        let widths = columns.enumerated().map { $0.offset == 0 ? $0.element - indent : $0.element }
        let wrapped = zip(cells, widths).map { DisplayWidth.wrap($0, width: $1) }
        let height = wrapped.map(\.count).max() ?? 0
        return (0..<height).map { line in
            let parts = wrapped.enumerated().map { column, lines in
                DisplayWidth.pad(line < lines.count ? lines[line] : "", to: widths[column], right: column == 1 || column == 3)
            }
            return trimmed(String(repeating: " ", count: indent) + parts.joined(separator: "  "))
        }
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

extension String {
    /// Without leading and trailing spaces and newlines (the core avoids Foundation).
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
