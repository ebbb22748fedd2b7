/// For a bid that did not win (reg 31(3)): its scores and reasons beside the
/// winning bid's, criterion by criterion and principle by principle, the
/// sub-totals of both, and how both bids' price marks were worked out.
extension SummaryContext {
    private typealias Layout = AssessmentSummary

    /// Where a bid's label ends and its score starts.
    private static let label = 14

    func comparison() -> [String] {
        var out: [String] = []
        for winner in winners {
            if !out.isEmpty { out.append("") }
            let whose = readerWon ? "the bid ranked first jointly with yours" : "the winning bid"
            out += Layout.paragraph("Below, each criterion shows your bid's score and the panel's reason for it, then the score and reason for \(whose), from \(name(winner)).")
            out.append("")
            out += subtotals(winner)
            for section in sections {
                for criterion in section.criteria {
                    guard let mine = reader.criteria.first(where: { $0.criterion.id == criterion.id }),
                          let theirs = winner.criteria.first(where: { $0.criterion.id == criterion.id }) else { continue }
                    out.append("")
                    out += block(mine, theirs, winner: winner)
                }
            }
            if result.priceFormula != .none {
                out.append("")
                out += price(winner)
            }
            out.append("")
            out += Layout.paragraph("Total (out of \(result.outOf))")
            out += scoreLine("Your bid:", parts(reader), marks: reader.total)
            out += scoreLine(winnerLabel, parts(winner), marks: winner.total)
        }
        return out
    }

    private var winnerLabel: String { readerWon ? "Other bid:" : "Winning bid:" }

    /// "57.35 quality + 13.99 price".
    private func parts(_ bid: BidResult) -> String {
        let quality = "\(bid.qualityMarks.formatted(places: places)) quality"
        return result.priceFormula == .none ? quality : "\(quality) + \(bid.priceMarks.formatted(places: places)) price"
    }

    /// Marks by section for both bids, then quality, price and total.
    private func subtotals(_ winner: BidResult) -> [String] {
        let widths = [Layout.width - 6 - weightWidth - 26, weightWidth, 13, 13]
        let right: Set<Int> = [1, 2, 3]
        var out = Self.grid(["Marks by section", "Weight", "Your bid", readerWon ? "Other bid" : "Winning bid"], widths: widths, right: right)
        out.append(String(repeating: "-", count: Layout.width))
        for section in sections where !section.weight.isZero {
            out += Self.grid([SafeText.line(section.name), section.weight.description,
                              subtotal(reader, section).formatted(places: places),
                              subtotal(winner, section).formatted(places: places)], widths: widths, right: right)
        }
        out.append(String(repeating: "-", count: Layout.width))
        out += Self.grid(["Quality", result.quality.description, reader.qualityMarks.formatted(places: places),
                          winner.qualityMarks.formatted(places: places)], widths: widths, right: right)
        if result.priceFormula != .none {
            out += Self.grid(["Price", result.price.description, reader.priceMarks.formatted(places: places),
                              winner.priceMarks.formatted(places: places)], widths: widths, right: right)
        }
        out += Self.grid(["Total", result.outOf.description, reader.total.formatted(places: places), winner.total.formatted(places: places)],
                         widths: widths, right: right)
        return out
    }

    /// One criterion: both scores, both reasons, and which scored more.
    private func block(_ mine: CriterionResult, _ theirs: CriterionResult, winner: BidResult) -> [String] {
        let criterion = mine.criterion
        let kind = criterion.kind == .passFail ? "pass/fail, no marks" : "weight \(criterion.weight)"
        var out = Layout.paragraph("\(SafeText.line(criterion.title)) (\(kind))")
        let marks: (CriterionResult) -> Exact? = { criterion.kind == .passFail ? nil : $0.marks }
        out += scoreLine("Your bid:", Layout.valueText(mine, panel: panel), marks: marks(mine))
        if criterion.kind != .matrix { out += Layout.explanation(explanation(reader, criterion), indent: 6) }
        out += scoreLine(winnerLabel, Layout.valueText(theirs, panel: panel), marks: marks(theirs))
        if criterion.kind != .matrix { out += Layout.explanation(explanation(winner, criterion), indent: 6) }
        if criterion.kind != .passFail { out += Layout.paragraph(verdict(theirs.marks - mine.marks), indent: 2) }
        for (p, q) in zip(mine.principles, theirs.principles) {
            let title = panel.matrix.principle(id: p.principle)?.title ?? p.principle
            out += Layout.paragraph(SafeText.line(title), indent: 2)
            out += scoreLine("Your bid:", Layout.levelText(p, panel: panel), marks: nil, indent: 4)
            out += Layout.explanation(explanation(reader, criterion, p.principle), indent: 8)
            out += scoreLine(winnerLabel, Layout.levelText(q, panel: panel), marks: nil, indent: 4)
            out += Layout.explanation(explanation(winner, criterion, q.principle), indent: 8)
        }
        return out
    }

    /// Price: both prices and marks, and the working for each.
    private func price(_ winner: BidResult) -> [String] {
        var out = Layout.paragraph("Price (weight \(result.price))")
        out += scoreLine("Your bid:", reader.bid.price.map(money.format) ?? "none given", marks: reader.priceMarks)
        out += scoreLine(winnerLabel, winner.bid.price.map(money.format) ?? "none given", marks: winner.priceMarks)
        out += Layout.paragraph(verdict(winner.priceMarks - reader.priceMarks), indent: 2)
        out += Layout.paragraph("How the price marks were worked out (\(result.priceFormula.rawValue) formula):", indent: 2)
        for (label, bid, whose) in [("Your bid:", reader, "your"), (winnerLabel, winner, "its")] {
            if let working = priceWorking(bid, whose: whose) { out += scoreLine(label, working, marks: nil, indent: 4) }
        }
        return out
    }

    private func verdict(_ difference: Exact) -> String {
        let other = readerWon ? "The other bid" : "The winning bid"
        if difference.isZero { return "Both bids scored the same marks here." }
        return difference.isNegative ? "Your bid scored \(amount(-difference)) marks more here."
            : "\(other) scored \(amount(difference)) marks more here."
    }

    /// "  Your bid:     3 Good                             6.00 marks", the
    /// score wrapped under itself and the marks on its first line.
    private func scoreLine(_ label: String, _ text: String, marks: Exact?, indent: Int = 2) -> [String] {
        let marksText = marks.map { "\($0.formatted(places: places)) marks" }
        // Wide enough for "100.00 marks" at the panel's decimals: never cut.
        let marksColumn = marksWidth + " marks".count
        let textWidth = Layout.width - indent - Self.label - (marksText == nil ? 0 : marksColumn + 2)
        let lines = DisplayWidth.wrap(text, width: textWidth)
        let pad = String(repeating: " ", count: indent)
        return lines.enumerated().map { index, line in
            let start = pad + DisplayWidth.pad(index == 0 ? label : "", to: Self.label)
            guard index == 0, let marksText else { return Layout.trimmed(start + line) }
            return start + DisplayWidth.pad(line, to: textWidth) + "  " + DisplayWidth.pad(marksText, to: marksColumn, right: true)
        }
    }
}
