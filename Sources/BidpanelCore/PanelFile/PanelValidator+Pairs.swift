/// A pair of young assessors (docs/panel-format.md §3.8): two young
/// members, each in at most one pair, who are not pairs themselves.
extension PanelValidator {
    func checkPairs() {
        var inPair: [String: String] = [:]
        for (index, member) in panel.members.enumerated() {
            guard let pair = member.pair else { continue }
            let path = "member[\(index)].pair", what = "pair \"\(member.id)\""
            if member.role != .young {
                reader.error(at: "member[\(index)].role", "\(what) is a pair of young assessors, so its role must be \"young\"",
                             fix: "write: role = \"young\"")
            }
            guard pair.count == 2, pair[0] != pair[1] else {
                reader.error(at: path, "\(what) must name exactly two different members", fix: "for example: pair = [\"amira\", \"jay\"]")
                continue
            }
            for id in pair {
                guard let partner = panel.member(id: id) else {
                    reader.error(at: path, "\(what) names member \"\(id)\", who is not on the panel: "
                        + Suggest.hint(for: id, in: panel.members.map(\.id)),
                        fix: "add a [[member]] with id = \"\(id)\", role = \"young\" and their name")
                    continue
                }
                if partner.isPair {
                    reader.error(at: path, "\(what) names \"\(id)\", which is itself a pair")
                } else if partner.role != .young {
                    reader.error(at: path, "\(what) names \"\(id)\", who is \(partner.role == .chair ? "the chair" : "an \(partner.role.name)"): only young assessors score in pairs")
                }
                if let other = inPair[id] {
                    reader.error(at: path, "member \"\(id)\" is in two pairs, \"\(other)\" and \"\(member.id)\"",
                                 fix: "put each young assessor in one pair at most")
                } else {
                    inPair[id] = member.id
                }
            }
        }
    }
}
