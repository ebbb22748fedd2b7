import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Foundation
import Testing

/// The chair's P and sign-off against a real file: P prints only a record
/// that verifies, with its seal; sign-off hands back the seal to write down.
@Suite struct SealPrintTests {
    final class Printed: @unchecked Sendable { var seals: [RecordSeal] = [] }

    func backend(_ store: EvaluationStore, _ printed: Printed) -> StoreBackend {
        let backend = StoreBackend(store: store)
        backend.printReport = { _, seal in
            printed.seals.append(seal)
            return ("Sent to the printer.", true)
        }
        return backend
    }

    @Test func thePKeyPrintsWithTheSealOnlyWhenTheRecordVerifies() throws {
        let (store, chair) = try ChairFixture.evaluation(moderated: true)
        let printed = Printed()
        var backend = self.backend(store, printed)
        _ = backend.perform(.signIn(member: "priya", pin: Youth.pins["priya"]!))
        #expect(backend.perform(.printReport) == [.printed("Sent to the printer.", ok: true)])
        #expect(printed.seals.count == 1 && printed.seals[0].verified)
        #expect(printed.seals[0] == (try store.seal()))

        // Signing off gives the seal to write down.
        _ = try chair.board()
        let actions = backend.perform(.signOff(anyway: "Members score elsewhere in this test"))
        let seal = try store.seal()
        #expect(actions.last == .signedOff(seal: seal.line, witnessProblem: nil))

        // A price edited with the sqlite3 shell: P refuses, and says where to look.
        let sql = "DROP TRIGGER audit_no_update; UPDATE bid SET price = '99000' WHERE id = 'B6';"
        let run = try Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["sqlite3", store.path, sql])
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        backend = self.backend(try EvaluationStore.open(path: store.path), printed)
        _ = backend.perform(.signIn(member: "priya", pin: Youth.pins["priya"]!))
        #expect(backend.perform(.printReport) == [.printed("Not printed: the audit does not verify. See why: bidpanel audit youth.bidpanel", ok: false)])
        #expect(printed.seals.count == 1)
    }
}
