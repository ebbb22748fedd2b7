import TOMLKit

/// `[[lot]]` tables and `[scoring] max_lots_per_bidder` (docs/panel-format.md
/// §3.11). Rules between lots and bids are checked in `PanelValidator+Lots`.
extension PanelParser {
    static let lotKeys = ["id", "title", "budget", "abnormally_low", "weights"]
    /// More lots than any authority splits one tender into; the limit keeps
    /// a file of 60,000 lots from keeping `validate` busy.
    static let mostLots = 200

    func readLots(_ root: TOMLTable) -> [Lot] {
        let tables = limited(reader.tables(root, "lot", path: "", what: "the panel file"), "lot", Self.mostLots)
        return tables.compactMap(readLot)
    }

    private func readLot(_ entry: (TOMLTable, String)) -> Lot? {
        let (table, path) = entry
        let id = reader.string(table, "id", path: path, what: "a [[lot]]", required: true, example: "\"north\"")
        let what = "[[lot]] \"\(id ?? "?")\""
        reader.checkKeys(table, path: path, allowed: Self.lotKeys, what: what)
        let title = reader.string(table, "title", path: path, what: what, required: true, example: "\"North locality\"")
        let budget = reader.number(table, "budget", path: path, what: what, example: "90000")
        let low = reader.number(table, "abnormally_low", path: path, what: what, example: "15")
        var weights: [String: Exact] = [:]
        if let weightTable = reader.table(table, "weights", path: path, what: what) {
            let weightsPath = TOMLReader.join(path, "weights")
            for key in weightTable.keys.sorted() {
                if let weight = reader.number(weightTable, key, path: weightsPath, what: "the weights of \(what)",
                                              example: "25") {
                    weights[key] = weight
                }
            }
        }
        if let budget, !(budget > .zero) {
            reader.error(at: "\(path).budget", "the budget of \(what) must be more than 0",
                         fix: "remove the line if this lot has no budget of its own")
        }
        if let low, low < .zero || low > Exact(100) {
            reader.error(at: "\(path).abnormally_low", "abnormally_low of \(what) is \(low) but must be 0 to 100 (a percentage)")
        }
        guard let id, let title else { return nil }
        return Lot(id: id, title: title, budget: budget, abnormallyLow: low, weights: weights)
    }

    func readMaxLotsPerBidder(_ scoring: TOMLTable) -> Int? {
        guard let limit = reader.integer(scoring, "max_lots_per_bidder", path: "scoring", what: "[scoring]", example: "2") else {
            return nil
        }
        if limit < 1 {
            reader.error(at: "scoring.max_lots_per_bidder", "max_lots_per_bidder is \(limit) but must be 1 or more",
                         fix: "remove the line if a bidder may win any number of lots")
            return nil
        }
        return limit
    }
}
