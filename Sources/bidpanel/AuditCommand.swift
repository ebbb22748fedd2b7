import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

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
