/// One bidder's view of the result, as its summary needs it: the bid it is
/// written for, the winning bids it may be compared with, the panel's
/// explanations made safe to print and cleared of anything the bidder must
/// not see, and the panel's sections with their sub-totals.
struct SummaryContext {
    struct Section {
        var name: String
        var criteria: [Criterion]
        /// Marks available in the section.
        var weight: Exact
        /// A lone criterion named like its section needs no heading.
        var headed: Bool
        /// Only a section of two or more weighted criteria has a sub-total.
        var subtotalled: Bool
    }

    let reader: BidResult
    let result: EvaluationResult
    let panel: Panel
    let sections: [Section]
    /// The bids ranked first, other than the reader's; in a lot the award
    /// rule decided, the bid awarded the lot (none for a bid passed over).
    let winners: [BidResult]
    /// In a lot the award rule decided (`LotSummary`); nil otherwise.
    let award: LotAward?
    private let explanations: [Slot: String]
    private let redaction: SummaryRedaction
    /// The bid's own table: criterion, weight, score, marks. The same for
    /// every line, so worked out once (it formats every weight and mark).
    let scoreColumns: [Int]

    init(reader: BidResult, result: EvaluationResult, panel: Panel, explanations: [Slot: String], award: LotAward? = nil) {
        self.reader = reader
        self.award = award
        self.result = result
        self.panel = panel
        self.explanations = explanations
        scoreColumns = AssessmentSummary.scoreColumns(panel: panel, result: result)
        // In a lot, the bid awarded it stands where the first-ranked bid would.
        let first = award.map { award in result.bids.filter { award.leading.contains($0.bid.id) } } ?? result.bids.filter { $0.rank == 1 }
        winners = award?.passedOver == true ? [] : first.filter { $0.bid.id != reader.bid.id }
        redaction = SummaryRedaction(panel: panel, shown: Set(first.map(\.bid.id) + [reader.bid.id]))
        sections = panel.sections.map { name in
            let criteria = panel.criteria.filter { $0.section == name }
            let weighted = criteria.filter { $0.kind != .passFail }
            return Section(name: name, criteria: criteria, weight: Exact.sum(weighted.map(\.weight)),
                           headed: !(criteria.count == 1 && criteria[0].title == name),
                           subtotalled: weighted.count >= 2)
        }
    }

    /// Whether the summary sets the reader's bid beside a winning one: every
    /// bid but a sole winner.
    var comparing: Bool { !winners.isEmpty }

    /// Whether the reader's bid is ranked first (alone or jointly).
    var readerWon: Bool { award.map { $0.leading.contains(reader.bid.id) } ?? (reader.rank == 1) }

    /// The panel's reason for a final value, safe to print, with members and
    /// other unsuccessful bidders taken out; nil when none was recorded.
    func explanation(_ bid: BidResult, _ criterion: Criterion, _ principle: String? = nil) -> String? {
        explanations[Slot(bid: bid.bid.id, criterion: criterion.id, principle: principle)]
            .map { redaction.apply(SafeText.visible($0)) }
    }

    /// The exact sum of a bid's marks in one section.
    func subtotal(_ bid: BidResult, _ section: Section) -> Exact {
        Exact.sum(bid.criteria.filter { $0.criterion.section == section.name }.map(\.marks))
    }

    var places: Int { panel.scoring.decimals }

    var weightWidth: Int { scoreColumns[1] }
    var marksWidth: Int { scoreColumns[3] }
    var money: Money { Money(currency: panel.tender.currency) }

    /// "Northgate Youth Collective (bid B1)", safe to print.
    func name(_ bid: BidResult) -> String { "\(SafeText.line(bid.bid.bidder)) (bid \(bid.bid.id))" }
}
