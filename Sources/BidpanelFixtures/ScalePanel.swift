import BidpanelCore
import BidpanelStore
import Foundation

/// A grants-round-sized panel for measuring how bidpanel grows (issue 12):
/// `bids` bids × `criteria` scored criteria × `members` members, with every
/// member's score for every slot. The same generator feeds the benchmarks
/// (`bidpanel-bench scale`) and the tests, so a figure in BENCHMARKS.md is
/// about the very data a test checks.
///
/// Scale 0–5, weights adding to 80 quality marks, relative price out of 20,
/// mean moderation, a budget, a threshold on the first criterion and a
/// quality threshold: exclusions, price marks among the bids left, ranks and
/// flags are all exercised. A value depends only on (bid, criterion, member)
/// and the seed, so any part can be generated alone and in any order.
public struct ScalePanel: Sendable {
    public let bids: Int
    public let criteria: Int
    public let members: Int
    public let seed: UInt64

    /// The sizes the curve is measured at.
    public static let curve = [10, 100, 1_000, 5_000]

    public init(bids: Int, criteria: Int = 40, members: Int = 12, seed: UInt64 = 42) {
        precondition(bids > 0 && criteria > 0 && members > 1, "a scale panel needs bids, criteria and two members")
        self.bids = bids
        self.criteria = criteria
        self.members = members
        self.seed = seed
    }

    public func bidID(_ index: Int) -> String { "B\(index + 1)" }
    public func criterionID(_ index: Int) -> String { "c\(index + 1)" }
    /// m1 chairs; every third member after is a young assessor, the rest officers.
    public func memberID(_ index: Int) -> String { "m\(index + 1)" }
    public func role(ofMember index: Int) -> Role { index == 0 ? .chair : (index % 3 == 0 ? .young : .officer) }

    /// The chair's PIN and every other member's ("pin-m7").
    public func pin(ofMember index: Int) -> String { index == 0 ? "2468" : "pin-\(memberID(index))" }

    /// A score from 0 to 5, the same every time for the same slot and member.
    public func value(bid: Int, criterion: Int, member: Int) -> Int {
        var x = seed &+ UInt64(bid) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(criterion) &* 0xBF58_476D_1CE4_E5B9
            &+ UInt64(member) &* 0x94D0_49BB_1331_11EB
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 31
        return Int(x % 6)
    }

    /// Whole pounds from £100,000 to £249,999, the same every time for a bid.
    public func price(bid: Int) -> Int { 100_000 + (bid &* 7_919 &+ Int(seed % 1_000)) % 150_000 }

    /// The panel file's text.
    public var panelText: String {
        var text = """
        format = 1

        [tender]
        id = "SCALE-\(bids)"
        title = "Grants round at scale: \(bids) bids"
        authority = "Benchmark Borough Council"
        currency = "GBP"

        [scoring]
        quality = 80
        price_formula = "relative"
        moderation = "mean"
        budget = 240000
        quality_threshold = 20

        [[scale]]
        id = "0-5"
        points = [

        """
        for point in 0...5 {
            text += "  { value = \(point), label = \"Point \(point)\", meaning = \"Meets the criterion to degree \(point).\", plain = \"\(point) out of 5.\" },\n"
        }
        text += "]\n\n"
        // Weights of 80/criteria each, written exactly as a fraction would
        // not be: 40 criteria give 2 each; other counts give a decimal or,
        // failing that, the first criterion takes up the rest.
        let weights = Self.weights(criteria: criteria, total: 80)
        for index in 0..<criteria {
            text += """
            [[criterion]]
            id = "\(criterionID(index))"
            section = "Section \(index / 5 + 1)"
            title = "Criterion \(index + 1)"
            question = "Question \(index + 1)?"
            guidance = "Guidance for criterion \(index + 1)."
            kind = "scored"
            scale = "0-5"
            weight = \(weights[index])
            scored_by = ["chair", "officer", "young"]
            \(index == 0 ? "threshold = 1\n" : "")

            """
        }
        for index in 0..<members {
            text += "[[member]]\nid = \"\(memberID(index))\"\nname = \"Member \(index + 1)\"\nrole = \"\(role(ofMember: index).rawValue)\"\n\n"
        }
        for index in 0..<bids {
            text += "[[bid]]\nid = \"\(bidID(index))\"\nbidder = \"Bidder \(index + 1)\"\nprice = \(price(bid: index))\nsupplier_id = \"SUP-\(index + 1)\"\n\n"
        }
        return text
    }

    /// Weights in whole hundredths adding up to exactly `total`.
    static func weights(criteria: Int, total: Int) -> [String] {
        let hundredths = total * 100
        let each = hundredths / criteria, rest = hundredths - each * criteria
        return (0..<criteria).map { index in
            let value = each + (index == 0 ? rest : 0)
            return value % 100 == 0 ? "\(value / 100)" : String(format: "%d.%02d", value / 100, value % 100)
        }
    }

    /// The panel, parsed and validated as `bidpanel` would.
    public func panel() throws -> Panel {
        try PanelFile.parse(text: panelText, file: "scale-\(bids).toml", readFile: { _ in nil }).panel
    }

    /// Every member's scores as a `--scores` CSV, written to `url` a bid at a
    /// time (5,000 bids make 2.4 million rows).
    public func writeScoresCSV(to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data("bid,criterion,member,value,principle,comment\n".utf8))
        for bid in 0..<bids {
            var chunk = ""
            chunk.reserveCapacity(criteria * members * 16)
            appendScoreRows(bid: bid, to: &chunk)
            try handle.write(contentsOf: Data(chunk.utf8))
        }
    }

    /// The scores CSV as text (for small panels in tests).
    public var scoresCSV: String {
        var text = "bid,criterion,member,value,principle,comment\n"
        for bid in 0..<bids { appendScoreRows(bid: bid, to: &text) }
        return text
    }

    private func appendScoreRows(bid: Int, to text: inout String) {
        let id = bidID(bid)
        for criterion in 0..<criteria {
            let criterionID = criterionID(criterion)
            for member in 0..<members {
                text += "\(id),\(criterionID),\(memberID(member)),\(value(bid: bid, criterion: criterion, member: member)),,\n"
            }
        }
    }

    /// A declaration form saying no member has a conflict.
    public var conflictsCSV: String {
        "bid,member,reason\n" + (0..<members).map { "none,\(memberID($0)),\n" }.joined()
    }

    /// The same scores as the engine takes them, built directly.
    public func scoreSheet() -> ScoreSheet {
        var sheet = ScoreSheet()
        for bid in 0..<bids {
            for criterion in 0..<criteria {
                let slot = Slot(bid: bidID(bid), criterion: criterionID(criterion))
                for member in 0..<members {
                    sheet.record(MemberValue(slot: slot, member: memberID(member),
                                             value: .scale(Exact(value(bid: bid, criterion: criterion, member: member)))))
                }
            }
        }
        return sheet
    }

    /// A new evaluation file at `path` with every member's PIN set, every
    /// declaration in, and (when `withScores`) every score recorded as
    /// `bidpanel import` would, in one transaction.
    @discardableResult
    public func createEvaluation(at path: String, withScores: Bool = true) throws -> EvaluationStore {
        let text = panelText
        let panel = try PanelFile.parse(text: text, file: "scale.toml", readFile: { _ in nil }).panel
        let store = try EvaluationStore.create(at: path, panelPath: "scale.toml", panelText: text, panel: panel,
                                               answersFiles: [:], chairPIN: pin(ofMember: 0))
        let chair = try store.signIn(member: memberID(0), pin: pin(ofMember: 0))
        for member in 1..<members { try chair.setPIN(for: memberID(member), to: pin(ofMember: member)) }
        var sheets = PaperSheets()
        (sheets.conflicts, sheets.noConflicts) = try ScoresCSV.conflictDeclarations(text: conflictsCSV, file: "conflicts.csv",
                                                                                   panel: panel)
        if withScores {
            sheets.values = try ScoresCSV.locatedMemberValues(text: scoresCSV, file: "scores.csv", panel: panel)
        }
        try chair.importPaper(sheets)
        return store
    }
}
