/// Young assessors who score in pairs (Central Bedfordshire's young
/// commissioners did): a `[[member]]` with `pair = ["amira", "jay"]` is one
/// scorer made of two members, who sign in together on one terminal.
extension Panel {
    /// The pair a member scores in, if any.
    public func pair(of memberID: String) -> Member? {
        members.first { $0.pair?.contains(memberID) == true }
    }

    /// The members who record values: everyone but the members of a pair
    /// (their pair records for them) and observers.
    public var scorers: [Member] {
        members.filter { $0.role != .observer && pair(of: $0.id) == nil }
    }
}

extension Member {
    public var isPair: Bool { pair != nil }
}

extension Panel {
    /// The two people in a pair, in the order the panel file names them; nil
    /// for a member who is not a pair.
    public func people(of pair: Member) -> [Member]? {
        pair.pair.map { $0.compactMap { member(id: $0) } }
    }

    /// Who the audit log names as having made a change a member's session
    /// made: the member's id, or for a pair both people's ids joined by "+"
    /// ("amira+jay"; "+" is never in a member id, so it reads back without
    /// doubt). This keeps both names in the hashed `actor` field, so the
    /// audit encoding is unchanged (docs/evaluation-file.md).
    public func auditActor(for memberID: String) -> String {
        guard let member = member(id: memberID), let ids = member.pair else { return memberID }
        return ids.joined(separator: Self.pairActorSeparator)
    }

    public static let pairActorSeparator = "+"

    /// Whether the member scores only as part of a pair (so has no column,
    /// progress or values of their own).
    public func isPaired(_ memberID: String) -> Bool { pair(of: memberID) != nil }

    /// The people an audit actor names: one member, or both of a pair.
    public func actorPeople(_ actor: String) -> [Member]? {
        let ids = actor.split(separator: Character(Self.pairActorSeparator), omittingEmptySubsequences: false).map(String.init)
        let found = ids.compactMap { member(id: $0) }
        return found.count == ids.count ? found : nil
    }

    /// Both people's names, "Amira and Jay", for a pair; the name otherwise.
    public func peopleNames(of member: Member) -> String {
        guard let people = people(of: member), people.count == 2 else { return member.name }
        return "\(people[0].name) and \(people[1].name)"
    }

    /// The ids a conflict of interest can be declared under that stop this
    /// member scoring a bid: the member, and for a pair either person too.
    public func conflictIDs(of member: Member) -> [String] {
        [member.id] + (member.pair ?? [])
    }

    /// Who a conflict declared under `memberID` stops scoring its bid: that
    /// member and, for a person in a pair, the pair. A pair is one scorer,
    /// so either person's conflict stops it, and a value the pair gave
    /// before the conflict came in stops counting, as a member's would.
    public func stoppedByConflict(of memberID: String) -> [String] {
        [memberID] + (pair(of: memberID).map { [$0.id] } ?? [])
    }

    /// The declared conflict that leaves a member's values for a bid out:
    /// their own, or for a pair either person's. Nil when none does.
    public func conflict(stopping memberID: String, bid: String, in conflicts: [Conflict]) -> Conflict? {
        let ids = member(id: memberID).map(conflictIDs) ?? [memberID]
        return conflicts.first { $0.bid == bid && ids.contains($0.member) }
    }
}
