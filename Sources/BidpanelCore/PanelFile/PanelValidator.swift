/// Rules that span the sections of a panel file (SPEC §1 "Validation must
/// catch"), plus the reading-age advice on young assessors' wording.
struct PanelValidator {
    let reader: TOMLReader
    let panel: Panel

    func validate() {
        checkScales()
        checkCriteria()
        if panel.stages.isEmpty { checkWeights() } else { checkStages() }
        checkLadderAndMatrix()
        checkMembers()
        checkBids()
        checkLots()
        checkFunding()
        checkOutcomes()
        checkNoStrayStages()
        checkPairs()
        checkContacts()
        checkPlainWording()
    }

    func duplicates(_ ids: [String], path: (Int) -> String, what: String) {
        var seen: [String: Int] = [:]
        for (index, id) in ids.enumerated() {
            if let first = seen[id] {
                let p = reader.map.position(of: path(first))
                reader.error(at: path(index), "\(what) id \"\(id)\" is used twice (first on line \(p.line))",
                             fix: "give each \(what) its own id")
            } else {
                seen[id] = index
            }
        }
    }

    private func checkScales() {
        duplicates(panel.scales.map(\.id), path: { "scale[\($0)].id" }, what: "scale")
        for (index, scale) in panel.scales.enumerated() {
            if scale.points.count < 2 {
                reader.error(at: "scale[\(index)]", "scale \"\(scale.id)\" needs at least two points")
            }
            duplicates(scale.points.map { $0.value.description }, path: { "scale[\(index)].points[\($0)].value" },
                       what: "scale \"\(scale.id)\" point")
        }
    }

    private func checkCriteria() {
        duplicates(panel.criteria.map(\.id), path: { "criterion[\($0)].id" }, what: "criterion")
        for (index, criterion) in panel.criteria.enumerated() {
            let path = "criterion[\(index)]"
            let what = "criterion \"\(criterion.id)\""
            if !Identifier.isTenderID(criterion.id) || criterion.id.contains("/") {
                reader.error(at: "\(path).id", "\(what): ids may use only letters, digits, dot, dash and underscore")
            }
            if criterion.kind == .scored {
                checkScoredCriterion(criterion, path: path)
            } else {
                if criterion.scaleID != nil {
                    reader.error(at: "\(path).scale", "\(what) is \(criterion.kind.rawValue), so it takes no scale",
                                 fix: "remove the scale line, or change kind to \"scored\"")
                }
                if criterion.threshold != nil {
                    reader.error(at: "\(path).threshold", "a threshold applies only to scored criteria, and \(what) is \(criterion.kind.rawValue)",
                                 fix: "remove the threshold line")
                }
            }
            if criterion.weight.isNegative {
                reader.error(at: "\(path).weight", "\(what) has a negative weight")
            }
            if criterion.scoredBy.isEmpty {
                reader.error(at: "\(path).scored_by", "nobody can score \(what)",
                             fix: "list at least one role, such as scored_by = [\"officer\"]")
            }
            if criterion.scoredBy.contains(.observer) {
                reader.error(at: "\(path).scored_by", "observers may read but never score, so \(what) cannot list \"observer\"")
            }
        }
    }

    private func checkScoredCriterion(_ criterion: Criterion, path: String) {
        let what = "criterion \"\(criterion.id)\""
        guard let scaleID = criterion.scaleID else {
            let known = panel.scales.map(\.id)
            reader.error(at: path, "\(what) is scored but names no scale",
                         fix: "add a line such as: scale = \"\(known.first ?? "0-5")\"")
            return
        }
        guard let scale = panel.scale(id: scaleID) else {
            reader.error(at: "\(path).scale", "\(what) names scale \"\(scaleID)\", which is not defined: "
                + Suggest.hint(for: scaleID, in: panel.scales.map(\.id)),
                fix: "define a [[scale]] with id = \"\(scaleID)\", or name one that exists")
            return
        }
        if let threshold = criterion.threshold, threshold < scale.minimum || threshold > scale.maximum {
            reader.error(at: "\(path).threshold",
                         "\(what) has threshold \(threshold), outside its scale \"\(scale.id)\" (\(scale.minimum) to \(scale.maximum))",
                         fix: "choose a threshold from \(scale.minimum) to \(scale.maximum)")
        }
    }

    private func checkWeights() {
        let total = Exact.sum(panel.criteria.map(\.weight))
        let quality = panel.scoring.quality
        guard total != quality else { return }
        let listed = panel.criteria.filter { !$0.weight.isZero }.map { "\($0.id) \($0.weight)" }
        reader.error(at: "scoring.quality",
                     "the criterion weights add up to \(total), but quality is \(quality) (\(listed.joined(separator: " + ")))",
                     fix: total > Exact(100)
                        ? "make the weights add up to \(quality)"
                        : "make the weights add up to \(quality), or set quality = \(total) so price gets \(Exact(100) - total)")
    }

    private func checkLadderAndMatrix() {
        let ladder = panel.ladder
        if ladder.rungs.count < 2 { reader.error(at: "ladder", "the ladder needs at least two rungs") }
        duplicates(ladder.rungs.map(\.id), path: { "ladder.rungs[\($0)].id" }, what: "ladder rung")
        let matrix = panel.matrix
        if matrix.levels.count < 2 { reader.error(at: "matrix.levels", "the matrix needs at least two levels") }
        if matrix.principles.isEmpty { reader.error(at: "matrix", "the matrix needs at least one [[matrix.principle]]") }
        duplicates(matrix.principles.map(\.id), path: { "matrix.principle[\($0)].id" }, what: "matrix principle")
        for (index, principle) in matrix.principles.enumerated() {
            let path = "matrix.principle[\(index)]"
            if principle.descriptors.count != matrix.levels.count {
                reader.error(at: "\(path).descriptors",
                             "principle \"\(principle.id)\" has \(principle.descriptors.count) descriptors but the matrix has \(matrix.levels.count) levels",
                             fix: "give one descriptor per level, in level order")
            }
            if !principle.plain.isEmpty, principle.plain.count != matrix.levels.count {
                reader.error(at: "\(path).plain",
                             "principle \"\(principle.id)\" has \(principle.plain.count) plain descriptors but the matrix has \(matrix.levels.count) levels",
                             fix: "give one plain descriptor per level, or none")
            }
        }
    }

    private func checkMembers() {
        duplicates(panel.members.map(\.id), path: { "member[\($0)].id" }, what: "member")
        for (index, member) in panel.members.enumerated() where !Identifier.isMemberID(member.id) {
            reader.error(at: "member[\(index)].id", "member id \"\(member.id)\" may use only a-z, 0-9, - and _",
                         fix: "for example: id = \"\(member.id.lowercased().filter { $0.isLetter || $0.isNumber })\"")
        }
        let chairs = panel.members.indices.filter { panel.members[$0].role == .chair }
        if chairs.isEmpty {
            reader.error(at: panel.members.isEmpty ? "" : "member[0]", "the panel has no chair",
                         fix: "give exactly one [[member]] role = \"chair\"")
        } else if chairs.count > 1 {
            let names = chairs.map { panel.members[$0].id }.joined(separator: ", ")
            reader.error(at: "member[\(chairs[1])].role", "the panel has \(chairs.count) chairs (\(names)); it needs exactly one",
                         fix: "make one of them an officer")
        }
    }

    private func checkBids() {
        duplicates(panel.bids.map(\.id), path: { "bid[\($0)].id" }, what: "bid")
        let scoring = panel.scoring
        if scoring.priceFormula == .none, scoring.quality != 100 {
            reader.error(at: "scoring.price_formula",
                         "price_formula is \"none\" but quality is \(scoring.quality), leaving \(panel.priceShare) marks for price that nothing can award",
                         fix: "set quality = 100, or choose price_formula = \"relative\" or \"linear\"")
        }
        for (index, bid) in panel.bids.enumerated() {
            let path = "bid[\(index)]"
            if !Identifier.isTenderID(bid.id) {
                reader.error(at: "\(path).id", "bid id \"\(bid.id)\" may use only letters, digits, dot, dash and underscore")
            }
            if let price = bid.price, price.isNegative {
                reader.error(at: "\(path).price", "bid \"\(bid.id)\" has a negative price (\(price))")
            } else if scoring.priceFormula != .none {
                if bid.price == nil {
                    reader.error(at: path, "bid \"\(bid.id)\" has no price, but price is scored (\(scoring.priceFormula.rawValue))",
                                 fix: "add a line such as: price = 238000")
                } else if scoring.priceFormula == .relative, bid.price?.isZero == true {
                    reader.error(at: "\(path).price", "bid \"\(bid.id)\" has a price of 0, which relative price scoring cannot divide by",
                                 fix: "check the price, or use price_formula = \"linear\"")
                }
            }
        }
    }

    /// Each bidder's assessment summary must give its unique identifier,
    /// postal address and e-mail (Procurement Regulations 2024 reg 31).
    private func checkContacts() {
        for (index, bid) in panel.bids.enumerated() {
            guard let warning = bid.contact.missingDetailsWarning(bid: bid.id, in: .panelFile) else { continue }
            reader.warning(at: "bid[\(index)]", warning.message, fix: warning.fix)
        }
    }

    /// Young assessors' wording should read at about age 12.
    private func checkPlainWording() {
        var texts: [(String, String, String)] = []
        for (s, scale) in panel.scales.enumerated() {
            for (p, point) in scale.points.enumerated() where !point.plain.isEmpty {
                texts.append(("scale[\(s)].points[\(p)].plain", "plain wording of scale \"\(scale.id)\" point \(point.value)", point.plain))
            }
        }
        for (c, criterion) in panel.criteria.enumerated() {
            if let plain = criterion.plain {
                texts.append(("criterion[\(c)].plain", "plain wording of criterion \"\(criterion.id)\"", plain))
            }
        }
        if panel.ladder != .standard {
            for (r, rung) in panel.ladder.rungs.enumerated() {
                texts.append(("ladder.rungs[\(r)].plain", "plain wording of ladder rung \"\(rung.id)\"", rung.plain))
            }
        }
        if panel.matrix != .standard {
            for (p, principle) in panel.matrix.principles.enumerated() {
                for (l, text) in principle.plain.enumerated() {
                    texts.append(("matrix.principle[\(p)].plain[\(l)]", "plain wording of principle \"\(principle.id)\" level \(l)", text))
                }
            }
        }
        for (path, what, text) in texts {
            if let problem = Readability(text).problem {
                reader.warning(at: path, "\(what) \(problem)")
            }
        }
    }
}
