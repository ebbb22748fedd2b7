import BidpanelCore
import BidpanelStore
import Foundation

/// What the chair's screens show: the live board from the evaluation file,
/// and what the engine makes of it. Worked out once per change, not per
/// frame, so drawing stays cheap; after a change only what depends on it
/// is worked out again (`apply`), and the advisory reports only when a
/// screen asks for them.
public struct ChairData: Sendable, Equatable {
    public private(set) var board: PanelBoard
    /// The panel with its bids (and prices): the chair may see them all.
    public let panel: Panel
    public var result: EvaluationResult { scoring.result }
    /// In a tender split into lots: each lot's result and the awards.
    public var tender: TenderResult? { scoring.tender }
    /// The engine's result, kept up to date bid by bid (in lots, lot by lot).
    private var scoring: ChairScoring
    /// How far members agreed: worked out when first shown after a change.
    public var agreement: AgreementReport {
        cache.agreement("") { Agreement.report(panel: panel, sheet: board.sheet) }
    }

    /// In stages, how far members agreed in each stage so far (its criteria,
    /// the bids in it), kept apart; nil for a tender scored in one go.
    public var stageAgreement: [(stage: String, report: AgreementReport)]? {
        guard let stages = board.stages else { return nil }
        let reached = min(stages.current, stages.stages.count - 1)
        return stages.stages.prefix(reached + 1).enumerated().map { index, stage in
            let bids = Self.bids(inStage: index, stages, panel: panel)
            let report = cache.agreement(stage.id) { Agreement.report(panel: panel.stagePanel(stage, bids: bids), sheet: board.sheet) }
            return (stages.name(index), report)
        }
    }

    /// The what-if runs: worked out when first shown after a change. In
    /// stages, on the final result (the bids that reached the last stage,
    /// each stage's marks in its share, with price), as the totals give it.
    public var sensitivity: SensitivityReport {
        cache.sensitivity("") {
            guard board.stages != nil else { return Sensitivity.analyse(panel: panel, sheet: board.sheet) }
            return Sensitivity.analyse(panel: StageScoring.score(panel, board.sheet, overrides: StageBoard.overrides(self),
                                                                 signedOff: StageBoard.signedOff(self)).finalPanel,
                                       sheet: board.sheet)
        }
    }

    /// In lots, each lot's what-if runs, over that lot's bids alone (in
    /// stages, on the lot's final result).
    public var lotSensitivity: [(lot: Lot, report: SensitivityReport)] {
        let staged = StageBoard.tender(self)
        return panel.lots.map { lot in
            (lot, cache.sensitivity(lot.id) {
                Sensitivity.analyse(panel: staged?.lot(lot.id)?.panel ?? panel.lotPanel(lot), sheet: board.sheet)
            })
        }
    }

    public init(board: PanelBoard, panel: Panel) {
        self.board = board
        self.panel = panel
        (scoring, perBid) = Self.work(panel: panel, counted: Self.countedPanel(panel, board.stages), sheet: board.sheet,
                                      tieDecisions: board.tieDecisions)
        totals = Self.totals(board: board, perBid: perBid, panel: panel)
    }

    /// The engine's result and every bid's counts, side by side on the
    /// machine's cores: the chair waits for both when signing in.
    private static func work(panel: Panel, counted: Panel, sheet: ScoreSheet,
                             tieDecisions: [TieDecision]) -> (ChairScoring, [String: BidModeration]) {
        let bids = panel.bids.map(\.id), parts = 4
        let chunk = max(1, (bids.count + parts - 1) / parts)
        let lock = NSLock()
        nonisolated(unsafe) var result: ChairScoring?
        nonisolated(unsafe) var counts: [String: BidModeration] = [:]
        DispatchQueue.concurrentPerform(iterations: parts + 1) { part in
            if part == 0 {
                let scored = ChairScoring(panel: panel, sheet: sheet, tieDecisions: tieDecisions)
                lock.withLock { result = scored }
            } else {
                let mine = Array(bids.dropFirst((part - 1) * chunk).prefix(chunk))
                let done = moderation(panel: counted, sheet: sheet, bids: mine)
                lock.withLock { counts.merge(done, uniquingKeysWith: { $1 }) }
            }
        }
        return (result!, counts)
    }

    /// Brings the data up to `board`, which differs from the one held only
    /// as `change` says: each changed bid's result and counts are worked out
    /// again (then the ranks over all bids), and what was drawn is forgotten.
    public mutating func apply(_ board: PanelBoard, change: BoardChange) {
        guard !change.everything else { self = ChairData(board: board, panel: panel); return }
        guard !change.isEmpty else { return }
        let sheetChanged = !change.bids.isEmpty
        self.board = board
        cache = ChairCache()
        if sheetChanged {
            scoring.rescore(bids: change.bids, sheet: board.sheet)
            let known = Set(panel.bids.map(\.id))
            perBid.merge(Self.moderation(panel: Self.countedPanel(panel, board.stages), sheet: board.sheet,
                                         bids: change.bids.filter(known.contains).sorted()),
                         uniquingKeysWith: { $1 })
        }
        totals = Self.totals(board: board, perBid: perBid, panel: panel)
    }

    public var signedOff: Bool { board.signedOffAt != nil }

    /// The bids in the board's order: lot by lot in a tender in lots (the
    /// panel file's order within each), otherwise the panel's order.
    public var boardBids: [Bid] {
        guard !panel.lots.isEmpty else { return panel.bids }
        let lots = Set(panel.lots.map(\.id))
        return panel.lots.flatMap { lot in panel.bids.filter { $0.lot == lot.id } } + panel.bids.filter { !lots.contains($0.lot ?? "") }
    }

    /// The rest is worked out from these two.
    public static func == (a: ChairData, b: ChairData) -> Bool { a.board == b.board && a.panel == b.panel }

    /// Every slot of a bid, in the order the chair moderates them.
    /// In stages, the stage being scored (once all are signed off, the last).
    func slots(bid: String) -> [Slot] { SlotReview.slots(bid: bid, panel: Self.countedPanel(panel, board.stages)) }

    /// How many of a bid's values are agreed, out of how many, and how many
    /// not yet agreed are marked to discuss.
    public struct BidModeration: Sendable, Equatable {
        public var agreed = 0
        public var slots = 0
        public var toDiscuss = 0
    }

    func moderation(bid: String) -> BidModeration { perBid[bid] ?? BidModeration() }

    /// The bids the board's counts are over (in stages, those in the stage counted).
    var countedBids: Set<String> { Set(Self.countedPanel(panel, board.stages).bids.map(\.id)) }

    private var perBid: [String: BidModeration] = [:]
    private var totals = Overall()
    /// What was worked out or drawn from this data: shared by copies, and
    /// replaced (never changed) when the data changes.
    private var cache = ChairCache()

    /// The panel whose values the board's Agreed and Discuss count: in a
    /// tender in stages, the stage being scored (once all are signed off,
    /// the last), and only the bids in it; otherwise the whole panel.
    static func countedPanel(_ panel: Panel, _ stages: StageStanding?) -> Panel {
        guard let stages, let stage = stages.currentStage ?? stages.stages.last else { return panel }
        let index = stages.index(of: stage.id) ?? stages.current
        var counted = panel
        counted.criteria = panel.criteria.filter { $0.stage == stage.id }
        counted.bids = bids(inStage: index, stages, panel: panel)
        return counted
    }

    /// The bids in a stage: every bid in the first, the shortlisted ones after.
    static func bids(inStage index: Int, _ stages: StageStanding, panel: Panel) -> [Bid] {
        guard index > 0, stages.stages.indices.contains(index - 1) else { return panel.bids }
        let decisions = stages.decisions[stages.stages[index - 1].id] ?? []
        return panel.bids.filter { bid in decisions.first { $0.bid == bid.id }?.goesOn ?? false }
    }

    /// The stage the board's counts are for ("stage 2"), nil when not in stages.
    var countedStage: String? {
        guard let stages = board.stages, let stage = stages.currentStage ?? stages.stages.last,
              let index = stages.index(of: stage.id) else { return nil }
        return "stage \(index + 1)"
    }

    static func moderation(panel: Panel, sheet: ScoreSheet, bids: [String]) -> [String: BidModeration] {
        var out: [String: BidModeration] = [:]
        let inPanel = Set(panel.bids.map(\.id))
        for bid in bids {
            // A bid not in the stage has nothing to agree in it.
            guard inPanel.contains(bid) else { out[bid] = BidModeration(); continue }
            var counts = BidModeration()
            for slot in SlotReview.slots(bid: bid, panel: panel) {
                counts.slots += 1
                if sheet.moderatedValue(at: slot) != nil {
                    counts.agreed += 1
                } else if SlotReview.of(slot, panel: panel, sheet: sheet).discuss {
                    counts.toDiscuss += 1
                }
            }
            out[bid] = counts
        }
        return out
    }

    /// Counts for the whole evaluation, for the board's summary line.
    public struct Overall: Sendable, Equatable {
        public var values = 0, expected = 0, agreed = 0, slots = 0, discuss = 0
    }

    func overall() -> Overall { totals }

    private static func totals(board: PanelBoard, perBid: [String: BidModeration], panel: Panel) -> Overall {
        var out = Overall()
        // In stages, only the bids in the stage being scored.
        let counted = board.stages == nil ? nil : Set(countedPanel(panel, board.stages).bids.map(\.id))
        for progress in board.progress.values {
            for (id, bid) in progress where !bid.conflicted && counted?.contains(id) != false {
                out.values += bid.recorded
                out.expected += bid.needed
            }
        }
        for counts in perBid.values {
            out.agreed += counts.agreed
            out.slots += counts.slots
            out.discuss += counts.toDiscuss
        }
        return out
    }

    /// Starts the what-if runs and the agreement on another thread, once per
    /// data, so the first Tab to them finds them worked out while the chair
    /// reads the totals. A screen that asks before they are done waits for
    /// the same work; nothing is worked out twice. Not called after a change
    /// by itself, so a change costs the chair no more than what is shown.
    public func prepareAdvice() {
        guard cache.startAdvice() else { return }
        let data = self
        DispatchQueue.global(qos: .utility).async {
            if data.panel.lots.isEmpty { _ = data.sensitivity } else { _ = data.lotSensitivity }
            if data.board.stages == nil { _ = data.agreement } else { _ = data.stageAgreement }
        }
    }

    /// Starts on another thread what the shown screen needs and has not got
    /// yet (the totals' lines for its view and width; What if and Agreement
    /// wait there for their report), then calls `wake` so the loop draws
    /// it. Only when the loop can be woken (`workInBackground`).
    public func prepare(for state: AppState, then wake: @escaping @Sendable () -> Void) {
        guard state.workInBackground, case let .totals(totals) = state.screen else { return }
        let view = totals.view, width = TotalsScreen.linesWidth(state.size), data = self
        cache.prepare(TotalsScreen.linesKey(view, width: width), then: wake) {
            TotalsScreen.lines(view, chair: data, width: width)
        }
    }

    /// In lots and stages, each lot's stages and the awards: worked out once per data.
    func stagedTender(_ make: () -> TenderResult) -> TenderResult { cache.stagedTender(make) }

    /// Lines a screen drew from this data, kept until the data changes:
    /// `key` names what was drawn (the view and the width).
    func lines(_ key: String, _ make: () -> [String]) -> [String] { cache.lines(key, make) }

    /// The lines `prepare` or `lines` made for `key`, if they are ready: never waits.
    func readyLines(_ key: String) -> [String]? { cache.ready(key) }

    /// Every check the property test makes: what `apply` keeps up to date
    /// equals what a fresh `init` works out.
    public func sameWorkingAs(_ fresh: ChairData) -> Bool {
        self == fresh && result == fresh.result && perBid == fresh.perBid && totals == fresh.totals
    }
}

/// Worked-out reports and drawn lines for one ChairData. A class so that
/// copies of the data (the state is a value) share what was worked out;
/// locked because the state is Sendable.
final class ChairCache: @unchecked Sendable {
    private let lock = NSLock()
    /// Held while each report is worked out, so a second asker waits for it.
    private let agreementLock = NSLock(), sensitivityLock = NSLock(), tenderLock = NSLock()
    /// By stage id ("" for the whole evaluation).
    private var agreementReports: [String: AgreementReport] = [:]
    /// By lot id ("" for the whole evaluation).
    private var sensitivityReports: [String: SensitivityReport] = [:]
    private var stagedTenderResult: TenderResult?
    private var adviceStarted = false
    private var drawn: [String: [String]] = [:]
    /// Lines being made on another thread, by key.
    private var making: Set<String> = []

    /// True the first time only.
    func startAdvice() -> Bool {
        lock.withLock {
            defer { adviceStarted = true }
            return !adviceStarted
        }
    }

    /// One stage's agreement ("" for the whole evaluation), worked out once.
    func agreement(_ key: String, _ make: () -> AgreementReport) -> AgreementReport {
        agreementLock.withLock {
            if let done = agreementReports[key] { return done }
            let made = make()
            agreementReports[key] = made
            return made
        }
    }

    /// One lot's what-if runs ("" for the whole evaluation), worked out once.
    func sensitivity(_ key: String, _ make: () -> SensitivityReport) -> SensitivityReport {
        sensitivityLock.withLock {
            if let done = sensitivityReports[key] { return done }
            let made = make()
            sensitivityReports[key] = made
            return made
        }
    }

    func stagedTender(_ make: () -> TenderResult) -> TenderResult {
        tenderLock.withLock {
            if let done = stagedTenderResult { return done }
            let made = make()
            stagedTenderResult = made
            return made
        }
    }

    func ready(_ key: String) -> [String]? { lock.withLock { drawn[key] } }

    /// Makes the lines for `key` on another thread unless they are made or
    /// being made; `wake` runs once they are kept.
    func prepare(_ key: String, then wake: @escaping @Sendable () -> Void, make: @escaping @Sendable () -> [String]) {
        let start = lock.withLock { () -> Bool in
            guard drawn[key] == nil, !making.contains(key) else { return false }
            making.insert(key)
            return true
        }
        guard start else { return }
        DispatchQueue.global(qos: .userInitiated).async {
            let made = make()
            self.lock.withLock {
                self.drawn[key] = made
                self.making.remove(key)
            }
            wake()
        }
    }

    func lines(_ key: String, _ make: () -> [String]) -> [String] {
        if let done = lock.withLock({ drawn[key] }) { return done }
        let made = make()
        lock.withLock { drawn[key] = made }
        return made
    }
}
