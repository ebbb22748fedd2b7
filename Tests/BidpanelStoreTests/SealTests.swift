import BidpanelCore
import Crypto
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// The seal of what decides the result, the canonical hash bytes, and the
/// anchors outside the file, tried the way an attacker with the sqlite3
/// shell would (triggers dropped first).
@Suite("Evaluation file: seal, hash bytes and anchors")
struct SealTests {
    /// The youth example with a few values, a moderation and David's PIN.
    func evaluation(witness: String? = nil) throws -> EvaluationStore {
        let panelPath = Fixtures.root.appendingPathComponent("panels/youth-services.toml").path
        let loaded = try PanelFile.load(path: panelPath)
        let path = Fixtures.temporaryFolder().appendingPathComponent("youth.bidpanel").path
        let store = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: loaded.text, panel: loaded.panel,
                                               answersFiles: loaded.answersFiles, chairPIN: Fixtures.chairPIN, witness: witness)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.setPIN(for: "david", to: "1357")
        try chair.record(Slot(bid: "B1", criterion: "experience"), .scale(4), comment: "Solid")
        try chair.moderate(Slot(bid: "B1", criterion: "experience"), .scale(3), reason: "Agreed after discussion")
        #expect(try store.verifyAudit().isEmpty)
        return store
    }

    /// Printed text with its line breaks undone, to find a sentence in it.
    func flat(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    func tampered(_ store: EvaluationStore, _ sql: String) throws -> EvaluationStore {
        try Fixtures.sqlite(store.path, "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete; " + sql)
        return try EvaluationStore.open(path: store.path)
    }

    @Test func theFirstEntrySealsThePanelBidsAnswersMembersAndTheVersion() throws {
        let store = try evaluation()
        let first = try #require(try store.pool.read { db in try AuditLog.entries(in: db) }.first)
        #expect(first.action == "create" && first.encoding == 2)
        #expect(first.newValue.contains("Made by bidpanel \(BidpanelVersion.current)."))
        let items = try store.pool.read { db in try ContentSeal.storedItems(seq: 1, in: db) }
        #expect(ContentSeal.sealedDigest(in: first) == ContentSeal.digest(of: items))
        let labels = Set(items.map(\.label))
        for label in ["the stored panel text", "bid B2's price", "bid B6's bidder", "bid B2's e-mail", "member david's role",
                      "the text of the answers file youth-services/bids/cafe-mosaic.md"] {
            #expect(labels.contains(label), "\(label)")
        }
        #expect(items.first { $0.label == "bid B2's price" }?.value == "214500")
        #expect(try store.verification().notes.isEmpty)
    }

    @Test func anEditedPriceIsNamedAndNothingMoreIsRecorded() throws {
        let store = try tampered(try evaluation(), "UPDATE bid SET price = '114500' WHERE id = 'B2';")
        let problems = try store.verifyAudit()
        #expect(problems.contains("bid B2's price was changed after the file was made: it was \"214500\", it is now \"114500\""), "\(problems)")
        #expect(try store.seal().warning?.hasPrefix("NOT VERIFIED: bid B2's price was changed") == true)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        #expect(throws: StoreError.self) { try chair.moderate(Slot(bid: "B1", criterion: "logic"), .scale(2), reason: "Agreed") }
        #expect(throws: StoreError.self) { try chair.record(Slot(bid: "B1", criterion: "logic"), .scale(2)) }
        #expect(throws: StoreError.self) { try chair.signOff() }
        do {
            try chair.setPIN(for: "zoe", to: "9753")
            Issue.record("a PIN was set on a tampered file")
        } catch let error as StoreError {
            #expect(error.message.contains("changed outside bidpanel") && error.message.contains("bid B2's price"))
        }
        // The chair can still read, so audit and --unverified can say what happened.
        #expect(try chair.scoreSheet().moderated.count == 1)
    }

    @Test func anEditedScoringRuleInTheStoredPanelIsNamed() throws {
        let store = try tampered(try evaluation(),
                                 "UPDATE panel_source SET toml = replace(toml, 'price_formula = \"relative\"', 'price_formula = \"linear\"');")
        #expect(store.panel.scoring.priceFormula == .linear)
        let problems = try store.verifyAudit()
        #expect(problems.contains { $0.hasPrefix("the stored panel text was changed after the file was made") }, "\(problems)")
    }

    @Test func anOfficerWrittenInAsChairOpensNoChairCommand() throws {
        let store = try tampered(try evaluation(), """
            UPDATE panel_source SET toml = replace(replace(replace(toml,
                'role = "chair"', 'role = "SWAP"'),
                'name = "David Okafor"' || char(10) || 'role = "officer"', 'name = "David Okafor"' || char(10) || 'role = "chair"'),
                'role = "SWAP"', 'role = "officer"');
            """)
        let problems = try store.verifyAudit()
        #expect(problems.contains("member david's role was changed after the file was made: it was \"officer\", it is now \"chair\""), "\(problems)")
        #expect(problems.contains("member priya's role was changed after the file was made: it was \"chair\", it is now \"officer\""))
        // The roles that count are the sealed ones.
        #expect(store.panel.member(id: "david")?.role == .officer)
        #expect(store.panel.member(id: "priya")?.role == .chair)
        let david = try store.signIn(member: "david", pin: "1357")
        #expect(!david.isChair)
        #expect(throws: StoreError.self) { try david.scoreSheet() }
        #expect(throws: StoreError.self) { try david.auditEntries() }
        #expect(throws: StoreError.self) { try david.board() }
        #expect(throws: StoreError.self) { try david.moderate(Slot(bid: "B1", criterion: "logic"), .scale(2), reason: "x") }
        #expect(throws: StoreError.self) { try david.signOff() }
        #expect(throws: StoreError.self) { try david.setPIN(for: "zoe", to: "9753") }
        // The real chair can read the log that names what happened.
        let priya = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        #expect(try !priya.auditEntries().isEmpty)
    }

    @Test func anEditedAnswersTextIsNamed() throws {
        let store = try tampered(try evaluation(), """
            UPDATE answers_file SET text = text || 'We also guarantee 40 extra sessions.' WHERE path LIKE '%cafe-mosaic%';
            """)
        #expect(try store.verifyAudit().contains(
            "the text of the answers file youth-services/bids/cafe-mosaic.md was changed after the file was made"))
    }

    @Test func editingTheSealedListTooStillShowsAndLeavesNoChair() throws {
        let store = try tampered(try evaluation(), """
            DROP TRIGGER seal_item_no_update;
            UPDATE bid SET price = '114500' WHERE id = 'B2';
            UPDATE seal_item SET value = '114500' WHERE label = 'bid B2''s price';
            """)
        #expect(try store.verifyAudit().contains { $0.contains("and so was bidpanel's list of what it sealed") })
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        #expect(throws: StoreError.self) { try chair.scoreSheet() }
    }

    @Test func eachRowNamesItsEncodingAndAnUnknownOrChangedOneIsAProblem() throws {
        let store = try evaluation()
        #expect(try store.pool.read { db in try AuditLog.entries(in: db) }.allSatisfy { $0.encoding == 2 })
        var found = try tampered(store, "UPDATE audit SET encoding = 1 WHERE seq = 3;").verifyAudit()
        #expect(found.contains { $0.hasPrefix("row 3 (") && $0.contains("was changed after it was written") }, "\(found)")
        found = try tampered(store, "UPDATE audit SET encoding = 9 WHERE seq = 3;").verifyAudit()
        #expect(found.contains { $0.contains("row 3 says it was hashed with encoding 9") })
    }

    @Test func hexIsLowercaseTwoDigitsAByte() {
        #expect(CanonicalEncoding.hex([0x00, 0x0F, 0xA5, 0xFF, 0x10]) == "000fa5ff10")
        #expect(CanonicalEncoding.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(CanonicalEncoding.bytes(tag: "t", fields: ["a:b", "", "é\n"]) == Array("t\n3:a:b\n0:\n3:é\n\n".utf8))
    }

    // MARK: - The worked example in docs/evaluation-file.md

    /// The doc's `printf … | sha256sum` and the hash it prints.
    static func workedExample() throws -> (command: String, arguments: [String], hash: String) {
        let doc = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/evaluation-file.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "#### Worked example")).upperBound
        let rest = doc[section...]
        let start = try #require(rest.range(of: "```sh\n")).upperBound
        let end = try #require(rest[start...].range(of: "```")).lowerBound
        let command = String(rest[start..<end]).replacingOccurrences(of: "\\\n", with: " ")
        let arguments = command.matches(of: /'([^']*)'/).map { String($0.1) }.dropFirst() // the first is printf's format
        let hash = try #require(rest[end...].firstMatch(of: /\n([0-9a-f]{64})  -\n/)).1
        return (command, Array(arguments), String(hash))
    }

    @Test func theDocsWorkedExampleIsWhatBidpanelComputes() throws {
        let example = try Self.workedExample()
        #expect(example.arguments.first == AuditLog.tag)
        // Every length is the field's length in UTF-8 bytes.
        var fields: [String] = []
        for argument in example.arguments.dropFirst() {
            let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            #expect(Int(parts[0]) == parts[1].utf8.count, "\(argument)")
            fields.append(String(parts[1]))
        }
        #expect(fields.count == 13)
        let entry = AuditEntry(seq: Int(fields[0])!, at: fields[1], actor: fields[2], action: fields[3], bid: fields[4],
                               criterion: fields[5], principle: fields[6], member: fields[7], oldValue: fields[8],
                               newValue: fields[9], reason: fields[10], source: fields[11], prevHash: fields[12], hash: "")
        #expect(AuditLog.hash(of: entry) == example.hash)
        // And the shell gives the same, as the doc says.
        let (status, out, err) = try Fixtures.run(URL(fileURLWithPath: "/bin/sh"), ["-c", example.command])
        #expect(status == 0, "\(err)")
        #expect(out == example.hash + "  -\n")
    }

    // MARK: - A file made by bidpanel 0.5

    static let legacy = Fixtures.root.appendingPathComponent("Tests/BidpanelStoreTests/Fixtures/made-by-0.5.bidpanel")

    func legacyCopy() throws -> String {
        let path = Fixtures.temporaryFolder().appendingPathComponent("old.bidpanel").path
        try FileManager.default.copyItem(atPath: Self.legacy.path, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    @Test func aFileMadeBy05UpgradesStillVerifiesAndNewRowsUseTheNewEncoding() throws {
        let path = try legacyCopy()
        let store = try EvaluationStore.open(path: path)
        let verification = try store.verification()
        #expect(verification.seal.problems.isEmpty, "\(verification.seal.problems)")
        #expect(verification.notes.count == 1)
        #expect(verification.notes.first?.hasPrefix("This file was made by an older bidpanel") == true)
        var entries = try store.pool.read { db in try AuditLog.entries(in: db) }
        #expect(entries.count == 388)
        #expect(entries.prefix(387).allSatisfy { $0.encoding == 1 })
        #expect(entries[387].action == "seal" && entries[387].encoding == 2)
        // Opening again seals nothing more.
        _ = try EvaluationStore.open(path: path)
        #expect(try store.pool.read { db in try ContentSeal.sealingEntries(in: db) }.count == 1)

        let chair = try store.signIn(member: "priya", pin: "2468")
        try chair.moderate(Slot(bid: "B1", criterion: "experience"), .scale(2), reason: "Re-read after the upgrade")
        entries = try store.pool.read { db in try AuditLog.entries(in: db) }
        #expect(entries.last?.action == "moderate" && entries.last?.encoding == 2)
        #expect(try store.verifyAudit().isEmpty)

        // An edit to an old row is still found, with the old encoding.
        let found = try EvaluationStore.open(path: path).verifyAudit()
        #expect(found.isEmpty)
        try Fixtures.sqlite(path, "DROP TRIGGER audit_no_update; UPDATE audit SET new_value = '0' WHERE seq = 10;")
        #expect(try EvaluationStore.open(path: path).verifyAudit().contains { $0.hasPrefix("row 10 (") })
    }

    @Test func aFileMadeBy05ReportsTheSameJSONAsThatVersionPrinted() throws {
        let path = try legacyCopy()
        let expected = try String(contentsOf: Self.legacy.deletingLastPathComponent().appendingPathComponent("made-by-0.5-report.json"),
                                  encoding: .utf8)
        let (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["report", path, "--format", "json", "--pin-stdin"], input: "2468\n")
        #expect(status == 0, "\(err)")
        #expect(out == expected)
        // audit says plainly that the file was sealed on upgrade, not when made.
        let audit = try Fixtures.run(Fixtures.bidpanel, ["audit", path, "--pin-stdin"], input: "2468\n")
        #expect(audit.0 == 0, "\(audit.2)")
        #expect(flat(audit.1).contains("This file was made by an older bidpanel, which did not seal its panel, bids, answers and members when it was made."))
    }

    // MARK: - A rewritten chain, and the anchors that catch it

    /// Edits a moderated value and recomputes every hash after it, as a
    /// script written by someone who read the docs would.
    func rewriteChain(_ path: String, moderatedTo value: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_no_update")
            try db.execute(sql: "UPDATE moderated_value SET value = ? WHERE bid = 'B1' AND criterion = 'experience'", arguments: [value])
            var previous = AuditLog.genesis
            for var entry in try AuditLog.entries(in: db) {
                if entry.action == "moderate" { entry.newValue = value }
                entry.prevHash = previous
                entry.hash = AuditLog.hash(of: entry)!
                try db.execute(sql: "UPDATE audit SET new_value = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                               arguments: [entry.newValue, entry.prevHash, entry.hash, entry.seq])
                previous = entry.hash
            }
            try db.execute(sql: "UPDATE state SET audit_head = ?", arguments: [previous])
        }
    }

    @Test func aRewrittenChainVerifiesAloneButNotAgainstThePaperSealOrTheWitness() throws {
        let witness = Fixtures.temporaryFolder().appendingPathComponent("witness.txt").path
        let store = try evaluation(witness: witness)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let signed = try chair.signOff(anyway: "Members score elsewhere in this test")
        #expect(signed.witnessProblem == nil)
        let line = try String(contentsOfFile: witness, encoding: .utf8)
        #expect(line.wholeMatch(of: /\d{4}-\d\d-\d\dT[\d:.]+Z YS-2026-01 \d+ [0-9a-f]{64}\n/) != nil, "\(line)")
        #expect(line.hasSuffix(" \(signed.seal.count) \(signed.seal.head)\n"))
        var entries = try chair.auditEntries()
        #expect(try Witness.check(witness, tender: "YS-2026-01", entries: entries).problems.isEmpty)

        try rewriteChain(store.path, moderatedTo: "5")
        let rewritten = try EvaluationStore.open(path: store.path)
        #expect(try rewritten.verifyAudit().isEmpty) // on its own, it looks intact
        entries = try rewritten.signIn(member: "priya", pin: Fixtures.chairPIN).auditEntries()
        let found = try Witness.check(witness, tender: "YS-2026-01", entries: entries).problems
        #expect(found.count == 1)
        #expect(found.first?.contains("the chain was rewritten after that sign-off") == true)

        // The command line, with the seal from paper and with the witness file.
        var (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["audit", store.path, "--pin-stdin"], input: "2468\n")
        #expect(status == 0, "\(err)")
        #expect(flat(out).contains("Audit seal \(String(entries.last!.hash.prefix(16))), \(entries.count) entries"))
        (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["audit", store.path, "--expect", signed.seal.shortHead, "--pin-stdin"],
                                              input: "2468\n")
        #expect(status == 1)
        #expect(flat(out).contains("no entry in this file has the audit seal \(signed.seal.shortHead)"))
        (status, out, _) = try Fixtures.run(Fixtures.bidpanel, ["audit", store.path, "--witness", witness, "--pin-stdin"], input: "2468\n")
        #expect(status == 1)
        #expect(flat(out).contains("the witness file says entry \(signed.seal.count)"))
    }

    @Test func theSealFromPaperMatchesTheFileItCameFrom() throws {
        let store = try evaluation()
        let seal = try store.seal()
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        try chair.record(Slot(bid: "B2", criterion: "experience"), .scale(2))
        for head in [seal.shortHead, seal.head, seal.shortHead.uppercased()] {
            let (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["audit", store.path, "--expect", head, "--pin-stdin"], input: "2468\n")
            #expect(status == 0, "\(err)")
            #expect(flat(out).contains("is entry \(seal.count) of this file; 1 entry was added after it."))
        }
        let (status, _, err) = try Fixtures.run(Fixtures.bidpanel, ["audit", store.path, "--expect", "12345", "--pin-stdin"], input: "2468\n")
        #expect(status == 2)
        #expect(err.contains("16 hex digits"))
    }
}

extension SealTests {
    @Test func aPINHashSwappedInTheShellIsNamedAndOpensNothing() throws {
        // David copies his own PIN hash over the chair's, to sign in as Priya with his PIN.
        let store = try tampered(try evaluation(), """
            UPDATE member SET pin_hash = (SELECT pin_hash FROM member WHERE id = 'david'),
                              pin_salt = (SELECT pin_salt FROM member WHERE id = 'david'),
                              pin_rounds = (SELECT pin_rounds FROM member WHERE id = 'david') WHERE id = 'priya';
            """)
        #expect(try store.verifyAudit().contains("the PIN of member priya was changed outside bidpanel (it is not the PIN the audit log last set)"))
        let impostor = try store.signIn(member: "priya", pin: "1357")
        #expect(throws: StoreError.self) { try impostor.moderate(Slot(bid: "B1", criterion: "logic"), .scale(2), reason: "x") }
        #expect(throws: StoreError.self) { try impostor.signOff() }
    }

    @Test func aPINWrittenInWithoutTheLogIsNamed() throws {
        let store = try tampered(try evaluation(), """
            UPDATE member SET pin_hash = (SELECT pin_hash FROM member WHERE id = 'david'),
                              pin_salt = (SELECT pin_salt FROM member WHERE id = 'david'),
                              pin_rounds = 600000 WHERE id = 'helen';
            """)
        #expect(try store.verifyAudit().contains("member helen has a PIN that was never set through bidpanel: it was written into the file directly"))
    }
}

extension SealTests {
    @Test func aWitnessThatCannotBeWrittenLeavesTheSignOffAndSaysToWriteTheSealDown() throws {
        let witness = Fixtures.temporaryFolder().appendingPathComponent("witness.txt").path
        let store = try evaluation(witness: witness)
        // The witness file is gone and a folder stands in its place (no one, not even root, can append to it).
        try FileManager.default.removeItem(atPath: witness)
        try FileManager.default.createDirectory(atPath: witness, withIntermediateDirectories: false)
        let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
        let record = try chair.signOff(anyway: "Members score elsewhere in this test")
        #expect(try chair.isSignedOff())
        #expect(record.witnessProblem?.contains("write the seal down instead") == true)
        #expect(record.seal == (try store.seal()))
    }
}

extension SealTests {
    @Test func aBidAddedInTheShellIsNamedAndItsEscapesAreShownNotObeyed() throws {
        let store = try tampered(try evaluation(), """
            INSERT INTO bid (id, position, bidder, price) VALUES ('B9' || char(27) || ']0;owned' || char(7), 6, 'Late Ltd', '1');
            """)
        let problems = try store.verifyAudit()
        #expect(problems.contains { $0.hasPrefix("bid B9") && $0.contains("'s price was added after the file was made: \"1\"") }, "\(problems)")
        #expect(problems.allSatisfy { !$0.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 } })
        #expect(try store.seal().warning.map { SafeText.isSafe($0) } == true)
    }
}
