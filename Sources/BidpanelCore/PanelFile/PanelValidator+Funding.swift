/// A grants round's funding line (docs/panel-format.md §3.3, `pot`): what
/// it needs from the rest of the file.
extension PanelValidator {
    func checkFunding() {
        guard panel.scoring.pot != nil else { return }
        // One pot over one ranking keeps the rule simple to state and check;
        // a pot per lot or per stage is not built yet (docs/scoring.md §15).
        if !panel.lots.isEmpty {
            reader.error(at: "scoring.pot", "a pot is not supported in a tender split into lots: bidpanel draws one funding line over one ranking",
                         fix: "remove the pot, or score each lot as its own panel file with its own pot")
        }
        if !panel.stages.isEmpty {
            reader.error(at: "scoring.pot", "a pot is not supported in a tender scored in stages: bidpanel draws the funding line over one ranking",
                         fix: "remove the pot, or score the round in one stage")
        }
        // The amount asked for is the bid's price: without it the line cannot be drawn.
        for (index, bid) in panel.bids.enumerated() where bid.price == nil {
            reader.error(at: "bid[\(index)]", "bid \"\(bid.id)\" has no price, but the round has a pot: the price is the amount the bid asks for",
                         fix: "add a line such as: price = 25000")
        }
    }
}
