import BidpanelCore
import BidpanelStore

/// A generated quality-only evaluation for many writers at once: member m0
/// chairs, m1… are officers, every criterion is scored 0-5. Shared by the
/// store tests and the write benchmark so both measure the same thing.
public enum WritersPanel {
    public static func text(id: String, members: Int, bids: Int, criteria: Int = 10) -> String {
        var text = """
        format = 1
        [tender]
        id = "\(id)"
        title = "Many writers"
        authority = "Test"
        [scoring]
        quality = 100
        price_formula = "none"
        moderation = "mean"
        [[scale]]
        id = "0-5"
        points = [\((0...5).map { "{ value = \($0), label = \"\($0)\" }" }.joined(separator: ", "))]

        """
        let weight = Exact(100) / Exact(criteria)
        for c in 0..<criteria {
            text += "[[criterion]]\nid = \"c\(c)\"\nsection = \"S\"\ntitle = \"C\(c)\"\nscale = \"0-5\"\nweight = \(weight)\n"
        }
        for m in 0..<members {
            text += "[[member]]\nid = \"m\(m)\"\nname = \"Member \(m)\"\nrole = \"\(m == 0 ? "chair" : "officer")\"\n"
        }
        for b in 0..<bids { text += "[[bid]]\nid = \"B\(b)\"\nbidder = \"Bidder \(b)\"\n" }
        return text
    }

    public static let chairPIN = "2468"

    /// Each member's PIN: the chair's, or "pin-m3" for m3.
    public static func pin(_ member: String) -> String { member == "m0" ? chairPIN : "pin-\(member)" }

    /// Makes the evaluation file and gives every member a PIN.
    public static func create(at path: String, id: String, members: Int, bids: Int) throws -> EvaluationStore {
        let text = text(id: id, members: members, bids: bids)
        let panel = try PanelFile.parse(text: text, file: "\(id).toml", readFile: { _ in nil }).panel
        let store = try EvaluationStore.create(at: path, panelPath: "\(id).toml", panelText: text, panel: panel,
                                               answersFiles: [:], chairPIN: chairPIN)
        let chair = try store.signIn(member: "m0", pin: chairPIN)
        for m in 1..<members { try chair.setPIN(for: "m\(m)", to: pin("m\(m)")) }
        return store
    }
}
