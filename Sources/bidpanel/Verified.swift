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
        try check(store.seal(), file: file, writing: what)
    }

    /// What `make` reads and lays out, once the whole record verified. The
    /// verification runs on another thread while `make` reads and renders on
    /// this one (the machine has two cores), and nothing is returned until
    /// it has finished. `make` prints the seal of its own read (the chain's
    /// head and count read with the data); that is the seal only if the
    /// verification found the record intact at that same head and count. If
    /// it did not (a problem, or another terminal wrote in between), `plain`
    /// makes the output again the way it always was, after the verification:
    /// refused, marked NOT VERIFIED, or read again at the verified moment.
    /// `verifying`: the verification started earlier (`startVerifying`).
    func verified<Output>(_ store: EvaluationStore, file: String, writing what: String,
                          verifying: Background<RecordSeal>? = nil,
                          make: () throws -> (head: RecordSeal, output: Output),
                          plain: (RecordSeal) throws -> Output) throws -> (seal: RecordSeal, output: Output) {
        let verifying = verifying ?? startVerifying(store)
        let made: (head: RecordSeal, output: Output)
        do {
            made = try make()
        } catch {
            // An edited file may fail to read: what the verification found is
            // said first, as when it ran alone before the read.
            let seal = try verifying.wait()
            if seal.verified { throw error }
            let checked = try check(seal, file: file, writing: what)
            return (checked, try plain(checked))
        }
        let seal = try verifying.wait()
        if seal == made.head { return (seal, made.output) }
        let checked = try check(seal, file: file, writing: what)
        return (checked, try plain(checked))
    }

    /// The whole-record check, started now on a thread of its own. Called
    /// before the chair's PIN is asked, it runs while the PIN is typed (and
    /// checked, which takes a tenth of a second): reading the file is what
    /// anyone who can open it can do, and nothing it finds is shown, and
    /// nothing is written, unless the PIN is right.
    func startVerifying(_ store: EvaluationStore) -> Background<RecordSeal> {
        Background { try store.verification().seal }
    }

    /// `seal`; exits 1 naming the first problem unless --unverified.
    func check(_ seal: RecordSeal, file: String, writing what: String) throws -> RecordSeal {
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
    /// beside it: PATH.NOT-VERIFIED.txt. Only beside a regular file (one just
    /// made included): next to a device, a FIFO, a link, "-" or /dev/stdout
    /// there is no "beside" (as root, /dev/null.NOT-VERIFIED.txt would be made
    /// in /dev), so the note goes to standard error instead.
    static func noteBeside(_ path: String, seal: RecordSeal) throws {
        guard !seal.verified else { return }
        let problems = seal.problems.map { "- " + SafeText.line($0) }
        guard isRegularFile(path) else {
            Console.error((["NOT VERIFIED: \(SafeText.line(path)) is not a plain file, so no note was written beside it. Problems:"]
                + problems).joined(separator: "\n"))
            return
        }
        let text = (["NOT VERIFIED: \(path) was written from an evaluation file that does not verify.", seal.line, "", "Problems:"]
            + problems).joined(separator: "\n") + "\n"
        try Outputs.write(text, to: path + ".NOT-VERIFIED.txt")
    }

    /// Whether `path` itself (not what a link there points to) is a regular file.
    static func isRegularFile(_ path: String) -> Bool {
        guard path != "-", let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType else {
            return false
        }
        return type == .typeRegular
    }
}

/// Work running on a thread of its own; `wait()` gives its result (or
/// throws its error) once it has finished.
final class Background<Value: Sendable>: @unchecked Sendable {
    // Written once by the thread before it signals; read only after the wait.
    private var result: Result<Value, Error>?
    private let finished = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            result = Result(catching: work)
            finished.signal()
        }
    }

    func wait() throws -> Value {
        finished.wait()
        finished.signal()  // a second wait returns at once
        return try result!.get()
    }
}
