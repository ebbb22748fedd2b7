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
        gets no sheet for it. Files are named <member>-<bid>.txt; existing files are kept \
        unless you pass --force. See docs/panel-format.md, section 7.7.
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
        let bids = panel.bids.filter { bid == nil || $0.id == bid }

        var notes: [String] = []
        var targets: [(member: Member, bid: Bid, path: String)] = []
        let folder = URL(fileURLWithPath: out)
        for person in members {
            if ScoreSheetPaper.criteria(for: person, in: panel).isEmpty {
                notes.append("  \(SafeText.line(person.name)) (\(SafeText.line(person.id))) scores no criterion, so has no sheet.")
                continue
            }
            for item in bids {
                if conflicts.contains(where: { $0.member == person.id && $0.bid == item.id }) {
                    notes.append("  No sheet for \(SafeText.line(person.id)) on \(SafeText.line(item.id)): they declared a conflict of interest with that bid.")
                    continue
                }
                targets.append((person, item, folder.appendingPathComponent(Self.fileName(person, item)).path))
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
            try Outputs.write(ScoreSheetPaper.render(panel: panel, member: target.member, bid: target.bid), to: target.path)
        }
        Console.out("Wrote \(targets.count) score sheet\(targets.count == 1 ? "" : "s") to \(out):\n"
            + targets.map { "  \($0.path)\n" }.joined() + notes.map { $0 + "\n" }.joined())
    }

    /// "zoe-B2.txt": ASCII only, so any system can open it.
    static func fileName(_ member: Member, _ bid: Bid) -> String {
        func slug(_ text: String) -> String {
            let kept = String(text.unicodeScalars.map { $0.isASCII && CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" })
            return kept.isEmpty ? "x" : String(kept.prefix(40))
        }
        return "\(slug(member.id))-\(slug(bid.id)).txt"
    }
}
