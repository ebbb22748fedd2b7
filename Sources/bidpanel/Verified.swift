import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

/// What report, summaries and export share: they verify the whole record
/// (chain, seal, replay) before writing anything, and refuse when it fails
/// unless `--unverified`, which marks everything they write NOT VERIFIED.
struct VerifyOptions: ParsableArguments {
    @ArgumentParser.Flag(name: .long, help: "Write it even if the audit does not verify, marked NOT VERIFIED on every page and file.")
    var unverified = false

    /// The record's seal; exits 1 naming the first problem unless --unverified.
    func seal(of store: EvaluationStore, file: String, writing what: String) throws -> RecordSeal {
        let seal = try store.seal()
        // A problem may quote text from an edited file: shown, never obeyed by the terminal.
        guard let warning = seal.warning.map(SafeText.line) else { return seal }
        guard unverified else {
            throw InputError(message: """
                \(file) does not verify, so no \(what) was written: \(warning.dropFirst("NOT VERIFIED: ".count))
                See every problem with: bidpanel audit \(file)
                Restore the file from a backup; or, to write it anyway marked NOT VERIFIED on every page, add --unverified.
                """)
        }
        Console.error("\(file): \(warning)\nEverything written is marked NOT VERIFIED.")
        return seal
    }

    /// A JSON document with "verified": false and every problem as its first
    /// keys, when the record does not verify; unchanged when it does.
    static func mark(json: String, seal: RecordSeal) -> String {
        guard !seal.verified, json.hasPrefix("{\n") else { return json }
        let problems = JSON.array(seal.problems.map(JSON.string)).serialized(indent: 1)
        return "{\n  \"verified\": false,\n  \"problems\": \(problems),\n" + json.dropFirst(2)
    }

    /// CSV has no place for a warning, so an unverified CSV file gets a note
    /// beside it: PATH.NOT-VERIFIED.txt (on standard output, the warning went
    /// to standard error already).
    static func noteBeside(_ path: String, seal: RecordSeal) throws {
        guard !seal.verified, path != "-" else { return }
        let text = (["NOT VERIFIED: \(path) was written from an evaluation file that does not verify.", seal.line, "", "Problems:"]
            + seal.problems.map { "- " + SafeText.line($0) }).joined(separator: "\n") + "\n"
        try Outputs.write(text, to: path + ".NOT-VERIFIED.txt")
    }
}
