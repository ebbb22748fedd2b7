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
