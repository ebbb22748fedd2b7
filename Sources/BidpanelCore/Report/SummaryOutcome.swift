/// The parts of a summary every bidder gets: the result and why, the award
/// criteria in summary (reg 31(2)(d)) and the bid's own marks.
extension SummaryContext {
    private typealias Layout = AssessmentSummary

    // MARK: - The result

    /// Won, or why not: the rank and the gap to the winning bid, every
    /// exclusion in words, a tie broken by the tender's rules, and where the
    /// winning bid scored more.
    func outcome() -> [String] {
        let now = result.complete ? "" : " currently"
        let rankedCount = result.bids.filter { $0.rank != nil }.count
        let total = "\(reader.total.formatted(places: places)) marks out of \(result.outOf)"
        var out: [String] = []
        if let award, award.passedOver || (readerWon && reader.rank != 1) { return lotAwardOutcome(award) }
        // A grants round with a pot: funded or not, rather than won (SummaryFunding).
        if let funding = FundingLine(result, rules: panel.scoring), let text = fundingOutcome(funding) { return text }
        if readerWon {
            if winners.isEmpty {
                return Layout.paragraph("Your bid is\(now) the most advantageous tender (the winning bid): it is ranked 1st of \(rankedCount), with \(total).")
            }
            let others = winners.map(name).joined(separator: " and ")
            out += Layout.paragraph("Your bid is\(now) ranked 1st of \(rankedCount) jointly with the bid\(winners.count == 1 ? "" : "s") from \(others): \(winners.count == 1 ? "both" : "all") have \(total), and the tender's rules for breaking a tie do not separate them.")
            return out
        }
        out += Layout.paragraph(result.complete ? "We are sorry to tell you that your bid was not successful."
            : "On the scores agreed so far, your bid would not be the winning bid.")
        out.append("")
        if reader.excluded {
            let reasons = reader.reasons.count == 1 ? "reason" : "reasons"
            out += Layout.paragraph("Your bid was excluded from the ranking, so it could not win, for the following \(reasons):")
            for reason in reader.reasons { out += Layout.bullet(exclusion(reason)) }
            out.append("")
            if winners.isEmpty {
                out += Layout.paragraph("No bid was\(now) ranked, so there is no winning bid to compare yours with. The panel's scores for your bid are set out below.")
                return out
            }
            out += Layout.paragraph("The panel still scored your bid on every criterion. Its scores are set out below, beside those of the winning bid.")
        }
        for (index, winner) in winners.enumerated() {
            if index > 0 || reader.excluded { out.append("") }
            out += Layout.paragraph(gap(to: winner, first: index == 0))
            out += differences(from: winner)
        }
        return out
    }

    /// A lot the award rule gave to a bid other than the first-ranked: the
    /// reader's bid won it from further down, or was passed over. Names no
    /// other bidder.
    private func lotAwardOutcome(_ award: LotAward) -> [String] {
        let now = result.complete ? "" : " currently"
        let rankedCount = result.bids.filter { $0.rank != nil }.count
        let standing = "ranked \(reader.rank.map(Layout.ordinal) ?? "") of \(rankedCount) in this lot, with \(reader.total.formatted(places: places)) marks out of \(result.outOf)"
        if award.passedOver {
            return Layout.paragraph("Your bid is\(now) \(standing). But you had already won the most lots one bidder may win, so your bid cannot be awarded this lot. The panel's scores for your bid are set out below.")
        }
        let above = "The bid ranked above it is from a bidder who had already won the most lots one bidder may win."
        guard award.leading.count == 1 else {
            return Layout.paragraph("Your bid is\(now) tied for this lot with \(winners.count == 1 ? "another bid" : "\(winners.count) other bids"): it is \(standing). The chair decides which wins, and records why. \(above)")
        }
        return Layout.paragraph("Your bid is\(now) the winning bid for this lot: it is \(standing). \(above)")
    }

    /// " (6 bids were received; 1 was excluded)" when some bids are not
    /// ranked, so "4th of 5" does not read as if only five bids came in.
    private func receivedNote(ranked: Int) -> String {
        let excluded = result.bids.count - ranked
        guard excluded > 0 else { return "" }
        return " (\(result.bids.count) bids were received; \(excluded) \(excluded == 1 ? "was" : "were") excluded)"
    }

    /// The reader's rank and total, the winning bid's total, and a tie's
    /// breaker. The two totals, not their difference: a reader subtracts the
    /// rounded figures, and the exact gap can round the other way.
    private func gap(to winner: BidResult, first: Bool) -> String {
        let most = result.complete ? "winning bid" : award == nil ? "bid currently ranked first" : "bid currently in line to win this lot"
        let which = winners.count > 1 && !readerWon ? "One of the \(winners.count) bids ranked first jointly" : "The \(most)"
        let theirs = "\(which) is from \(name(winner)), with \(winner.total.formatted(places: places)) marks"
        guard let rank = reader.rank else { return theirs + " out of \(result.outOf)." }
        let rankedCount = result.bids.filter { $0.rank != nil }.count
        let now = result.complete ? "" : " currently"
        var text = first ? "Your bid is\(now) ranked \(Layout.ordinal(rank)) of \(rankedCount)\(receivedNote(ranked: rankedCount)), with \(reader.total.formatted(places: places)) marks out of \(result.outOf). " : ""
        text += theirs
        guard winner.total == reader.total else { return text + "." }
        text += ", the same total as yours. The tender's rule for equal totals decided between them: "
        for rule in panel.scoring.tieBreak {
            switch rule {
            case .quality where winner.qualityMarks != reader.qualityMarks:
                return text + "the winning bid has more quality marks (\(winner.qualityMarks.formatted(places: places)) against your \(reader.qualityMarks.formatted(places: places)))."
            case .price where winner.bid.price != nil && reader.bid.price != nil && winner.bid.price != reader.bid.price:
                return text + "the winning bid has the lower price (\(money.format(winner.bid.price!)) against your \(money.format(reader.bid.price!)))."
            default: continue
            }
        }
        return text + "it comes first in the panel's list of bids."
    }

    /// Where the winning bid scored more marks, where the reader's did, and
    /// where they were level, criterion by criterion and for price.
    private func differences(from winner: BidResult) -> [String] {
        var more: [String] = [], fewer: [String] = [], level: [String] = []
        func compare(_ title: String, _ theirs: Exact, _ mine: Exact, note: String = "") {
            let d = theirs - mine
            let figures = "\(theirs.formatted(places: places)) marks against your \(mine.formatted(places: places))"
            if d.isZero { level.append(title) }
            else if d.isNegative { fewer.append("\(title): your \(mine.formatted(places: places)) marks against \(theirs.formatted(places: places)) (\(amount(-d)) more)") }
            else { more.append("\(title): \(figures) (\(amount(d)) more)\(note)") }
        }
        for (mine, theirs) in zip(reader.criteria, winner.criteria) where mine.criterion.kind != .passFail {
            compare(SafeText.line(mine.criterion.title), theirs.marks, mine.marks)
        }
        if result.priceFormula != .none {
            compare("Price", winner.priceMarks, reader.priceMarks, note: reader.excluded ? "; an excluded bid gets no price marks" : "")
        }
        var out: [String] = []
        if !more.isEmpty {
            out.append("")
            out += Layout.paragraph("The winning bid scored more marks than yours on:")
            for line in more { out += Layout.bullet(line) }
        }
        if !fewer.isEmpty {
            out.append("")
            out += Layout.paragraph(reader.excluded || winner.total == reader.total ? "Your bid scored more marks than the winning bid on:"
                : "Your bid scored more marks than the winning bid on the following, but not enough to make up the difference:")
            for line in fewer { out += Layout.bullet(line) }
        }
        if !level.isEmpty {
            out.append("")
            out += Layout.paragraph("Both bids scored the same marks on: \(level.joined(separator: "; ")).")
        }
        return out
    }

    /// An exclusion in words, with the panel's reason for the score that
    /// caused it, so the bidder reads what was missing, not only that it failed.
    private func exclusion(_ reason: Exclusion) -> String {
        let text = Layout.exclusionText(reason, panel: panel)
        let id: String
        switch reason {
        case let .failed(criterion), let .belowThreshold(criterion, _, _): id = criterion
        case .overBudget, .belowQualityThreshold, .removed: return text
        }
        guard let criterion = panel.criterion(id: id), let why = explanation(reader, criterion)?.trimmingSpaces, !why.isEmpty else { return text }
        return text + " The panel's reason: " + why
    }

    /// A positive exact difference as published: "4.00", or "less than 0.01"
    /// when it would round to nothing.
    func amount(_ difference: Exact) -> String {
        let text = difference.formatted(places: places)
        guard difference.rounded(places: places).isZero, !difference.isZero else { return text }
        return "less than " + (places == 0 ? "1" : "0." + String(repeating: "0", count: places - 1) + "1")
    }

    // MARK: - The award criteria

    /// Each criterion's title, weight, how it was scored and the scores
    /// available, then what the scores mean, how marks, price and ranks
    /// were worked out, and where the criteria are set out in full.
    func criteria() -> [String] {
        let widths = [Layout.width - 4 - weightWidth - 32, weightWidth, 32]
        var out = Self.grid(["Criterion", "Weight", "How it was scored"], widths: widths, right: [1])
        out.append(String(repeating: "-", count: Layout.width))
        for section in sections {
            if section.headed {
                out += Self.grid([SafeText.line(section.name), section.subtotalled ? section.weight.description : "", ""], widths: widths, right: [1])
            }
            let indent = section.headed ? 2 : 0
            for criterion in section.criteria {
                let weight = criterion.kind == .passFail ? "-" : criterion.weight.description
                out += Self.grid([SafeText.line(criterion.title), weight, scoring(of: criterion)], widths: widths, indent: indent, right: [1])
            }
        }
        if result.priceFormula != .none {
            out += Self.grid(["Price", result.price.description, "\(result.priceFormula.rawValue) price formula (below)"], widths: widths, right: [1])
        }
        out.append(String(repeating: "-", count: Layout.width))
        out += Self.grid(["Total", result.outOf.description, ""], widths: widths, right: [1])
        out.append("")
        out += Layout.keys(panel)
        out.append("")
        out += Layout.paragraph(marksRule())
        if let price = priceRule() {
            out.append("")
            out += Layout.paragraph(price)
        }
        out.append("")
        out += Layout.paragraph(rankRule())
        out.append("")
        out += Layout.paragraph("The award criteria and how they were to be applied are set out in full in the tender documents for \(panel.tender.id).")
        return out
    }

    /// "0 to 5 on the 0-5 scale; below 2 excludes the bid".
    private func scoring(of criterion: Criterion) -> String {
        switch criterion.kind {
        case .scored:
            guard let scale = panel.scale(id: criterion.scaleID ?? "") else { return "scored" }
            let threshold = criterion.threshold.map { "; a score below \($0) excludes the bid" } ?? ""
            return "\(scale.minimum) to \(scale.maximum) on the \(SafeText.line(scale.id)) scale\(threshold)"
        case .ladder:
            return "a rung of the ladder of co-production (\(panel.ladder.rungs.count) rungs)"
        case .matrix:
            return "\(panel.matrix.principles.count) principles, each at a level from 0 to \(max(panel.matrix.levels.count - 1, 1))"
        case .passFail:
            return "pass or fail, no marks; a fail excludes the bid"
        }
    }

    /// How a score becomes marks, for each kind of criterion used, with a
    /// worked example from the first scored criterion.
    private func marksRule() -> String {
        var parts = ["A criterion's marks are its weight multiplied by how far up its scale the score is."]
        var seen = Set<String>()
        for criterion in panel.criteria {
            switch criterion.kind {
            case .scored:
                guard let scale = panel.scale(id: criterion.scaleID ?? ""), seen.insert("scale " + scale.id).inserted,
                      !scale.range.isZero else { continue }
                let share = scale.minimum.isZero ? "score ÷ \(scale.range)" : "(score - \(scale.minimum)) ÷ \(scale.range)"
                let middle = scale.points.sorted { $0.value < $1.value }[scale.points.count / 2]
                let marks = criterion.weight * (middle.value - scale.minimum) / scale.range
                parts.append("On the \(SafeText.line(scale.id)) scale, a criterion earns (\(share)) × its weight: for example, \(middle.value) \(SafeText.line(middle.label)) on a weight of \(criterion.weight) earns \(marks.formatted(places: places)) marks.")
            case .ladder where seen.insert("ladder").inserted:
                let steps = max(panel.ladder.rungs.count - 1, 1)
                parts.append("On the ladder, the bottom rung earns nothing and each rung above it a further 1/\(steps) of the weight, so the top rung earns all of it.")
            case .matrix where seen.insert("matrix").inserted:
                parts.append("In the matrix, a criterion earns (average level of the \(panel.matrix.principles.count) principles ÷ \(max(panel.matrix.levels.count - 1, 1))) × its weight.")
            default: continue
            }
        }
        return parts.joined(separator: " ")
    }

    /// The price formula in words, and the budget; nil when price is not scored.
    private func priceRule() -> String? {
        let share = result.price.description
        var text: String
        switch result.priceFormula {
        case .none: return nil
        case .relative:
            text = "Price is worth \(share) marks, on the relative formula: the lowest price among the bids still in contention gets all \(share) marks, and each other bid gets \(share) × the lowest price ÷ its price."
        case .linear:
            text = "Price is worth \(share) marks, on the linear formula: among the bids still in contention, the lowest price gets all \(share) marks and the highest none; a price between them gets \(share) × (highest price - its price) ÷ (highest price - lowest price)."
        }
        text += " An excluded bid gets no price marks and is left out of these figures."
        if let budget = panel.scoring.budget { text += " A price above the budget of \(money.format(budget)) excludes the bid." }
        return text
    }

    /// How bids were ranked, and the quality minimum if there is one.
    private func rankRule() -> String {
        var text = "Bids are ranked by their total marks."
        if panel.scoring.qualityThreshold > .zero {
            let needed = panel.scoring.quality * panel.scoring.qualityThreshold / Exact(100)
            text += " A bid with fewer than \(needed.formatted(places: places)) quality marks (\(panel.scoring.qualityThreshold)% of the \(panel.scoring.quality) available) is excluded."
        }
        let rules = panel.scoring.tieBreak.map { $0 == .quality ? "by more quality marks" : "by the lower price" }
        text += rules.isEmpty ? " Equal totals share a rank." : " Equal totals are separated \(rules.joined(separator: ", then "))."
        return text + (fundingRule().map { " " + $0 } ?? "")
    }

    // MARK: - The bid's own marks

    /// The width of the labels in "Your marks".
    static let marksLabel = 16

    func marks() -> [String] {
        var out = Layout.field("Quality marks", "\(reader.qualityMarks.formatted(places: places)) out of \(result.quality)", label: Self.marksLabel)
        if result.priceFormula != .none {
            out += Layout.field("Your price", reader.bid.price.map(money.format) ?? "none given", label: Self.marksLabel)
            let note = reader.excluded ? " (excluded bids receive no price marks)" : ""
            out += Layout.field("Price marks", "\(reader.priceMarks.formatted(places: places)) out of \(result.price)\(note)", label: Self.marksLabel)
            if !reader.excluded, let working = priceWorking(reader, whose: "your") {
                out += Layout.field("Worked out as", working, label: Self.marksLabel)
            }
        }
        out += Layout.field("Total", "\(reader.total.formatted(places: places)) out of \(result.outOf)", label: Self.marksLabel)
        if let rank = reader.rank {
            let joint = result.bids.filter { $0.rank == rank }.count > 1 ? "joint " : ""
            out += Layout.field("Rank", "\(joint)\(Layout.ordinal(rank)) of \(result.bids.filter { $0.rank != nil }.count)", label: Self.marksLabel)
        } else {
            out += Layout.field("Rank", "not ranked (excluded)", label: Self.marksLabel)
        }
        return out
    }

    /// How one bid's price marks came from the engine's price range, with
    /// the engine's own marks as the result: "20 × lowest price £150,000 ÷
    /// your price £214,500 = 13.99". `whose` is "your" or "its". Nil when
    /// price is not scored.
    func priceWorking(_ bid: BidResult, whose: String) -> String? {
        let share = result.price.description
        guard result.priceFormula != .none else { return nil }
        if bid.excluded { return "no price marks: an excluded bid gets none" }
        guard let price = bid.bid.price, let range = result.priceRange else { return "no price marks: no price was given" }
        let marks = bid.priceMarks.formatted(places: places)
        let own = "\(whose) price \(money.format(price))"
        let lowest = "lowest price \(money.format(range.lowest))", highest = "highest price \(money.format(range.highest))"
        switch result.priceFormula {
        case .none:
            return nil
        case .relative:
            if price.isZero { return "a price of \(money.format(price)) gets all \(share) marks" }
            return "\(share) × \(lowest) ÷ \(own) = \(marks)"
        case .linear:
            if range.highest == range.lowest { return "every price in contention is the same, so each gets all \(share) marks = \(marks)" }
            return "\(share) × (\(highest) - \(own)) ÷ (\(highest) - \(lowest)) = \(marks)"
        }
    }

    /// A table row of any columns, each cell wrapped within its column;
    /// `right` are the columns aligned to the right (figures).
    static func grid(_ cells: [String], widths: [Int], indent: Int = 0, right: Set<Int>) -> [String] {
        let widths = widths.enumerated().map { $0.offset == 0 ? $0.element - indent : $0.element }
        let wrapped = zip(cells, widths).map { DisplayWidth.wrap($0, width: $1) }
        let height = wrapped.map(\.count).max() ?? 0
        return (0..<height).map { line in
            let parts = wrapped.enumerated().map { column, lines in
                DisplayWidth.pad(line < lines.count ? lines[line] : "", to: widths[column], right: right.contains(column))
            }
            return Layout.trimmed(String(repeating: " ", count: indent) + parts.joined(separator: "  "))
        }
    }
}
