/// One value to moderate, as the chair sees it: every member's value side
/// by side, which of them count (the same rules as the engine), how far
/// apart they are, and whether that reaches `discuss_spread`.
public struct SlotReview: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var member: Member
        /// Nil when the member has not recorded a value yet.
        public var value: Value?
        public var comment: String
        /// Why the value is left out of the result, if it is.
        public var leftOut: LeftOut?
    }

    public enum LeftOut: Sendable, Equatable {
        case conflict(reason: String)
    }

    public var slot: Slot
    /// Members whose role scores this criterion, in panel order.
    public var entries: [Entry]
    /// The lowest and highest values that count, as engine numbers.
    public var low: Exact?
    public var high: Exact?
    /// The width of the scale the spread is measured against.
    public var range: Exact
    /// The spread reaches the panel's `discuss_spread` share of the range.
    public var discuss: Bool
    /// The mean of the values that count: what a provisional result uses.
    public var mean: Exact?
    public var moderated: ModeratedValue?

    public var spread: Exact? { low.flatMap { low in high.map { $0 - low } } }

    /// The review of one slot. Values from members who declared a conflict
    /// for the bid are shown but do not count, as in the engine.
    public static func of(_ slot: Slot, panel: Panel, sheet: ScoreSheet) -> SlotReview {
        let criterion = panel.criterion(id: slot.criterion)
        let entries: [Entry] = panel.members.filter { member in
            !panel.isPaired(member.id) && criterion?.scoredBy.contains(member.role) ?? false
        }.map { member in
            let recorded = sheet.value(of: member.id, at: slot)
            let conflict = panel.conflict(stopping: member.id, bid: slot.bid, in: sheet.conflicts)
            return Entry(member: member, value: recorded?.value, comment: recorded?.comment ?? "",
                         leftOut: conflict.map { .conflict(reason: $0.reason) })
        }
        let counted = entries.filter { $0.leftOut == nil }.compactMap { $0.value?.number }
        let range = Self.range(of: criterion, panel: panel)
        let low = counted.min(), high = counted.max()
        var discuss = false
        if counted.count >= 2, let low, let high {
            let threshold = criterion?.kind == .passFail ? panel.scoring.discussSpread
                                                         : panel.scoring.discussSpread * range
            discuss = high > low && high - low >= threshold
        }
        let mean = counted.isEmpty ? nil : counted.reduce(Exact.zero, +) / Exact(counted.count)
        return SlotReview(slot: slot, entries: entries, low: low, high: high, range: range, discuss: discuss,
                          mean: mean, moderated: sheet.moderatedValue(at: slot))
    }

    /// Scale width as the engine measures spread: the scale's range, the
    /// ladder's top rung index, the matrix's top level index, or 1 for pass/fail.
    static func range(of criterion: Criterion?, panel: Panel) -> Exact {
        switch criterion?.kind {
        case .scored: criterion?.scaleID.flatMap(panel.scale(id:))?.range ?? .one
        case .ladder: Exact(max(panel.ladder.rungs.count - 1, 1))
        case .matrix: Exact(max(panel.matrix.levels.count - 1, 1))
        case .passFail, nil: .one
        }
    }

    /// Every slot of a bid in panel order, the matrix one principle at a time.
    public static func slots(bid: String, panel: Panel) -> [Slot] {
        panel.criteria.flatMap { criterion -> [Slot] in
            criterion.kind == .matrix
                ? panel.matrix.principles.map { Slot(bid: bid, criterion: criterion.id, principle: $0.id) }
                : [Slot(bid: bid, criterion: criterion.id)]
        }
    }
}
