/// The rules of a tender split into lots (docs/panel-format.md §3.11).
extension PanelValidator {
    func checkLots() {
        let lots = panel.lots
        guard !lots.isEmpty else {
            for (index, bid) in panel.bids.enumerated() where bid.lot != nil {
                reader.error(at: "bid[\(index)].lot", "bid \"\(bid.id)\" names lot \"\(bid.lot!)\", but the file has no [[lot]]",
                             fix: "add a [[lot]] with id = \"\(bid.lot!)\", or remove the lot line")
            }
            if panel.scoring.maxLotsPerBidder != nil {
                reader.error(at: "scoring.max_lots_per_bidder", "max_lots_per_bidder limits how many lots one bidder wins, but the file has no [[lot]]",
                             fix: "remove the line, or add the tender's lots")
            }
            return
        }
        duplicates(lots.map(\.id), path: { "lot[\($0)].id" }, what: "lot")
        for (index, lot) in lots.enumerated() {
            let path = "lot[\(index)]"
            if !Identifier.isTenderID(lot.id) {
                reader.error(at: "\(path).id", "lot id \"\(lot.id)\" may use only letters, digits, dot, dash and underscore")
            }
            checkLotWeights(lot, path: path)
            if !panel.bids.contains(where: { $0.lot == lot.id }) {
                reader.warning(at: path, "lot \"\(lot.id)\" has no bids yet", fix: "add its bids with lot = \"\(lot.id)\"")
            }
        }
        let ids = lots.map(\.id)
        var seen: [String: (bid: String, index: Int)] = [:]
        for (index, bid) in panel.bids.enumerated() {
            let path = "bid[\(index)]"
            guard let lot = bid.lot else {
                reader.error(at: path, "bid \"\(bid.id)\" names no lot, but the tender is split into lots (\(ids.joined(separator: ", ")))",
                             fix: "add a line such as: lot = \"\(ids[0])\"")
                continue
            }
            guard ids.contains(lot) else {
                reader.error(at: "\(path).lot", "bid \"\(bid.id)\" names lot \"\(lot)\", which is not defined: " + Suggest.hint(for: lot, in: ids),
                             fix: "name one of the [[lot]] ids")
                continue
            }
            // One bidder may bid for several lots, but once in each.
            let key = "\(lot) \(bid.bidderKey)"
            if let first = seen[key] {
                reader.warning(at: "\(path).lot", "bid \"\(bid.id)\" and bid \"\(first.bid)\" are from the same bidder in lot \"\(lot)\"",
                               fix: "check the lot of each; a bidder usually sends one bid per lot")
            } else {
                seen[key] = (bid.id, index)
            }
        }
        if panel.scoring.maxLotsPerBidder != nil,
           let index = panel.bids.firstIndex(where: { ($0.contact.supplierID ?? "").isEmpty }) {
            reader.warning(at: "bid[\(index)]", "max_lots_per_bidder counts lots per bidder, and bid \"\(panel.bids[index].id)\" has no supplier_id, so its bidder is known by name only",
                           fix: "give every bid its supplier_id, so that two spellings of one name count as one bidder")
        }
    }

    private func checkLotWeights(_ lot: Lot, path: String) {
        guard !lot.weights.isEmpty else { return }
        let what = "lot \"\(lot.id)\""
        for id in lot.weights.keys.sorted() {
            let at = "\(path).weights.\(id)"
            guard let criterion = panel.criterion(id: id) else {
                reader.error(at: at, "the weights of \(what) name criterion \"\(id)\", which is not defined: "
                    + Suggest.hint(for: id, in: panel.criteria.map(\.id)))
                continue
            }
            if criterion.kind == .passFail {
                reader.error(at: at, "criterion \"\(id)\" is pass/fail, so it carries no weight, in \(what) as anywhere",
                             fix: "remove it from the lot's weights")
            } else if lot.weights[id]!.isNegative {
                reader.error(at: at, "\(what) gives criterion \"\(id)\" a negative weight")
            }
        }
        let criteria = panel.lotPanel(lot).criteria
        // With stages, each stage's weights add up on their own.
        let groups: [(String, [Criterion])] = panel.stages.isEmpty ? [("", criteria)]
            : panel.stages.map { stage in (" of stage \"\(stage.id)\"", criteria.filter { $0.stage == stage.id }) }
        for (stageName, weights) in groups {
            let total = Exact.sum(weights.map(\.weight))
            guard total != panel.scoring.quality else { continue }
            let listed = weights.filter { !$0.weight.isZero }.map { "\($0.id) \($0.weight)" }
            reader.error(at: "\(path).weights",
                         "in \(what) the weights\(stageName) add up to \(total), but quality is \(panel.scoring.quality) (\(listed.joined(separator: " + ")))",
                         fix: "make this lot's weights, with the file's for criteria it does not name, add up to \(panel.scoring.quality)")
        }
    }
}
