import BidpanelCore
import BidpanelStore

/// What the chair's screens show: the live board from the evaluation file,
/// and what the engine makes of it. Worked out once per change, not per
/// frame, so drawing stays cheap.
public struct ChairData: Sendable, Equatable {
    public var board: PanelBoard
    /// The panel with its bids (and prices): the chair may see them all.
    public var panel: Panel
    public var result: EvaluationResult
    public var agreement: AgreementReport
    public var sensitivity: SensitivityReport

    public init(board: PanelBoard, panel: Panel) {
        self.board = board
        self.panel = panel
        result = ScoringEngine.score(panel, board.sheet)
        agreement = Agreement.report(panel: panel, sheet: board.sheet)
        sensitivity = Sensitivity.analyse(panel: panel, sheet: board.sheet)
        perBid = Self.moderation(panel: panel, sheet: board.sheet)
    }

    public var signedOff: Bool { board.signedOffAt != nil }

    /// The rest is worked out from these two.
    public static func == (a: ChairData, b: ChairData) -> Bool { a.board == b.board && a.panel == b.panel }

    /// Every slot of a bid, in the order the chair moderates them.
    func slots(bid: String) -> [Slot] { SlotReview.slots(bid: bid, panel: panel) }

    /// How many of a bid's values are agreed, out of how many, and how many
    /// not yet agreed are marked to discuss.
    public struct BidModeration: Sendable {
        public var agreed = 0
        public var slots = 0
        public var toDiscuss = 0
    }

    func moderation(bid: String) -> BidModeration { perBid[bid] ?? BidModeration() }

    private var perBid: [String: BidModeration] = [:]

    static func moderation(panel: Panel, sheet: ScoreSheet) -> [String: BidModeration] {
        var out: [String: BidModeration] = [:]
        for bid in panel.bids {
            var counts = BidModeration()
            for slot in SlotReview.slots(bid: bid.id, panel: panel) {
                counts.slots += 1
                if sheet.moderatedValue(at: slot) != nil {
                    counts.agreed += 1
                } else if SlotReview.of(slot, panel: panel, sheet: sheet).discuss {
                    counts.toDiscuss += 1
                }
            }
            out[bid.id] = counts
        }
        return out
    }

    /// Counts for the whole evaluation, for the board's summary line.
    func overall() -> (values: Int, expected: Int, agreed: Int, slots: Int, discuss: Int) {
        var values = 0, expected = 0
        for progress in board.progress.values {
            for bid in progress.values where !bid.conflicted {
                values += bid.recorded
                expected += bid.needed
            }
        }
        let counts = perBid.values
        return (values, expected, counts.map(\.agreed).reduce(0, +), counts.map(\.slots).reduce(0, +),
                counts.map(\.toDiscuss).reduce(0, +))
    }
}
