import TOMLKit

/// `[scoring] pot` and `at_the_line`, a grants round's funding line
/// (docs/panel-format.md §3.3). How they sit with lots, stages and prices
/// is checked in `PanelValidator+Funding`.
extension PanelParser {
    static let fundingKeys = ["pot", "at_the_line"]

    func readFunding(_ scoring: TOMLTable) -> (pot: Exact?, rule: AtTheLine?) {
        let path = "scoring", what = "[scoring]"
        var pot = reader.number(scoring, "pot", path: path, what: what, example: "500000")
        if let amount = pot, !(amount > .zero) || !(amount * Exact(100)).isInteger {
            reader.error(at: "scoring.pot", "pot is \(amount) but must be an amount of money above 0, in pounds, or pounds and pence",
                         fix: "write the whole pot, such as: pot = 500000 (or 499999.50)")
            pot = nil
        }
        // Not `choice(default: nil)`: that would make the key required in
        // every panel; it is required only with a pot (the validator says so).
        let rule: AtTheLine? = scoring["at_the_line"] == nil ? nil
            : reader.choice(scoring, "at_the_line", path: path, what: what, default: AtTheLine.stop)
        if scoring["pot"] != nil, scoring["at_the_line"] == nil {
            reader.error(at: "scoring.pot", "a pot needs a rule for the bid that crosses the funding line, and [scoring] has no at_the_line",
                         fix: "add one of: at_the_line = \"skip\" (fund the next bid that fits), \"part_fund\" (give it what is left) or \"stop\"")
        }
        if scoring["pot"] == nil, scoring["at_the_line"] != nil {
            reader.error(at: "scoring.at_the_line", "at_the_line says what happens at the funding line, but [scoring] has no pot",
                         fix: "add the pot, such as: pot = 500000, or remove the line")
        }
        return (pot, rule)
    }
}
