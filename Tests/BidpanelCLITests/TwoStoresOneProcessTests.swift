import BidpanelStore
import Foundation
import Testing

/// Two stores on one evaluation file in one process, with other processes
/// writing and reading between: opening and dropping the second store must
/// not release the first one's locks (POSIX drops every lock a process holds
/// on a file when any of its descriptors on that file is closed), so the
/// first store's sign-off is kept and the file stays whole.
@Suite("Two stores in one process", .serialized)
struct TwoStoresOneProcessTests {
    @Test func aSecondStoreOpenedAndDroppedLosesNothingTheFirstWrites() throws {
        let evaluation = try Evaluation(pins: [:])
        defer { evaluation.remove() }
        let first = try EvaluationStore.open(path: evaluation.file)
        let chair = try first.signIn(member: "priya", pin: Evaluation.chairPIN)

        // Another process writes: every value agreed on paper.
        let imported = try evaluation.bidpanel(["import", evaluation.file, "--moderated", "\(CLI.panels)/youth-services-moderated.csv",
                                                "--pin-stdin"], input: Evaluation.chairPIN + "\n")
        try #require(imported.status == 0, "\(imported.err)")
        // A second store in this process, opened and let go.
        do {
            let second = try EvaluationStore.open(path: evaluation.file)
            #expect(try second.signIn(member: "priya", pin: Evaluation.chairPIN).isSignedOff() == false)
        }
        // Another process reads.
        let audited = try evaluation.bidpanel(["audit", evaluation.file, "--pin-stdin"], input: Evaluation.chairPIN + "\n")
        #expect(audited.status == 0, "\(audited.err)")

        _ = try chair.signOff(anyway: "Scored on paper, for this test")

        let again = try evaluation.bidpanel(["audit", evaluation.file, "--pin-stdin"], input: Evaluation.chairPIN + "\n")
        #expect(again.status == 0, "the file is damaged after the sign-off: \(again.err)")
        let reopened = try EvaluationStore.open(path: evaluation.file)
        #expect(try reopened.signIn(member: "priya", pin: Evaluation.chairPIN).isSignedOff())
        #expect(try reopened.verifyAudit() == [])
    }
}
