import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

struct SummariesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summaries",
        abstract: "Write one assessment summary per bidder (chair's PIN).",
        discussion: """
        Each summary is plain text (Procurement Act 2023 s.50, Procurement Regulations 2024 \
        reg 31): the bidder's identifier, address and e-mail, the award criteria, every \
        criterion's score with the panel's moderation reason, sub-totals, total and rank; \
        for a bid that did not win, why not, and the winning bid's scores and reasons beside \
        its own. Members' and other unsuccessful bidders' names are taken out of the reasons; read each \
        summary before you send it (see docs/summaries.md). \
        Files are named <bid id>-<bidder>.txt; existing files are kept unless you pass --force. \
        PROVISIONAL until every value is in and moderated. Each carries the audit seal. \
        Nothing is written if the audit does not verify; --unverified writes them marked NOT VERIFIED.
        """
    )

    @Argument(help: "The evaluation file.") var file: String
    @Option(name: .long, help: "The folder to write the summaries into (made if missing).") var out: String
    @ArgumentParser.Flag(name: .long, help: "Replace summaries already in the folder.") var force = false
    @OptionGroup var chair: ChairOptions
    @OptionGroup var verify: VerifyOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file, verifyingWholeRecord: true)
        let panel = store.panel
        let session = try chair.signInChair(store)
        // No summary goes to a bidder from a record that does not verify.
        let seal = try verify.seal(of: store, file: file, writing: "summary")
        // One read of the sheet gives both the result and the reasons, so they agree.
        let sheet = try session.scoreSheet()
        let explanations = Dictionary(sheet.moderated.map { ($0.slot, $0.reason) }, uniquingKeysWith: { $1 })
        // In lots, one summary per bidder covering every lot it bid for.
        let tender = panel.lots.isEmpty ? nil : LotScoring.score(panel, sheet, overrides: try session.shortlistOverrides(),
                                                                     tieDecisions: try session.tieDecisions(),
                                                                     signedOff: try session.stagesAtSignOff())
        let result = tender == nil ? ScoringEngine.score(panel, sheet) : nil

        let folder = URL(fileURLWithPath: out)
        let targets = (tender == nil ? panel.bids.map { [$0] } : LotSummary.bidders(panel)).map { bids in
            (bids: bids, path: folder.appendingPathComponent(Self.fileName(for: bids)).path)
        }
        try Self.prepare(folder: out)
        // Check every name first, so a refusal writes nothing at all.
        let existing = targets.filter { FileManager.default.fileExists(atPath: $0.path) }.map(\.path)
        if !existing.isEmpty && !force {
            let which = existing.count == 1 ? "\(existing[0]) already exists" : "\(existing.count) summaries already exist in \(out) (\(existing[0]), …)"
            throw InputError(message: "\(which); nothing was written. Pass --force to replace them, or choose another folder with --out.")
        }

        let date = Self.today()
        let staged = panel.stages.isEmpty ? nil : StageScoring.score(panel, sheet, overrides: try session.shortlistOverrides(),
                                                                               signedOff: try session.stagesAtSignOff())
        for target in targets {
            let text = tender.map { LotSummary.render(bids: target.bids, tender: $0, panel: panel, explanations: explanations,
                                                      date: date, seal: seal) }
                ?? staged.map { StageSummary.render(bid: target.bids[0].id, staged: $0, explanations: explanations, date: date, seal: seal) }
                ?? AssessmentSummary.render(bid: target.bids[0].id, result: result!, panel: panel,
                                            explanations: explanations, date: date, seal: seal)
            // Owner-only; a summary replaced with --force keeps its mode.
            try Outputs.write(text, to: target.path)
        }
        let state = (tender?.complete ?? staged?.complete ?? result!.complete) ? "" : " (PROVISIONAL: not every value is in and moderated)"
        Console.out("Wrote \(targets.count) assessment summar\(targets.count == 1 ? "y" : "ies") to \(out)\(state):\n"
            + targets.map { "  \($0.path)\n" }.joined())
    }

    /// Makes the folder if needed, owner-only (the summaries hold scores,
    /// prices and names); a file in its place is the user's mistake.
    static func prepare(folder: String) throws {
        try Outputs.makeFolder(folder)
    }

    /// "B2-cafe-mosaic-youth-project.txt": ASCII only, so any system can open it.
    /// In lots, one bidder's bids: "N1-S1-riverside-youth-arts.txt".
    static func fileName(for bids: [Bid]) -> String {
        let name = fileName(for: bids[0])
        let others = bids.dropFirst().map(\.id).prefix(4).joined(separator: "-")
        return others.isEmpty ? name : bids[0].id + "-" + others + name.dropFirst(bids[0].id.count)
    }

    static func fileName(for bid: Bid) -> String {
        let folded = bid.bidder.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_GB"))
        var slug = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > 48 { slug = String(slug.prefix(48)); while slug.hasSuffix("-") { slug.removeLast() } }
        return "\(bid.id)-\(slug.isEmpty ? "bidder" : slug).txt"
    }

    /// Today as 2026-03-01, in the local time zone.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
