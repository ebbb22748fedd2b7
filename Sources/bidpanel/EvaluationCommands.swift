import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record score sheets typed in from paper (chair's PIN).",
        discussion: """
        Every file is checked whole first; if any row is wrong, nothing is recorded. \
        Member scores are recorded under each member's id and marked as from paper in \
        the audit log. A row that would change a value already in the file (for \
        example one a member typed on screen) is listed with its line, old and new \
        value, and nothing is recorded, unless you give --replace. A member's scores \
        are taken only once they have declared their conflicts of interest: on \
        screen, or in --conflicts (their conflict rows, or "none,MEMBER," if they \
        have none).
        """
    )

    @Argument(help: "The evaluation file.") var file: String
    @OptionGroup var files: SheetFiles
    @ArgumentParser.Flag(name: .long, help: "Replace values already in the file with the ones on paper (each replacement is audited).")
    var replace = false
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        var sheets = PaperSheets()
        if let scores = files.scores {
            sheets.values = try ScoresCSV.locatedMemberValues(text: Inputs.text(of: scores), file: scores, panel: store.panel)
        }
        if let moderated = files.moderated {
            sheets.moderated = try ScoresCSV.locatedModeratedValues(text: Inputs.text(of: moderated), file: moderated,
                                                                    panel: store.panel)
        }
        if let conflicts = files.conflicts {
            (sheets.conflicts, sheets.noConflicts) = try ScoresCSV.conflictDeclarations(text: Inputs.text(of: conflicts),
                                                                                       file: conflicts, panel: store.panel)
        }
        let session = try chair.signInChair(store)
        let done = try session.importPaper(sheets, replace: replace)
        func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
        var lines = ["Recorded from paper in \(file):"]
        lines.append("  member values: \(done.added) new, \(done.replaced) replaced, \(done.unchanged) already there")
        lines.append("  moderated values: \(done.moderatedAdded) new, \(done.moderatedReplaced) replaced, \(done.moderatedUnchanged) already there")
        lines.append("  \(count(done.conflicts, "conflict")); "
            + (done.declared.isEmpty ? "no new declarations of interest"
                : "declarations of interest now in for: " + done.declared.joined(separator: ", ")))
        Console.out(lines.joined(separator: "\n") + "\n")
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the recorded values out as CSV (chair's PIN).",
        discussion: """
        The CSVs score to exactly the same totals with: bidpanel score PANEL.toml --scores ... --moderated ... --conflicts ... \
        Nothing is written unless the audit verifies; with --unverified each CSV written to a file gets a note beside it, \
        FILE.NOT-VERIFIED.txt, listing the problems (for -, a device or a link, on standard error instead).
        """
    )

    @Argument(help: "The evaluation file.") var file: String
    @OptionGroup var files: SheetFiles
    @OptionGroup var chair: ChairOptions
    @OptionGroup var verify: VerifyOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file, verifyingWholeRecord: true)
        let verifying = verify.startVerifying(store)
        let session = try chair.signInChair(store)
        // Only the files asked for are laid out, once the record verified.
        // Members' "no conflicts" declarations go with the conflicts, so a
        // fresh file imported from the export needs nothing typed in again.
        func csv(_ sheet: ScoreSheet, _ noConflicts: [String]) -> [(String, String)] {
            [(files.scores, { ScoresCSV.write(memberValues: sheet.memberValues, panel: store.panel) }),
             (files.moderated, { ScoresCSV.write(moderated: sheet.moderated, panel: store.panel) }),
             (files.conflicts, { ScoresCSV.write(conflicts: sheet.conflicts, noConflicts: noConflicts) })]
                .compactMap { path, text in path.map { ($0, text()) } }
        }
        let (seal, outputs) = try verify.verified(store, file: file, writing: "export", verifying: verifying, make: {
            let read = try session.scoreSheetAndHead()
            return (read.head, csv(read.sheet, try session.membersDeclaringNoConflicts()))
        }, plain: { _ in csv(try session.scoreSheet(), try session.membersDeclaringNoConflicts()) })
        for (path, text) in outputs {
            try Outputs.write(text, to: path)
            try VerifyOptions.noteBeside(path, seal: seal)
        }
    }
}

/// The three CSV files of SPEC §3, read by import and written by export.
struct SheetFiles: ParsableArguments {
    @Option(name: .long, help: "Members' scores (CSV).") var scores: String?
    @Option(name: .long, help: "Moderated values (CSV).") var moderated: String?
    @Option(name: .long, help: "Conflicts of interest (CSV).") var conflicts: String?

    func validate() throws {
        if scores == nil && moderated == nil && conflicts == nil {
            throw ValidationError("give at least one of --scores, --moderated, --conflicts")
        }
    }
}
