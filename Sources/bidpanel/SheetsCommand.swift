import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

struct SheetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheets",
        abstract: "Print blank score sheets for members who score on paper (chair's PIN).",
        discussion: """
        One A4 text sheet per member and bid: every criterion the member's role scores, \
        the scale with its descriptors, a box for each value, lines for a comment, and \
        the rows the officer types into bidpanel import. A young assessor's sheet has the \
        plain wording; no sheet shows a price. A member with a declared conflict on a bid \
        gets no sheet for it. In a tender in stages the sheets are the stage being scored's, \
        each naming its stage, and a later stage's only for the bids on its shortlist. \
        Files are named <member>-<bid>.txt (<member>-<bid>-<stage>.txt in stages); existing \
        files are kept unless you pass --force. See docs/panel-format.md, section 7.7.
        """
    )

    @Argument(help: "The evaluation file.") var file: String
    @Option(name: .long, help: "The folder to write the sheets into (made if missing).") var out: String
    @Option(name: .long, help: "Only this member's sheets (their id).") var member: String?
    @Option(name: .long, help: "Only the sheets for this bid (its id).") var bid: String?
    @ArgumentParser.Flag(name: .long, help: "Replace sheets already in the folder.") var force = false
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        let panel = store.panel
        if let member, panel.member(id: member) == nil {
            throw InputError(message: "there is no member \"\(member)\": " + Suggest.hint(for: member, in: panel.members.map(\.id)))
        }
        if let bid, panel.bid(id: bid) == nil {
            throw InputError(message: "there is no bid \"\(bid)\": " + Suggest.hint(for: bid, in: panel.bids.map(\.id)))
        }
        let session = try chair.signInChair(store)
        let conflicts = try session.scoreSheet().conflicts
        let members = panel.members.filter { member == nil || $0.id == member }
        var bids = panel.bids.filter { bid == nil || $0.id == bid }

        var notes: [String] = []
        // In stages: the stage being scored, and in a later one only its shortlist.
        let stages = try session.stageStanding()
        let stage = stages?.currentStage
        if let stages {
            guard let stage else {
                throw InputError(message: "every stage is signed off, so there is no sheet to print; nothing was written.")
            }
            let number = "stage \(stages.current + 1) (\(SafeText.line(stage.title)))"
            if stages.current == 0, stages.stages.count > 1 {
                notes.append("  These are \(number) sheets. The shortlist for \(stages.name(1)) is not drawn yet: its sheets can be printed once the chair signs off \(number).")
            }
            let off = bids.filter { !stages.inCurrentStage(bid: $0.id) }.map(\.id)
            if !off.isEmpty {
                notes.append("  No \(number) sheet for \(off.map(SafeText.line).joined(separator: ", ")): not on its shortlist.")
            }
            bids = bids.filter { stages.inCurrentStage(bid: $0.id) }
        }
        var targets: [(member: Member, bid: Bid, path: String)] = []
        let folder = URL(fileURLWithPath: out)
        for person in members {
            if ScoreSheetPaper.criteria(for: person, in: panel, stage: stage).isEmpty {
                notes.append("  \(SafeText.line(person.name)) (\(SafeText.line(person.id))) scores no criterion"
                    + (stages.map { " in \($0.name($0.current))" } ?? "") + ", so has no sheet.")
                continue
            }
            for item in bids {
                if conflicts.contains(where: { $0.member == person.id && $0.bid == item.id }) {
                    notes.append("  No sheet for \(SafeText.line(person.id)) on \(SafeText.line(item.id)): they declared a conflict of interest with that bid.")
                    continue
                }
                targets.append((person, item, folder.appendingPathComponent(Self.fileName(person, item, stage: stage)).path))
            }
        }
        guard !targets.isEmpty else {
            throw InputError(message: "there is no sheet to print for that choice; nothing was written.\n" + notes.joined(separator: "\n"))
        }
        try Outputs.makeFolder(out)
        // Check every name first, so a refusal writes nothing at all.
        let existing = targets.filter { FileManager.default.fileExists(atPath: $0.path) }.map(\.path)
        if !existing.isEmpty && !force {
            let which = existing.count == 1 ? "\(existing[0]) already exists" : "\(existing.count) sheets already exist in \(out) (\(existing[0]), …)"
            throw InputError(message: "\(which); nothing was written. Pass --force to replace them, or choose another folder with --out.")
        }
        for target in targets {
            try Outputs.write(ScoreSheetPaper.render(panel: panel, member: target.member, bid: target.bid, stage: stage), to: target.path)
        }
        Console.out("Wrote \(targets.count) score sheet\(targets.count == 1 ? "" : "s") to \(out):\n"
            + targets.map { "  \($0.path)\n" }.joined() + notes.map { $0 + "\n" }.joined())
    }

    /// "zoe-B2.txt": ASCII only, so any system can open it.
    static func fileName(_ member: Member, _ bid: Bid, stage: Stage? = nil) -> String {
        func slug(_ text: String) -> String {
            let kept = String(text.unicodeScalars.map { $0.isASCII && CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" })
            return kept.isEmpty ? "x" : String(kept.prefix(40))
        }
        return "\(slug(member.id))-\(slug(bid.id))" + (stage.map { "-" + slug($0.id) } ?? "") + ".txt"
    }
}
