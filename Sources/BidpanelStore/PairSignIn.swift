import BidpanelCore
import Foundation

/// Young assessors who score in a pair (docs/panel-format.md §3.8) sign in
/// together: each types their own PIN, and both must be right. The pair has
/// no PIN of its own. Each person's try counts against that person only, under
/// the same five-try lock as anyone else's.
extension EvaluationStore {
    /// Signs a pair in. `pins` holds one PIN per person, in the order the
    /// panel file names them. Both are checked, even when the first is wrong,
    /// so each person hears about their own PIN; any wrong one refuses.
    public func signIn(pair pairID: String, pins: [String], channel: SignInChannel = .command) throws -> MemberSession {
        guard let pair = panel.member(id: pairID), let people = panel.people(of: pair) else {
            throw StoreError("\"\(pairID)\" is not a pair of young assessors on this panel")
        }
        guard pins.count == people.count else {
            throw StoreError("\(pair.name) sign in together: each of you types your own PIN")
        }
        var problems: [String] = []
        for (person, pin) in zip(people, pins) {
            do {
                try checkPIN(pin, of: person, channel: channel)
            } catch let error as StoreError {
                problems.append(error.message)
            }
        }
        guard problems.isEmpty else { throw StoreError(problems.joined(separator: "; ")) }
        return MemberSession(store: self, member: pair)
    }

    /// Why `member` cannot sign in alone: a person in a pair scores only
    /// with their partner, and a pair only with both PINs.
    static func signsInAsPair(_ member: Member, panel: Panel) -> String? {
        if let pair = panel.pair(of: member.id) {
            let partner = panel.people(of: pair)?.first { $0.id != member.id }?.name ?? "your partner"
            return "\(member.name) scores together with \(partner), so cannot sign in alone. Choose \"\(pair.name)\" and each type your own PIN"
        }
        if member.isPair {
            return "\(member.name) is a pair: choose the pair, and each person types their own PIN"
        }
        return nil
    }

    /// Whether the person or, for a pair, both people have a PIN.
    public func hasPINs(member memberID: String) throws -> Bool {
        guard let member = panel.member(id: memberID), let people = panel.people(of: member) else {
            return try hasPIN(member: memberID)
        }
        return try people.allSatisfy { try hasPIN(member: $0.id) }
    }
}
