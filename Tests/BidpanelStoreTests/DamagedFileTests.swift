import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// Evaluation files edited outside bidpanel, as an attacker with the sqlite3
/// shell would (triggers dropped first): each is reported as damaged, with
/// what to do, and never crashes bidpanel. On main, a negative PIN round
/// count, a BLOB where a name belongs and a dropped column each crashed it.
@Suite("Damaged evaluation files are reported, not crashed on")
struct DamagedFileTests {
    /// A file with history, closed and folded together, then edited.
    func damaged(_ sql: String) throws -> String { try Fixtures.editedYouthFile(sql) }

    /// The message opening the file gives; records an issue when it opens.
    func openMessage(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let error = #expect(throws: StoreError.self, sourceLocation: sourceLocation) {
            _ = try EvaluationStore.open(path: path)
        }
        return error?.message ?? ""
    }

    func expectDamaged(_ sql: String, _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try damaged(sql)
        let message = openMessage(path, sourceLocation: sourceLocation)
        #expect(message.hasPrefix("\(path) is damaged: "), "\(message)", sourceLocation: sourceLocation)
        #expect(message.contains(phrase), "\(message)", sourceLocation: sourceLocation)
        #expect(message.contains("Restore it from a backup"), sourceLocation: sourceLocation)
        #expect(!message.contains("\n"), sourceLocation: sourceLocation)
    }

    @Test func anUntouchedFileOpensAndSignsIn() throws {
        let path = try damaged("")
        let store = try EvaluationStore.open(path: path)
        #expect(try store.signIn(member: "priya", pin: Fixtures.chairPIN).isChair)
    }

    @Test func anImpossiblePINRoundCountIsDamage() throws {
        try expectDamaged("UPDATE member SET pin_rounds = -1 WHERE id = 'priya';", "PIN round count is impossible")
        try expectDamaged("UPDATE member SET pin_rounds = 1000000000000 WHERE id = 'priya';", "PIN round count is impossible")
        try expectDamaged("UPDATE member SET pin_rounds = 'lots' WHERE id = 'priya';", "something other than a whole number or nothing in pin_rounds")
        try expectDamaged("UPDATE member SET pin_rounds = NULL WHERE id = 'priya';", "stored only in part")
        try expectDamaged("UPDATE member SET pin_hash = X'00' WHERE id = 'priya';", "the wrong size")
    }

    @Test func thePINHasherRefusesAbsurdRoundsWithoutTrappingOrHanging() {
        for rounds in [-1, 0, 999, 10_000_001, 1_000_000_000_000, Int.min, Int.max] {
            let error = #expect(throws: StoreError.self) { try PINHasher.hash("2468", rounds: rounds) }
            #expect(error?.message.contains("damaged") == true)
            let stored = PINHasher.Hashed(hash: Data(count: 32), salt: Data(count: 16), rounds: rounds)
            #expect(throws: StoreError.self) { try PINHasher.verify("2468", against: stored) }
        }
    }

    @Test func aValueOfTheWrongStorageClassIsDamage() throws {
        try expectDamaged("UPDATE bid SET bidder = X'00FF' WHERE id = 'B1';", "1 row of bid holds something other than text in bidder")
        try expectDamaged("UPDATE state SET audit_count = 'many';", "in audit_count")
        try expectDamaged("UPDATE audit SET actor = X'01' WHERE seq = 2;", "of audit holds something other than text in actor")
        try expectDamaged("UPDATE member SET locked_until = 'tomorrow' WHERE id = 'priya';", "in locked_until")
        try expectDamaged("UPDATE member_value SET value = X'35';", "in value")
        try expectDamaged("UPDATE panel_source SET toml = X'00';", "in toml")
    }

    @Test func theSealAndTheHashEncodingAreCheckedToo() throws {
        let seal = "DROP TRIGGER seal_item_no_update; "
        try expectDamaged("UPDATE audit SET encoding = X'02' WHERE seq = 1;", "of audit holds something other than a whole number in encoding")
        try expectDamaged("UPDATE audit SET encoding = 1e300 WHERE seq = 1;", "in encoding")
        try expectDamaged(seal + "UPDATE seal_item SET value = X'00' WHERE position = 0;", "of seal_item holds something other than text in value")
        try expectDamaged(seal + "UPDATE seal_item SET seal_seq = 'one';", "in seal_seq")
        try expectDamaged("UPDATE state SET witness = X'2F746D70';", "in witness")
        try expectDamaged("ALTER TABLE audit DROP COLUMN encoding;", "the column encoding of the table audit is missing")
    }

    @Test func aHugeHashEncodingIsNamedByAuditNotCrashedOn() throws {
        let path = try damaged("UPDATE audit SET encoding = 9223372036854775807 WHERE seq = 2;")
        let problems = try EvaluationStore.open(path: path).verifyAudit()
        #expect(problems.contains { $0.contains("row 2 says it was hashed with encoding 9223372036854775807") }, "\(problems)")
    }

    /// The attacker trial's edits of the PIN lock, each of which crashed every
    /// PIN command (a lock time of 1e308 trapped converting it to whole
    /// seconds; 'abc' trapped GRDB) or refused the right PIN for ever.
    @Test func anEditedPINLockIsDamageNotACrash() throws {
        let lock = "a member's PIN lock ends at an impossible time"
        try expectDamaged("UPDATE pin_tries SET locked_until = 1e308;", lock)
        try expectDamaged("UPDATE pin_tries SET locked_until = 1e999;", lock) // SQLite keeps this as infinity
        try expectDamaged("UPDATE pin_tries SET locked_until = -1e308;", lock)
        try expectDamaged("UPDATE pin_tries SET locked_until = strftime('%s', 'now') + 2 * 86400;", lock)
        try expectDamaged("UPDATE pin_tries SET locked_until = 'abc';", "of pin_tries holds something other than a number or nothing in locked_until")
        try expectDamaged("UPDATE pin_tries SET locked_until = X'00';", "in locked_until")
        try expectDamaged("UPDATE pin_tries SET failed = 9223372036854775807;", "count of wrong PINs or of locks is impossible")
        try expectDamaged("UPDATE pin_tries SET failed = -1;", "count of wrong PINs or of locks is impossible")
        try expectDamaged("UPDATE pin_tries SET locks = 1e300;", "in locks")
        try expectDamaged("UPDATE pin_tries SET channel = 'phone';", "name a place bidpanel does not know")
        try expectDamaged("INSERT INTO pin_checks VALUES ('priya', 'command', 99999999999, 0);", "names an impossible process")
        try expectDamaged("INSERT INTO pin_checks VALUES ('priya', 'command', 1, 1e308);", "started at an impossible time")
        try expectDamaged("INSERT INTO pin_checks VALUES ('priya', 'command', 'me', 0);", "in pid")
        try expectDamaged("ALTER TABLE pin_tries DROP COLUMN locked_until;", "the column locked_until of the table pin_tries is missing")
    }

    @Test func aLockEndingWithinADayStillOpensAndEnds() throws {
        // A lock set by a clock that was ahead (put back since) is possible,
        // not damage: it ends, at most 15 minutes from now.
        let path = try damaged("UPDATE pin_tries SET locked_until = strftime('%s', 'now') + 3600, failed = 5;")
        let store = try EvaluationStore.open(path: path)
        let error = #expect(throws: StoreError.self) { try store.signIn(member: "priya", pin: Fixtures.chairPIN) }
        #expect(error?.message.contains("try again in 15 minutes") == true, "\(error?.message ?? "")")
    }

    @Test func aNullWhereBidpanelNeverWritesOneIsDamage() throws {
        try expectDamaged("""
            ALTER TABLE conflict RENAME TO old_conflict;
            CREATE TABLE conflict (bid TEXT, member TEXT, reason TEXT, declared_at TEXT);
            INSERT INTO conflict VALUES ('B1', 'david', NULL, NULL);
            """, "of conflict holds something other than text in reason")
    }

    @Test func aDroppedColumnOrTableOrAChangedTypeIsDamage() throws {
        try expectDamaged("ALTER TABLE bid DROP COLUMN bidder;", "the column bidder of the table bid is missing")
        try expectDamaged("ALTER TABLE bid DROP COLUMN email;", "the column email of the table bid is missing")
        try expectDamaged("DROP TABLE submission;", "the table submission is missing")
        try expectDamaged("DROP TABLE state;", "the table state is missing")
        try expectDamaged("""
            ALTER TABLE bid RENAME TO old_bid;
            CREATE TABLE bid (id TEXT, position TEXT, bidder TEXT, price TEXT, answers_path TEXT,
                              supplier_id TEXT, address TEXT, email TEXT);
            INSERT INTO bid SELECT * FROM old_bid;
            """, "bid.position is declared TEXT, not INTEGER")
    }

    @Test func impossibleCountsAreDamage() throws {
        try expectDamaged("DELETE FROM state;", "state row")
        try expectDamaged("UPDATE state SET audit_count = -3;", "audit count is negative")
        try expectDamaged("UPDATE member SET failed_tries = -100 WHERE id = 'priya';", "count of wrong PINs is impossible")
        try expectDamaged("UPDATE bid SET position = 0;", "same position")
        try expectDamaged("DELETE FROM panel_source;", "no frozen panel")
        try expectDamaged("""
            ALTER TABLE bid RENAME TO old_bid;
            CREATE TABLE bid (id TEXT, position INTEGER, bidder TEXT, price TEXT, answers_path TEXT,
                              supplier_id TEXT, address TEXT, email TEXT);
            INSERT INTO bid SELECT * FROM old_bid; INSERT INTO bid SELECT id, 99, bidder, price, answers_path,
                supplier_id, address, email FROM old_bid WHERE id = 'B1';
            """, "two bids have the same id")
    }

    @Test func aStoredPriceThatIsNotAPlainNumberIsDamage() throws {
        // 1e-9999 here would make every total take minutes.
        try expectDamaged("UPDATE bid SET price = '1e-9999' WHERE id = 'B1';", "stored price \"1e-9999\" is not a plain number")
        try expectDamaged("UPDATE bid SET price = 'free' WHERE id = 'B2';", "not a plain number")
    }

    @Test func aHostileFrozenPanelIsRefusedNotParsed() throws {
        // The frozen panel goes through the same limits as a panel file.
        let deep = "[" + Array(repeating: "a", count: 1_000).joined(separator: ".") + "]"
        let path = try damaged("UPDATE panel_source SET toml = toml || char(10) || '\(deep)';")
        let message = openMessage(path)
        #expect(message.contains("no longer loads") && message.contains("parts separated by dots"), "\(message)")
    }

    /// The attacker trial's edits of the stored panel text that stop it
    /// loading: every command said the panel "no longer loads … this
    /// bidpanel may be too old for it". The seal says it was edited.
    @Test func aStoredPanelEditedSoItNoLongerLoadsIsNamedAsChanged() throws {
        let edits = [
            // david made chair, priya left chair too
            "UPDATE panel_source SET toml = replace(toml, 'id = \"david\"' || char(10) || 'name = \"David Okafor\"' || char(10) || 'role = \"officer\"', 'id = \"david\"' || char(10) || 'name = \"David Okafor\"' || char(10) || 'role = \"chair\"');":
                "the panel has 2 chairs",
            "UPDATE panel_source SET toml = replace(toml, 'price_formula = \"relative\"', 'price_formula = \"bogus\"');":
                "\"bogus\" is not a valid price_formula",
        ]
        for (edit, reason) in edits {
            let message = openMessage(try damaged(edit))
            #expect(message.contains(" was changed outside bidpanel: the stored panel text was changed after the file was made"), "\(message)")
            #expect(message.contains("no longer loads (") && message.contains(reason), "\(message)")
            #expect(message.hasSuffix("Restore it from a backup; nothing was changed"), "\(message)")
            #expect(!message.contains("newer") && !message.contains("too old") && !message.contains("fix:") && !message.contains("\n"),
                    "\(message)")
        }
    }

    @Test func aStoredPanelAsSealedThatDoesNotLoadMayBeFromANewerBidpanel() throws {
        // Sealed as it is: nobody edited it, so a newer bidpanel may read it.
        let panelPath = Fixtures.root.appendingPathComponent("panels/youth-services.toml").path
        let loaded = try PanelFile.load(path: panelPath)
        let path = Fixtures.temporaryFolder().appendingPathComponent("newer.bidpanel").path
        _ = try EvaluationStore.create(at: path, panelPath: panelPath, panelText: loaded.text + "\n[a_table_from_the_future]\nkey = 1\n",
                                       panel: loaded.panel, answersFiles: loaded.answersFiles, chairPIN: Fixtures.chairPIN)
        let message = openMessage(path)
        #expect(message.hasPrefix("the panel frozen in \(path) no longer loads ("), "\(message)")
        #expect(message.hasSuffix("It is as it was sealed, so a newer bidpanel may have made it: update bidpanel"), "\(message)")
        #expect(!message.contains("changed outside"))
    }

    @Test func auditNamesTheEditedPanelTextAsItsFinding() throws {
        let path = try damaged("UPDATE panel_source SET toml = replace(toml, 'price_formula = \"relative\"', 'price_formula = \"bogus\"');")
        var (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["audit", path, "--pin-stdin"], input: "\(Fixtures.chairPIN)\n")
        #expect(status == 1, "\(err)")
        #expect(out.contains("NOT VERIFIED: 1 problem found.\n  - the stored panel text was changed after the file was made"), "\(out)")
        #expect(err.contains("the audit log does not verify (1 problem, listed above)"), "\(err)")
        (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["audit", path, "--format", "json", "--pin-stdin"], input: "\(Fixtures.chairPIN)\n")
        #expect(status == 1, "\(err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(json["intact"] as? Bool == false)
        #expect((json["problems"] as? [String])?.first?.contains("\"bogus\" is not a valid price_formula") == true, "\(out)")
        // Every other command says the same, in one line, and exits 1.
        (status, out, err) = try Fixtures.run(Fixtures.bidpanel, ["report", path, "--pin-stdin"], input: "\(Fixtures.chairPIN)\n")
        #expect(status == 1 && out.isEmpty)
        #expect(err.contains("was changed outside bidpanel: the stored panel text was changed") && err.split(separator: "\n").count == 1,
                "\(err)")
    }

    @Test func aHugeStoredAnswersTextIsRefusedNotReadOnEveryReport() throws {
        // A 200 MB answers file made every report take 86 s on main.
        let path = try damaged("UPDATE answers_file SET text = text || printf('%.*c', 2000000, 'x');")
        let message = openMessage(path)
        #expect(message.contains("no longer loads") && message.contains("it can be at most 1 MB"), "\(message.prefix(400))")
    }

    @Test func theCommandLineSaysDamagedAndExitsOne() throws {
        let edits = ["UPDATE member SET pin_rounds = -1 WHERE id = 'priya';": "a member's PIN round count is impossible",
                     "UPDATE pin_tries SET locked_until = 1e308;": "a member's PIN lock ends at an impossible time",
                     "UPDATE pin_tries SET locked_until = 'abc';": "1 row of pin_tries holds something other than a number or nothing in locked_until"]
        for (edit, problem) in edits {
            let path = try damaged(edit)
            for arguments in [["audit", path], ["export", path, "--scores", path + ".csv"]] {
                let (status, _, err) = try Fixtures.run(Fixtures.bidpanel, arguments, input: "\(Fixtures.chairPIN)\n")
                #expect(status == 1, "\(arguments): \(err)")
                #expect(err.contains("is damaged: \(problem)"), "\(err)")
            }
        }
    }
}
