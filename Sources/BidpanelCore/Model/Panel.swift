/// One evaluation, as described by a panel file (SPEC §1). Immutable once
/// loaded and validated: the engine and screens only read it.
public struct Panel: Sendable, Equatable {
    public var format: Int
    public var tender: Tender
    public var scoring: ScoringRules
    public var scales: [Scale] { didSet { lookups = PanelLookups() } }
    public var criteria: [Criterion] { didSet { lookups = PanelLookups() } }
    public var ladder: Ladder
    public var matrix: Matrix
    public var members: [Member] { didSet { lookups = PanelLookups() } }
    public var bids: [Bid] { didSet { lookups = PanelLookups() } }
    /// The tender's lots, in the file's order; empty when it is not split
    /// into lots (then every bid is in one competition, as always).
    public var lots: [Lot]
    /// The tender's stages, in order; empty when it is scored in one go.
    public var stages: [Stage]
    /// The council's outcome themes (`[[outcome]]`), for the coverage advice
    /// (`OutcomeCoverage`); empty when the file lists none.
    public var outcomes: [OutcomeTheme]
    /// Positions by id, built on first use. Any change to a list starts a
    /// fresh one (cheap), so a lookup never sees a stale position.
    private var lookups = PanelLookups()

    public init(format: Int = 1, tender: Tender, scoring: ScoringRules, scales: [Scale],
                criteria: [Criterion], ladder: Ladder = .standard, matrix: Matrix = .standard,
                members: [Member], bids: [Bid], lots: [Lot] = [], stages: [Stage] = [], outcomes: [OutcomeTheme] = []) {
        self.format = format
        self.tender = tender
        self.scoring = scoring
        self.scales = scales
        self.criteria = criteria
        self.ladder = ladder
        self.matrix = matrix
        self.members = members
        self.bids = bids
        self.lots = lots
        self.stages = stages
        self.outcomes = outcomes
    }

    // Each returns the first with that id, as a scan from the start would.
    public func scale(id: String) -> Scale? { scaleIndex(id: id).map { scales[$0] } }
    public func criterion(id: String) -> Criterion? { criterionIndex(id: id).map { criteria[$0] } }
    public func member(id: String) -> Member? { memberIndex(id: id).map { members[$0] } }
    public func bid(id: String) -> Bid? { bidIndex(id: id).map { bids[$0] } }

    /// Positions in `scales`, `criteria`, `members` and `bids`.
    public func scaleIndex(id: String) -> Int? { lookups.position(of: id, in: .scales, among: scales, id: \.id) }
    public func criterionIndex(id: String) -> Int? { lookups.position(of: id, in: .criteria, among: criteria, id: \.id) }
    public func memberIndex(id: String) -> Int? { lookups.position(of: id, in: .members, among: members, id: \.id) }
    public func bidIndex(id: String) -> Int? { lookups.position(of: id, in: .bids, among: bids, id: \.id) }

    /// The marks available for price: 100 − quality.
    public var priceShare: Exact { Exact(100) - scoring.quality }

    /// Sections in the order their first criterion appears.
    public var sections: [String] {
        var seen = Set<String>()
        return criteria.map(\.section).filter { seen.insert($0).inserted }
    }
}

public struct Tender: Sendable, Equatable {
    public var id: String
    public var title: String
    public var authority: String
    public var currency: String

    public init(id: String, title: String, authority: String, currency: String = "GBP") {
        self.id = id
        self.title = title
        self.authority = authority
        self.currency = currency
    }
}

public enum PriceFormula: String, Sendable, CaseIterable {
    case relative, linear, none
}

public enum Moderation: String, Sendable, CaseIterable {
    case consensus, mean, median
}

/// `[scoring] at_the_line`: the bid whose request is more than the pot has
/// left (docs/scoring.md, "The funding line").
public enum AtTheLine: String, Sendable, CaseIterable {
    /// Pass it by and fund the next bid down that fits in what is left.
    case skip
    /// Give it what is left, and stop.
    case partFund = "part_fund"
    /// Fund nothing more: the line falls above it.
    case stop
}

public enum TieBreak: String, Sendable, CaseIterable {
    case quality, price
}

public struct ScoringRules: Sendable, Equatable {
    /// Quality's share of 100 marks; price gets the rest.
    public var quality: Exact
    public var priceFormula: PriceFormula
    public var moderation: Moderation
    /// A price above this excludes the bid.
    public var budget: Exact?
    /// Quality marks below this percentage of `quality` exclude the bid.
    public var qualityThreshold: Exact
    /// Published figures are rounded half away from zero to this many places.
    public var decimals: Int
    public var tieBreak: [TieBreak]
    /// Members' values spreading by at least this share of a scale's range
    /// are flagged for discussion.
    public var discussSpread: Exact
    /// A price more than this percentage below the mean of the other bids is
    /// flagged as abnormally low.
    public var abnormallyLow: Exact
    /// First and second place within this many marks is a close call.
    public var closeMargin: Exact
    /// In a tender split into lots: the most lots one bidder may win; nil
    /// for no limit. How the limit is applied: `LotAwards`.
    public var maxLotsPerBidder: Int?
    /// A grants round's fixed pot, funded in rank order (`FundingLine`);
    /// nil for a tender, which has no funding line.
    public var pot: Exact?
    /// What happens to the bid that crosses the funding line; set whenever
    /// `pot` is (the validator insists: the panel decides it in advance).
    public var atTheLine: AtTheLine?

    public init(quality: Exact, priceFormula: PriceFormula = .relative,
                moderation: Moderation = .consensus, budget: Exact? = nil,
                qualityThreshold: Exact = 0, decimals: Int = 2,
                tieBreak: [TieBreak] = [.quality, .price], discussSpread: Exact = Exact(2, 5),
                abnormallyLow: Exact = 15, closeMargin: Exact = 1, maxLotsPerBidder: Int? = nil,
                pot: Exact? = nil, atTheLine: AtTheLine? = nil) {
        self.quality = quality
        self.priceFormula = priceFormula
        self.moderation = moderation
        self.budget = budget
        self.qualityThreshold = qualityThreshold
        self.decimals = decimals
        self.tieBreak = tieBreak
        self.discussSpread = discussSpread
        self.abnormallyLow = abnormallyLow
        self.closeMargin = closeMargin
        self.maxLotsPerBidder = maxLotsPerBidder
        self.pot = pot
        self.atTheLine = atTheLine
    }
}

public struct Scale: Sendable, Equatable {
    public var id: String
    public var points: [ScalePoint]

    public init(id: String, points: [ScalePoint]) {
        self.id = id
        self.points = points
    }

    public var minimum: Exact { points.map(\.value).min() ?? .zero }
    public var maximum: Exact { points.map(\.value).max() ?? .zero }
    public var range: Exact { maximum - minimum }
    public func point(_ value: Exact) -> ScalePoint? { points.first { $0.value == value } }
}

public struct ScalePoint: Sendable, Equatable {
    public var value: Exact
    public var label: String
    public var meaning: String
    public var plain: String

    public init(value: Exact, label: String, meaning: String, plain: String) {
        self.value = value
        self.label = label
        self.meaning = meaning
        self.plain = plain
    }
}

public enum CriterionKind: String, Sendable, CaseIterable {
    case scored
    case passFail = "pass_fail"
    case ladder
    case matrix
}

public enum Role: String, Sendable, CaseIterable, Comparable {
    case chair, officer, young, observer

    /// The role as people say it: "young assessor", not "young".
    public var name: String {
        switch self {
        case .chair: "chair"
        case .officer: "officer"
        case .young: "young assessor"
        case .observer: "observer"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public struct Criterion: Sendable, Equatable {
    public var id: String
    public var section: String
    public var title: String
    public var question: String
    public var guidance: String
    /// The wording young assessors see; falls back to `guidance`.
    public var plain: String?
    public var kind: CriterionKind
    /// Scored criteria only.
    public var scaleID: String?
    /// Marks out of 100; zero for pass/fail.
    public var weight: Exact
    /// Scored criteria only: a final value below this excludes the bid.
    public var threshold: Exact?
    public var scoredBy: [Role]
    /// Members must say why when they score it (an extension of SPEC §1).
    public var commentRequired: Bool
    /// The id of the stage it is scored in, when the tender has stages.
    public var stage: String?
    /// Outcome themes this criterion asks about: a bid earning marks on it addresses them.
    public var outcomes: [String] = []

    public init(id: String, section: String, title: String, question: String = "",
                guidance: String = "", plain: String? = nil, kind: CriterionKind,
                scaleID: String? = nil, weight: Exact = .zero, threshold: Exact? = nil,
                scoredBy: [Role] = [.chair, .officer], commentRequired: Bool = false, stage: String? = nil) {
        self.id = id
        self.section = section
        self.title = title
        self.question = question
        self.guidance = guidance
        self.plain = plain
        self.kind = kind
        self.scaleID = scaleID
        self.weight = weight
        self.threshold = threshold
        self.scoredBy = scoredBy
        self.commentRequired = commentRequired
        self.stage = stage
    }
}

public struct Member: Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: Role
    /// For a pair of young assessors who score together: the ids of the
    /// two members in it, each with their own name and PIN. The pair is
    /// one scorer; its two members never score on their own.
    public var pair: [String]?

    public init(id: String, name: String, role: Role, pair: [String]? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.pair = pair
    }
}

public struct Bid: Sendable, Equatable {
    public var id: String
    public var bidder: String
    /// Nil only where price is not scored.
    public var price: Exact?
    /// The lot's id, in a tender split into lots; nil otherwise.
    public var lot: String?
    /// The answers file's path as written in the panel file.
    public var answersPath: String?
    /// The bidder's answers keyed by criterion id, or `criterion/principle`.
    public var answers: [String: String]
    /// Who the bidder is, as an assessment summary must say (Procurement
    /// Regulations 2024 reg 31): the supplier's unique identifier (for
    /// example its Central Digital Platform number), postal address and
    /// e-mail. Optional in the panel file; `validate` warns when missing.
    public var contact: BidderContact
    /// The outcome themes the bidder says it will work towards (its impact map).
    public var outcomes: [String] = []

    public init(id: String, bidder: String, price: Exact?, answersPath: String? = nil,
                answers: [String: String] = [:], contact: BidderContact = BidderContact(), lot: String? = nil) {
        self.id = id
        self.lot = lot
        self.bidder = bidder
        self.price = price
        self.answersPath = answersPath
        self.answers = answers
        self.contact = contact
    }
}

/// A bidder's identity and contact details, each optional.
public struct BidderContact: Sendable, Equatable {
    /// The supplier's unique identifier, which also ties its bids across rounds.
    public var supplierID: String?
    public var address: String?
    public var email: String?

    public init(supplierID: String? = nil, address: String? = nil, email: String? = nil) {
        self.supplierID = supplierID
        self.address = address
        self.email = email
    }
}
