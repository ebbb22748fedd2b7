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
        discussion: "The CSVs score to exactly the same totals with: bidpanel score PANEL.toml --scores … --moderated … --conflicts …"
    )

    @Argument(help: "The evaluation file.") var file: String
    @OptionGroup var files: SheetFiles
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        let sheet = try chair.signInChair(store).scoreSheet()
        if let scores = files.scores { try Outputs.write(ScoresCSV.write(memberValues: sheet.memberValues, panel: store.panel), to: scores) }
        if let moderated = files.moderated { try Outputs.write(ScoresCSV.write(moderated: sheet.moderated, panel: store.panel), to: moderated) }
        if let conflicts = files.conflicts { try Outputs.write(ScoresCSV.write(conflicts: sheet.conflicts), to: conflicts) }
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

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the totals from an evaluation file (chair's PIN).",
        discussion: "PROVISIONAL until every value is in (and, under consensus, moderated)."
    )

    @Argument(help: "The evaluation file.") var file: String
    @Option(name: .long, help: "text, json or csv.") var format: OutputFormat = .text
    @Option(name: .long, help: "Write the report to this file instead of the screen.") var output: String?
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        let result = try chair.signInChair(store).result()
        let text: String
        switch format {
        case .text: text = ResultText.render(result, panel: store.panel)
        case .json: text = ResultJSON.render(result, panel: store.panel)
        case .csv: text = ResultCSV.render(result, panel: store.panel)
        }
        if let output { try Outputs.write(text, to: output) } else { Console.out(text) }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log has not been tampered with, and print it (chair's PIN).",
        discussion: "Exit status 1 when any row was changed, removed or reordered, or a value was changed outside bidpanel."
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The evaluation file.") var file: String
    @Option(name: .long, help: "text or json.") var format: Format = .text
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        let entries = try chair.signInChair(store).auditEntries()
        let problems = try store.verifyAudit()
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Output: Encodable { var intact: Bool; var problems: [String]; var entries: [AuditEntry] }
            let data = try encoder.encode(Output(intact: problems.isEmpty, problems: problems, entries: entries))
            Console.out(String(decoding: data, as: UTF8.self) + "\n")
        case .text:
            Console.out(AuditText.render(entries, problems: problems, panel: store.panel))
        }
        if !problems.isEmpty {
            throw InputError(message: "\(file): the audit log does not verify (\(problems.count) problem\(problems.count == 1 ? "" : "s"), listed above)")
        }
    }
}

enum AuditText {
    static func render(_ entries: [AuditEntry], problems: [String], panel: Panel) -> String {
        var out = ["Audit log of \(panel.tender.id): \(entries.count) entries", ""]
        out.append(problems.isEmpty ? "Chain verified: no row was changed, removed or reordered." : "NOT VERIFIED:")
        out += problems.map { "  - \($0)" }
        out.append("")
        for e in entries {
            var what = "\(e.action)"
            let place = [e.bid, e.criterion, e.principle].filter { !$0.isEmpty }.joined(separator: " / ")
            if !place.isEmpty { what += " \(place)" }
            if !e.member.isEmpty && e.member != e.actor { what += " for \(e.member)" }
            var change = ""
            if !e.oldValue.isEmpty || !e.newValue.isEmpty {
                change = e.oldValue.isEmpty ? ": \(e.newValue)" : ": \(e.oldValue) -> \(e.newValue)"
            }
            out.append("#\(e.seq) \(e.at) \(e.actor) \(what)\(change) [\(e.source)]")
            if !e.reason.isEmpty { out.append("     \(e.action == "record" ? "comment" : "reason"): \(e.reason)") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

enum Outputs {
    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError(message: "cannot write \(path): check the folder exists and you may write there")
        }
    }
}
