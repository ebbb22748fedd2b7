/// The result in a grants round with a pot (`FundingLine`): not "won or
/// lost" but funded, part-funded or not, and why, in short sentences
/// ("Your bid was ranked 9th. The pot of £500,000 funded the first 7 bids.").
extension SummaryContext {
    private typealias Layout = AssessmentSummary

    /// Nil for an excluded bid: its summary gives the reasons as any other does.
    func fundingOutcome(_ line: FundingLine) -> [String]? {
        guard let entry = line.entry(reader.bid.id), let rank = entry.rank, entry.status != .notFundable else { return nil }
        let was = line.complete ? "was" : "is currently"
        let pot = money.format(line.pot)
        let asked = entry.requested.map(money.format) ?? ""
        var text = "Your bid \(was) ranked \(Layout.ordinal(rank)) of \(result.bids.filter { $0.rank != nil }.count). "
        text += potSentence(line, pot: pot) + " "
        switch entry.status {
        case .funded:
            text += "Your bid is funded in full: \(asked)."
        case .partFunded:
            text += "Your bid was that next one: it is offered the \(money.format(entry.award)) left in the pot, of the \(asked) it asked for."
        case .notFunded(.belowLine), .notFunded(.crossesLine(left: .zero)):
            text += "The pot was spent before your bid's turn, so it is not funded."
        case let .notFunded(.crossesLine(left)) where line.rule == .skip:
            text += "Your bid asked for \(asked). Only \(money.format(left)) was left when its turn came, so it was passed over for a bid further down that fitted."
        case let .notFunded(.crossesLine(left)):
            text += "Your bid asked for \(asked). Only \(money.format(left)) was left when its turn came, so it is not funded."
        case .notFunded(.tiedAtLine):
            text += "Your bid is tied at the funding line: another bid has the same rank, and the pot cannot fund both. The chair decides which is funded, and records why."
        case .notFundable:
            return nil
        }
        var out = Layout.paragraph(text)
        if !line.complete {
            out += [""] + Layout.paragraph("These are the scores agreed so far: the funding line may still move.")
        }
        return out
    }

    /// The funding rule among the award criteria, as published; nil without a pot.
    func fundingRule() -> String? {
        guard let pot = panel.scoring.pot, let rule = panel.scoring.atTheLine else { return nil }
        return "The pot of \(money.format(pot)) funds the ranked bids in rank order, each asking for its price, until it runs out. At the funding line, \(FundingText.rule(rule))."
    }

    /// "The pot of £500,000 funded the first 7 bids." — or, where bids were
    /// passed over, how many it funded in rank order.
    private func potSentence(_ line: FundingLine, pot: String) -> String {
        let full = line.entries.filter { $0.status == .funded }
        let part = line.entries.contains { $0.status == .partFunded } ? " in full, and part of the next one" : ""
        let verb = line.complete ? "funded" : "would fund"
        if full.isEmpty { return "The pot of \(pot) \(verb) \(part.isEmpty ? "no bid" : "part of the first bid")." }
        let count = full.count == 1 ? "bid" : "\(full.count) bids"
        let lowestFunded = full.compactMap(\.rank).max() ?? 0
        let prefix = !line.notFunded.contains { ($0.rank ?? Int.max) < lowestFunded }
        return prefix ? "The pot of \(pot) \(verb) the first \(count)\(part)."
            : "The pot of \(pot) \(verb) \(full.count == 1 ? "1 bid" : count) in rank order, passing over those that asked for more than was left."
    }
}
