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
        the audit log.
        """
    )

    @Argument(help: "The evaluation file.") var file: String
    @OptionGroup var files: SheetFiles
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        let sheet = try Inputs.sheet(panel: store.panel, scores: files.scores, moderated: files.moderated,
                                     conflicts: files.conflicts)
        let session = try chair.signInChair(store)
        try session.importPaper(values: sheet.memberValues, moderated: sheet.moderated, conflicts: sheet.conflicts)
        Console.out("Recorded \(sheet.memberValues.count) member values, \(sheet.moderated.count) moderated values and \(sheet.conflicts.count) conflicts from paper in \(file).\n")
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the recorded values out as CSV (chair's PIN).",
        discussion: """
        The CSVs score to exactly the same totals with: bidpanel score PANEL.toml --scores … --moderated … --conflicts … \
        Nothing is written unless the audit verifies; with --unverified each CSV gets a note beside it, \
        FILE.NOT-VERIFIED.txt, listing the problems.
        """
    )

    @Argument(help: "The evaluation file.") var file: String
    @OptionGroup var files: SheetFiles
    @OptionGroup var chair: ChairOptions
    @OptionGroup var verify: VerifyOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        let session = try chair.signInChair(store)
        let seal = try verify.seal(of: store, file: file, writing: "export")
        let sheet = try session.scoreSheet()
        let outputs: [(String?, String)] = [
            (files.scores, ScoresCSV.write(memberValues: sheet.memberValues, panel: store.panel)),
            (files.moderated, ScoresCSV.write(moderated: sheet.moderated, panel: store.panel)),
            (files.conflicts, ScoresCSV.write(conflicts: sheet.conflicts)),
        ]
        for case let (path?, text) in outputs {
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
