import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log has not been tampered with, and print it (chair's PIN).",
        discussion: """
        Checks every row's hash, the chain, the seal of the panel, bids, answers and members, and \
        that the values in the file are what the log says. Someone who can write to the file can \
        rewrite all of it, so also compare with a copy kept elsewhere: --expect with the audit seal \
        printed on a report, a summary or at sign-off, and --witness with the witness file. \
        Exit status 1 when anything does not verify.
        """
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The evaluation file.") var file: String
    @Option(name: .long, help: "text (A4 pages, ready to print) or json.") var format: Format = .text
    @Option(name: .long, help: "An audit seal from paper or an earlier export (16 or 64 hex digits): exit 1 unless this file's chain holds it.")
    var expect: String?
    @Option(name: .long, help: "A witness file: exit 1 unless every head it holds for this tender is still in the chain at its place.")
    var witness: String?
    @OptionGroup var chair: ChairOptions

    func validate() throws {
        if let expect, Self.head(expect) == nil {
            throw ValidationError("--expect takes an audit seal: the 16 hex digits after \"Audit seal\" on a printed page, or all 64")
        }
    }

    func run() throws {
        let store: EvaluationStore
        do {
            store = try EvaluationStore.open(path: file, verifyingWholeRecord: true)
        } catch let error as StoreError where error.finding != nil {
            try report(unopened: error.finding ?? "")
        }
        // The printed listing's check starts before the PIN, to run while it
        // is typed (as report and export do: nothing is shown unless it is right).
        let verifying = format == .text && witness == nil ? Background { try store.verification() } : nil
        let session = try chair.signInChair(store)
        if let verifying { return try printListing(store, session, verifying: verifying) }
        let entries = try session.auditEntries()
        let verification = try store.verification()
        var problems = verification.seal.problems
        var notes = verification.notes
        if let expect, let head = Self.head(expect) {
            switch Self.find(head, newest: entries.last(where: { $0.hash.hasPrefix(head) }), count: entries.count) {
            case let .success(note): notes.append(note)
            case let .failure(problem): problems.append(problem.message)
            }
        }
        if let witness {
            let found = try Witness.check(witness, tender: store.panel.tender.id, entries: entries)
            problems += found.problems
            if found.problems.isEmpty {
                notes.append("Every head in the witness file \(witness) for \(store.panel.tender.id) (\(found.checked)) is in this file's chain at its place.")
            }
        }
        let seal = RecordSeal(head: verification.seal.head, count: verification.seal.count, problems: problems)
        switch format {
        case .json:
            Console.out(Self.json(intact: problems.isEmpty, problems: problems, notes: notes, seal: seal, entries: entries)
                .serialized() + "\n")
        case .text:
            Console.out(AuditReport.render(entries, panel: store.panel, problems: problems, date: Self.today(),
                                           seal: seal, notes: notes))
        }
        if !problems.isEmpty {
            throw InputError(message: "\(file): the audit log does not verify (\(problems.count) problem\(problems.count == 1 ? "" : "s"), listed above)")
        }
    }

    /// The printed audit, laid out entry by entry as the log is read while
    /// the whole record is verified on another thread, then written page by
    /// page: the log is never held whole, only its printed text.
    func printListing(_ store: EvaluationStore, _ session: MemberSession, verifying: Background<Verification>) throws {
        var listing = AuditReport.Listing(panel: store.panel)
        let expected = expect.flatMap(Self.head)
        var newest: AuditEntry?
        try session.forEachAuditEntry { entry in
            listing.add(entry)
            if let expected, entry.hash.hasPrefix(expected) { newest = entry }
        }
        let verification = try verifying.wait()
        var problems = verification.seal.problems
        var notes = verification.notes
        if let expected {
            switch Self.find(expected, newest: newest, count: listing.count) {
            case let .success(note): notes.append(note)
            case let .failure(problem): problems.append(problem.message)
            }
        }
        let seal = RecordSeal(head: verification.seal.head, count: verification.seal.count, problems: problems)
        listing.write(problems: problems, date: Self.today(), seal: seal, notes: notes) { pages in
            Console.out(String(decoding: pages, as: UTF8.self))
        }
        if !problems.isEmpty {
            throw InputError(message: "\(file): the audit log does not verify (\(problems.count) problem\(problems.count == 1 ? "" : "s"), listed above)")
        }
    }

    /// The audit as JSON, keys in alphabetical order. Written with the
    /// project's own quoting, so every text is kept exactly: a control or
    /// bidi character a member typed is a \u escape that any JSON reader
    /// turns back into the original, and the output itself holds none.
    static func json(intact: Bool, problems: [String], notes: [String], seal: RecordSeal, entries: [AuditEntry]) -> JSON {
        func strings(_ texts: [String]) -> JSON { .array(texts.map(JSON.string)) }
        let rows = entries.map { entry -> JSON in
            .object([("action", .string(entry.action)), ("actor", .string(entry.actor)), ("at", .string(entry.at)),
                     ("bid", .string(entry.bid)), ("criterion", .string(entry.criterion)), ("encoding", .number("\(entry.encoding)")),
                     ("hash", .string(entry.hash)), ("member", .string(entry.member)), ("newValue", .string(entry.newValue)),
                     ("oldValue", .string(entry.oldValue)), ("prevHash", .string(entry.prevHash)),
                     ("principle", .string(entry.principle)), ("reason", .string(entry.reason)), ("seq", .number("\(entry.seq)")),
                     ("source", .string(entry.source))])
        }
        let sealJSON = JSON.object([("count", .number("\(seal.count)")), ("head", .string(seal.head)), ("line", .string(seal.line))])
        return .object([("entries", .array(rows)), ("intact", .bool(intact)), ("notes", strings(notes)),
                        ("problems", strings(problems)), ("seal", sealJSON)])
    }

    /// A file that cannot even be opened because it was changed outside
    /// bidpanel (its stored panel edited so it no longer loads): that is the
    /// audit's finding. Nothing else can be checked without the panel, so no
    /// PIN is asked for and no entry is printed.
    func report(unopened finding: String) throws -> Never {
        switch format {
        case .json:
            let output = JSON.object([("intact", .bool(false)), ("problems", .array([.string(finding)]))])
            Console.out(output.serialized() + "\n")
        case .text:
            Console.out("""
                Audit of \(file)

                NOT VERIFIED: 1 problem found.
                  - \(finding)

                Nothing else in the file can be checked until its panel loads. Restore it from a backup.

                """)
        }
        throw InputError(message: "\(file): the audit log does not verify (1 problem, listed above)")
    }

    /// The head as given (16 or 64 hex digits, any case), in lower case.
    static func head(_ text: String) -> String? {
        let head = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard head.count == 16 || head.count == 64, head.allSatisfy(\.isHexDigit) else { return nil }
        return head
    }

    struct Mismatch: Error { var message: String }

    /// Where the chain holds `head`: the newest entry, or an earlier one
    /// (the paper was printed before later entries were added).
    /// `newest` is the newest entry whose hash starts with `head`, of `count`.
    static func find(_ head: String, newest: AuditEntry?, count: Int) -> Result<String, Mismatch> {
        guard let entry = newest else {
            return .failure(Mismatch(message: "no entry in this file has the audit seal \(head.prefix(16)): its chain was rewritten after that seal was printed, or this is not the file it came from"))
        }
        let short = String(head.prefix(16))
        if entry.seq == count { return .success("The audit seal \(short) is this file's newest entry (\(entry.seq)).") }
        let added = count - entry.seq
        return .success("The audit seal \(short) is entry \(entry.seq) of this file; \(added) entr\(added == 1 ? "y was" : "ies were") added after it.")
    }

    /// "15 January 2027", for the page headers.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: Date())
    }
}
