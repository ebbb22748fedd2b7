import TOMLKit

/// Turns a parsed panel file into a `Panel`, one section at a time. Shape
/// problems (missing keys, wrong types, unknown keys) are reported here; rules
/// that span sections live in `PanelValidator`.
struct PanelParser {
    let reader: TOMLReader

    static let topKeys = ["format", "tender", "scoring", "scale", "criterion", "ladder", "matrix", "member", "bid", "lot", "stage", "outcome"]
    static let tenderKeys = ["id", "title", "authority", "currency"]
    static let scoringKeys = ["quality", "price_formula", "moderation", "budget", "quality_threshold", "decimals",
                              "tie_break", "discuss_spread", "abnormally_low", "close_margin", "max_lots_per_bidder"]
        + fundingKeys
    static let scaleKeys = ["id", "points"]
    static let pointKeys = ["value", "label", "meaning", "plain"]
    static let criterionKeys = ["id", "section", "title", "question", "guidance", "plain", "kind", "scale",
                                "weight", "threshold", "scored_by", "comment_required", "stage", "outcomes"]
    static let ladderKeys = ["rungs"]
    static let rungKeys = ["id", "label", "stage", "meaning", "plain"]
    static let matrixKeys = ["levels", "principle"]
    static let principleKeys = ["id", "title", "question", "descriptors", "plain"]
    static let memberKeys = ["id", "name", "role", "pair"]
    static let bidKeys = ["id", "bidder", "price", "answers", "supplier_id", "address", "email", "lot", "outcomes"]

    /// Where each key belongs, for "move this line to [scoring]" advice.
    static let sectionsByKey: [String: String] = {
        var map: [String: String] = [:]
        let sections: [(String, [String])] = [
            ("[tender]", tenderKeys), ("[scoring]", scoringKeys), ("a [[criterion]]", criterionKeys),
            ("a [[member]]", memberKeys), ("a [[bid]]", bidKeys), ("a [[matrix.principle]]", principleKeys),
            ("a [[lot]]", lotKeys), ("a [[stage]]", stageKeys),
            ("the top of the file", ["format"]),
        ]
        for (section, keys) in sections {
            for key in keys where !["id", "title", "plain", "question"].contains(key) && map[key] == nil {
                map[key] = section
            }
        }
        return map
    }()

    func parse(_ root: TOMLTable) -> Panel? {
        reader.checkKeys(root, path: "", allowed: Self.topKeys, what: "the panel file")
        let format = readFormat(root)
        let tender = readTender(root)
        let scoring = readScoring(root)
        let scales = reader.tables(root, "scale", path: "", what: "the panel file").map(readScale)
        let criteria = limited(reader.tables(root, "criterion", path: "", what: "the panel file"), "criterion",
                               TextLimits.criteria).compactMap(readCriterion)
        let ladder = readLadder(root)
        let matrix = readMatrix(root)
        let members = limited(reader.tables(root, "member", path: "", what: "the panel file"), "member",
                              TextLimits.members).compactMap(readMember)
        let bids = limited(reader.tables(root, "bid", path: "", what: "the panel file"), "bid",
                           TextLimits.bids).compactMap(readBid)
        let lots = readLots(root)
        let stages = readStages(root)
        let outcomes = readOutcomes(root)
        guard let format, let tender, let scoring, let ladder, let matrix else { return nil }
        return Panel(format: format, tender: tender, scoring: scoring, scales: scales, criteria: criteria,
                     ladder: ladder, matrix: matrix, members: members, bids: bids, lots: lots, stages: stages, outcomes: outcomes)
    }

    /// The first `limit` tables, with an error at the first one over it: a
    /// panel of 60,000 bids kept `init` busy for minutes.
    func limited(_ tables: [(TOMLTable, String)], _ name: String, _ limit: Int) -> [(TOMLTable, String)] {
        guard tables.count > limit else { return tables }
        reader.error(at: tables[limit].1, "the panel file has \(tables.count) [[\(name)]] tables; bidpanel takes at most \(limit)",
                     fix: "split the evaluation into several panel files, or check that this is the right file")
        return Array(tables.prefix(limit))
    }

    private func readFormat(_ root: TOMLTable) -> Int? {
        guard let format = reader.integer(root, "format", path: "", what: "the panel file", required: true) else {
            return nil
        }
        if format > 1 {
            reader.error(at: "format", "this panel file is format \(format), newer than this bidpanel understands (1)",
                         fix: "update bidpanel, or ask whoever sent the file for a format 1 version")
            return nil
        }
        if format < 1 {
            reader.error(at: "format", "format must be 1", fix: "write: format = 1")
            return nil
        }
        return format
    }

    private func readTender(_ root: TOMLTable) -> Tender? {
        guard let table = reader.table(root, "tender", path: "", what: "the panel file") else {
            reader.error(at: "", "the panel file has no [tender] section",
                         fix: "add [tender] with id, title and authority")
            return nil
        }
        let what = "[tender]"
        reader.checkKeys(table, path: "tender", allowed: Self.tenderKeys, what: what)
        let id = reader.string(table, "id", path: "tender", what: what, required: true, example: "\"YS-2026-01\"")
        let title = reader.string(table, "title", path: "tender", what: what, required: true)
        let authority = reader.string(table, "authority", path: "tender", what: what, required: true)
        let currency = reader.string(table, "currency", path: "tender", what: what) ?? "GBP"
        if let id, !Identifier.isTenderID(id) {
            reader.error(at: "tender.id", "tender id \"\(id)\" may use only letters, digits, dot, dash and underscore",
                         fix: "for example: id = \"YS-2026-01\"")
        }
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            reader.error(at: "tender.currency", "currency \"\(currency)\" is not a three-letter code",
                         fix: "write: currency = \"GBP\"")
        }
        guard let id, let title, let authority else { return nil }
        return Tender(id: id, title: title, authority: authority, currency: currency)
    }

    private func readScoring(_ root: TOMLTable) -> ScoringRules? {
        guard let table = reader.table(root, "scoring", path: "", what: "the panel file") else {
            reader.error(at: "", "the panel file has no [scoring] section",
                         fix: "add [scoring] with at least: quality = 80")
            return nil
        }
        let what = "[scoring]", path = "scoring"
        reader.checkKeys(table, path: path, allowed: Self.scoringKeys, what: what)
        let defaults = ScoringRules(quality: 100)
        let quality = reader.number(table, "quality", path: path, what: what, required: true, example: "80")
        let formula: PriceFormula? = reader.choice(table, "price_formula", path: path, what: what,
                                                   default: defaults.priceFormula)
        let moderation: Moderation? = reader.choice(table, "moderation", path: path, what: what,
                                                    default: defaults.moderation)
        let budget = reader.number(table, "budget", path: path, what: what, example: "250000")
        let qualityThreshold = reader.number(table, "quality_threshold", path: path, what: what)
            ?? defaults.qualityThreshold
        let decimals = reader.integer(table, "decimals", path: path, what: what, example: "2") ?? defaults.decimals
        let discuss = reader.number(table, "discuss_spread", path: path, what: what, example: "0.4")
            ?? defaults.discussSpread
        let low = reader.number(table, "abnormally_low", path: path, what: what, example: "15")
            ?? defaults.abnormallyLow
        let margin = reader.number(table, "close_margin", path: path, what: what, example: "1.0")
            ?? defaults.closeMargin
        var tieBreak = defaults.tieBreak
        if let names = reader.strings(table, "tie_break", path: path, what: what, example: "[\"quality\", \"price\"]") {
            tieBreak = []
            for (index, name) in names.enumerated() {
                if let rule = TieBreak(rawValue: name) {
                    tieBreak.append(rule)
                } else {
                    reader.error(at: "scoring.tie_break[\(index)]", "\"\(name)\" is not a tie-break rule: "
                        + Suggest.hint(for: name, in: TieBreak.allCases.map(\.rawValue)))
                }
            }
        }
        func inRange(_ value: Exact?, _ key: String, _ low: Exact, _ high: Exact?, _ unit: String) {
            guard let value else { return }
            if value < low || (high.map { value > $0 } ?? false) {
                let upper = high.map { " to \($0)" } ?? " or more"
                reader.error(at: "scoring.\(key)", "\(key) is \(value) but must be \(low)\(upper)\(unit)")
            }
        }
        inRange(quality, "quality", 0, 100, " (marks out of 100)")
        inRange(qualityThreshold, "quality_threshold", 0, 100, " (a percentage)")
        inRange(discuss, "discuss_spread", 0, 1, " (a share of the scale, such as 0.4)")
        inRange(low, "abnormally_low", 0, 100, " (a percentage)")
        inRange(margin, "close_margin", 0, nil, " marks")
        if let budget, !(budget > .zero) {
            reader.error(at: "scoring.budget", "budget must be more than 0", fix: "remove the line if there is no budget")
        }
        if !(0...6).contains(decimals) {
            reader.error(at: "scoring.decimals", "decimals is \(decimals) but must be 0 to 6")
        }
        let maxLots = readMaxLotsPerBidder(table)
        let funding = readFunding(table)
        guard let quality, let formula, let moderation else { return nil }
        return ScoringRules(quality: quality, priceFormula: formula, moderation: moderation, budget: budget,
                            qualityThreshold: qualityThreshold, decimals: decimals, tieBreak: tieBreak,
                            discussSpread: discuss, abnormallyLow: low, closeMargin: margin,
                            maxLotsPerBidder: maxLots, pot: funding.pot, atTheLine: funding.rule)
    }

    private func readScale(_ entry: (TOMLTable, String)) -> Scale {
        let (table, path) = entry
        let id = reader.string(table, "id", path: path, what: "a [[scale]]", required: true, example: "\"0-5\"") ?? ""
        let what = "[[scale]] \"\(id)\""
        reader.checkKeys(table, path: path, allowed: Self.scaleKeys, what: what)
        let pointTables = reader.tables(table, "points", path: path, what: what)
        if table["points"] == nil {
            reader.error(at: path, "\(what) has no points",
                         fix: "add points = [ { value = 0, label = \"…\", meaning = \"…\", plain = \"…\" }, … ]")
        }
        let points = pointTables.compactMap { pointTable, pointPath -> ScalePoint? in
            let pointWhat = "a point of \(what)"
            reader.checkKeys(pointTable, path: pointPath, allowed: Self.pointKeys, what: pointWhat)
            let value = reader.number(pointTable, "value", path: pointPath, what: pointWhat, required: true)
            let label = reader.string(pointTable, "label", path: pointPath, what: pointWhat, required: true)
            let meaning = reader.string(pointTable, "meaning", path: pointPath, what: pointWhat) ?? ""
            let plain = reader.string(pointTable, "plain", path: pointPath, what: pointWhat) ?? ""
            guard let value, let label else { return nil }
            return ScalePoint(value: value, label: label, meaning: meaning, plain: plain)
        }
        return Scale(id: id, points: points)
    }

    private func readCriterion(_ entry: (TOMLTable, String)) -> Criterion? {
        let (table, path) = entry
        let id = reader.string(table, "id", path: path, what: "a [[criterion]]", required: true, example: "\"experience\"")
        let what = "[[criterion]] \"\(id ?? "?")\""
        reader.checkKeys(table, path: path, allowed: Self.criterionKeys, what: what)
        let section = reader.string(table, "section", path: path, what: what, required: true, example: "\"Your project\"")
        let title = reader.string(table, "title", path: path, what: what, required: true)
        let question = reader.string(table, "question", path: path, what: what) ?? ""
        let guidance = reader.string(table, "guidance", path: path, what: what) ?? ""
        let plain = reader.string(table, "plain", path: path, what: what)
        let kind: CriterionKind? = reader.choice(table, "kind", path: path, what: what, default: .scored)
        let scale = reader.string(table, "scale", path: path, what: what, example: "\"0-5\"")
        let weight = reader.number(table, "weight", path: path, what: what, example: "10")
        let threshold = reader.number(table, "threshold", path: path, what: what, example: "2")
        let commentRequired = reader.bool(table, "comment_required", path: path, what: what) ?? false
        let stage = reader.string(table, "stage", path: path, what: what, example: "\"written\"")
        var scoredBy: [Role] = [.chair, .officer]
        if let roles = reader.strings(table, "scored_by", path: path, what: what, example: "[\"officer\", \"young\"]") {
            scoredBy = []
            for (index, name) in roles.enumerated() {
                guard let role = Role(rawValue: name) else {
                    reader.error(at: "\(path).scored_by[\(index)]", "\"\(name)\" is not a role: "
                        + Suggest.hint(for: name, in: Role.allCases.map(\.rawValue)))
                    continue
                }
                if !scoredBy.contains(role) { scoredBy.append(role) }
            }
        }
        let themes = reader.strings(table, "outcomes", path: path, what: what, example: "[\"healthier\"]") ?? []
        guard let id, let section, let title, let kind else { return nil }
        if kind == .passFail, let weight, !weight.isZero {
            reader.error(at: "\(path).weight", "\(what) is pass/fail, so it carries no weight",
                         fix: "remove the weight line, or change kind to \"scored\"")
        }
        var criterion = Criterion(id: id, section: section, title: title, question: question, guidance: guidance,
                                  plain: plain, kind: kind, scaleID: scale, weight: weight ?? .zero,
                                  threshold: threshold, scoredBy: scoredBy, commentRequired: commentRequired, stage: stage)
        criterion.outcomes = themes
        return criterion
    }

    private func readLadder(_ root: TOMLTable) -> Ladder? {
        guard let table = reader.table(root, "ladder", path: "", what: "the panel file") else { return .standard }
        reader.checkKeys(table, path: "ladder", allowed: Self.ladderKeys, what: "[ladder]")
        let rungs = reader.tables(table, "rungs", path: "ladder", what: "[ladder]").compactMap { rung, path -> Rung? in
            let what = "a ladder rung"
            reader.checkKeys(rung, path: path, allowed: Self.rungKeys, what: what)
            let id = reader.string(rung, "id", path: path, what: what, required: true, example: "\"consulting\"")
            let label = reader.string(rung, "label", path: path, what: what, required: true)
            let stage = reader.string(rung, "stage", path: path, what: what, required: true, example: "\"doing for\"")
            let meaning = reader.string(rung, "meaning", path: path, what: what) ?? ""
            let plain = reader.string(rung, "plain", path: path, what: what) ?? meaning
            guard let id, let label, let stage else { return nil }
            return Rung(id: id, label: label, stage: stage, meaning: meaning, plain: plain)
        }
        return Ladder(rungs: rungs)
    }

    private func readMatrix(_ root: TOMLTable) -> Matrix? {
        guard let table = reader.table(root, "matrix", path: "", what: "the panel file") else { return .standard }
        reader.checkKeys(table, path: "matrix", allowed: Self.matrixKeys, what: "[matrix]")
        let levels = reader.strings(table, "levels", path: "matrix", what: "[matrix]") ?? Matrix.standardLevels
        var principles = reader.tables(table, "principle", path: "matrix", what: "[matrix]")
            .compactMap { principle, path -> Principle? in
                let what = "a [[matrix.principle]]"
                reader.checkKeys(principle, path: path, allowed: Self.principleKeys, what: what)
                let id = reader.string(principle, "id", path: path, what: what, required: true, example: "\"reciprocity\"")
                let title = reader.string(principle, "title", path: path, what: what, required: true)
                let question = reader.string(principle, "question", path: path, what: what) ?? ""
                let descriptors = reader.strings(principle, "descriptors", path: path, what: what, required: true)
                let plain = reader.strings(principle, "plain", path: path, what: what) ?? []
                guard let id, let title, let descriptors else { return nil }
                return Principle(id: id, title: title, question: question, descriptors: descriptors, plain: plain)
            }
        if table["principle"] == nil {
            // Levels renamed but principles left to the defaults.
            principles = Matrix.standard.principles
        }
        return Matrix(levels: levels, principles: principles)
    }

    private func readMember(_ entry: (TOMLTable, String)) -> Member? {
        let (table, path) = entry
        let what = "a [[member]]"
        reader.checkKeys(table, path: path, allowed: Self.memberKeys, what: what)
        let id = reader.string(table, "id", path: path, what: what, required: true, example: "\"amira\"")
        let name = reader.string(table, "name", path: path, what: what, required: true, example: "\"Amira\"")
        let role: Role? = reader.choice(table, "role", path: path, what: what, default: nil)
        let pair = reader.strings(table, "pair", path: path, what: what, example: "[\"amira\", \"jay\"]")
        guard let id, let name, let role else { return nil }
        return Member(id: id, name: name, role: role, pair: pair)
    }

    private func readBid(_ entry: (TOMLTable, String)) -> Bid? {
        let (table, path) = entry
        let what = "a [[bid]]"
        reader.checkKeys(table, path: path, allowed: Self.bidKeys, what: what)
        let id = reader.string(table, "id", path: path, what: what, required: true, example: "\"B1\"")
        let bidder = reader.string(table, "bidder", path: path, what: what, required: true)
        let price = reader.number(table, "price", path: path, what: what, example: "238000")
        let answers = reader.string(table, "answers", path: path, what: what, example: "\"bids/riverside.md\"")
        let contact = BidderContact(
            supplierID: reader.string(table, "supplier_id", path: path, what: what, example: "\"PUK-123456\""),
            address: reader.string(table, "address", path: path, what: what, example: "\"1 High Street, Anytown AB1 2CD\""),
            email: reader.string(table, "email", path: path, what: what, example: "\"bids@riverside.org.uk\""))
        let lot = reader.string(table, "lot", path: path, what: what, required: false, example: "\"north\"")
        let themes = reader.strings(table, "outcomes", path: path, what: what, example: "[\"safer\", \"healthier\"]") ?? []
        guard let id, let bidder else { return nil }
        var bid = Bid(id: id, bidder: bidder, price: price, answersPath: answers, contact: contact, lot: lot)
        bid.outcomes = themes
        return bid
    }
}

/// The id rules of SPEC §1.
public enum Identifier {
    public static func isTenderID(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
    }

    public static func isMemberID(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }
}
