/// One value as a member or the chair gave it, already checked against the
/// panel: a point on the criterion's scale, a ladder rung index, a matrix
/// level index, or pass/fail.
public enum Value: Sendable, Hashable {
    case scale(Exact)
    case rung(Int)
    case level(Int)
    case pass(Bool)

    /// The number the engine works with: the scale value, the rung or level
    /// index, or 1 for pass and 0 for fail.
    public var number: Exact {
        switch self {
        case let .scale(value): return value
        case let .rung(index), let .level(index): return Exact(index)
        case let .pass(passed): return passed ? .one : .zero
        }
    }
}

/// Which (bid, criterion, principle) a value belongs to. `principle` is set
/// for matrix criteria only.
public struct Slot: Sendable, Hashable, Comparable {
    public var bid: String
    public var criterion: String
    public var principle: String?

    public init(bid: String, criterion: String, principle: String? = nil) {
        self.bid = bid
        self.criterion = criterion
        self.principle = principle
    }

    public static func < (a: Slot, b: Slot) -> Bool {
        (a.bid, a.criterion, a.principle ?? "") < (b.bid, b.criterion, b.principle ?? "")
    }
}

public struct MemberValue: Sendable, Hashable {
    public var slot: Slot
    public var member: String
    public var value: Value
    public var comment: String

    public init(slot: Slot, member: String, value: Value, comment: String = "") {
        self.slot = slot
        self.member = member
        self.value = value
        self.comment = comment
    }
}

public struct ModeratedValue: Sendable, Hashable {
    public var slot: Slot
    public var value: Value
    public var reason: String

    public init(slot: Slot, value: Value, reason: String) {
        self.slot = slot
        self.value = value
        self.reason = reason
    }
}

public struct Conflict: Sendable, Hashable {
    public var bid: String
    public var member: String
    public var reason: String

    public init(bid: String, member: String, reason: String) {
        self.bid = bid
        self.member = member
        self.reason = reason
    }
}

/// Everything recorded for an evaluation: members' values, the chair's
/// moderated values, conflict declarations and bids taken out of the
/// competition. At most one value per member
/// per slot and one moderated value per slot: recording again replaces, so
/// the order things were recorded in can never change a result.
public struct ScoreSheet: Sendable, Equatable {
    public private(set) var memberValues = MemberValues()
    public private(set) var moderated: [ModeratedValue] = []
    public private(set) var conflicts: [Conflict] = []
    /// Bids withdrawn or disqualified after the evaluation began, one each.
    public private(set) var removals: [BidRemoval] = []
    private var moderatedIndex: [Slot: Int] = [:]

    public init() {}

    /// A sheet with these members' values, as recording each in turn would
    /// make it.
    public init<Values: Collection<MemberValue>>(memberValues values: Values) {
        memberValues.reserveCapacity(values.count)
        for value in values { memberValues.record(value) }
    }

    init(packed: MemberValues) {
        memberValues = packed
    }

    /// Records a member's value; a second value from the same member for
    /// the same slot replaces the first.
    public mutating func record(_ value: MemberValue) {
        memberValues.record(value)
    }

    public mutating func moderate(_ value: ModeratedValue) {
        if let index = moderatedIndex[value.slot] {
            moderated[index] = value
        } else {
            moderatedIndex[value.slot] = moderated.count
            moderated.append(value)
        }
    }

    public mutating func declare(_ conflict: Conflict) {
        if let index = conflicts.firstIndex(where: { $0.bid == conflict.bid && $0.member == conflict.member }) {
            conflicts[index] = conflict
        } else {
            conflicts.append(conflict)
        }
    }

    /// Room for this many member values, so reading a whole evaluation at
    /// once does not grow (and rehash) the index again and again.
    public mutating func reserveCapacity(memberValues count: Int) {
        memberValues.reserveCapacity(count)
    }

    /// Forgets a member's conflict with a bid (the chair withdrew it).
    public mutating func withdrawConflict(bid: String, member: String) {
        conflicts.removeAll { $0.bid == bid && $0.member == member }
    }

    /// Takes a bid out of the competition; a second removal replaces the first.
    public mutating func remove(_ removal: BidRemoval) {
        removals.removeAll { $0.bid == removal.bid }
        removals.append(removal)
    }

    /// Puts a withdrawn or disqualified bid back into the competition.
    public mutating func reinstate(bid: String) {
        removals.removeAll { $0.bid == bid }
    }

    public func removal(of bid: String) -> BidRemoval? {
        removals.first { $0.bid == bid }
    }

    public func value(of member: String, at slot: Slot) -> MemberValue? {
        memberValues.value(of: member, at: slot)
    }

    public func moderatedValue(at slot: Slot) -> ModeratedValue? {
        moderatedIndex[slot].map { moderated[$0] }
    }

    public func isConflicted(member: String, bid: String) -> Bool {
        conflicts.contains { $0.member == member && $0.bid == bid }
    }

    /// Equal when the same things are recorded, whatever the order.
    public static func == (a: ScoreSheet, b: ScoreSheet) -> Bool {
        Set(a.memberValues) == Set(b.memberValues) && Set(a.moderated) == Set(b.moderated)
            && Set(a.conflicts) == Set(b.conflicts) && Set(a.removals) == Set(b.removals)
    }
}
