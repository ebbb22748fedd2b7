import BidpanelCore
import Foundation
import GRDB
import Testing
@testable import BidpanelStore

/// report, export, audit and summaries verify the whole record, so opening
/// the file leaves the types of the audit log's and the members' values'
/// rows to that read (`verifyingWholeRecord`).
/// A row of the wrong type must still be named exactly as opening names it,
/// never crash, and nothing must be written from it.
@Suite struct TypesCheckedAsReadTests {
    static let edits = [
        "UPDATE audit SET actor = X'01' WHERE seq = 2;",
        // Text a BLOB holds, which GRDB reads as text; and bytes that are not UTF-8.
        "UPDATE audit SET new_value = X'35' WHERE seq = 3;",
        "UPDATE audit SET reason = X'FF' WHERE seq = 2;",
        "UPDATE audit SET encoding = X'02' WHERE seq = 1;",
        "UPDATE audit SET encoding = 1e300 WHERE seq = 1;",
        // The last row: read last, after everything else has been read.
        "UPDATE audit SET hash = X'00' WHERE seq = (SELECT max(seq) FROM audit);",
        // The members' values, read whole by the same commands.
        "UPDATE member_value SET comment = X'4869';",
        "UPDATE member_value SET value = X'FF';",
        "UPDATE member_value SET recorded_at = X'00';",
        "UPDATE member_value SET source = X'7061706572';",
    ]

    func damaged(_ sql: String) throws -> String { try Fixtures.editedYouthFile(sql) }

    func openMessage(_ path: String) -> String {
        let error = #expect(throws: StoreError.self) { _ = try EvaluationStore.open(path: path) }
        return error?.message ?? ""
    }

    @Test func theVerificationNamesAWrongTypeAsOpeningDoes() throws {
        for edit in Self.edits {
            let path = try damaged(edit)
            let expected = openMessage(path)
            #expect(expected.hasPrefix("\(path) is damaged: ") && expected.contains(" hold"), "\(edit): \(expected)")
            // A row that opening reads (a PIN set, the seal) is named then.
            let store: EvaluationStore
            do {
                store = try EvaluationStore.open(path: path, verifyingWholeRecord: true)
            } catch let error as StoreError {
                #expect(error.message == expected, "\(edit)")
                continue
            }
            let error = #expect(throws: StoreError.self, "\(edit)") { _ = try store.verification() }
            #expect(error?.message == expected, "\(edit)")
            // Writing anything checks the chain the same way first.
            let chair = try store.signIn(member: "priya", pin: Fixtures.chairPIN)
            let refused = #expect(throws: StoreError.self, "\(edit)") {
                try chair.record(Slot(bid: "B1", criterion: "experience"), .scale(3), comment: "")
            }
            #expect(refused?.message == expected, "\(edit)")
        }
    }

    @Test func theCommandsThatVerifySayDamagedAndWriteNothing() throws {
        for edit in Self.edits.prefix(3) + Self.edits.suffix(2) {
            let path = try damaged(edit)
            let expected = openMessage(path)
            let folder = Fixtures.temporaryFolder().path
            let runs = [["report", path, "--output", folder + "/report.txt"],
                        ["export", path, "--scores", folder + "/scores.csv"],
                        ["audit", path], ["audit", path, "--format", "json"],
                        ["summaries", path, "--out", folder + "/summaries"]]
            for arguments in runs {
                let (status, out, err) = try Fixtures.run(Fixtures.bidpanel, arguments + ["--pin-stdin"], input: "\(Fixtures.chairPIN)\n")
                #expect(status == 1, "\(arguments): \(err)")
                #expect(err.contains(expected), "\(arguments): \(err)")
                #expect(!out.contains("Audit seal"), "\(arguments)")
            }
            let written = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
            #expect(written.allSatisfy { !$0.hasSuffix(".txt") && !$0.hasSuffix(".csv") }, "\(edit): \(written)")
        }
    }
}
