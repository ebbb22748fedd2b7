import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

@Suite("Evaluation file: watching and the command line")
struct StoreObservationAndCLITests {
    @Test func theChairSeesAValueRecordedByAnotherProcess() async throws {
        let store = try Fixtures.stressStore()
        let chair = try store.signIn(member: "m0", pin: Fixtures.chairPIN)
        let seen = AsyncStream<Int>.makeStream()
        let token = try chair.observeSheet { sheet in seen.continuation.yield(sheet.memberValues.count) }
        defer { token.cancel() }
        var counts = seen.stream.makeAsyncIterator()
        #expect(await counts.next() == 0)
        let (status, _, err) = try Fixtures.run(Fixtures.probe, ["write", store.path, "m3", Fixtures.pin("m3"), "1"])
        #expect(status == 0, "\(err)")
        // The observation fires on the other process's commit; no polling here.
        #expect(await counts.next() == 1)
    }

    /// The command line asks for the chair's PIN before reading or changing scores.
    @Test func commandsNeedTheChairsPIN() throws {
        let folder = Fixtures.temporaryFolder()
        let file = folder.appendingPathComponent("ys.bidpanel").path
        let panels = Fixtures.root.appendingPathComponent("panels").path
        let bidpanel = Fixtures.bidpanel
        var (status, out, err) = try Fixtures.run(bidpanel, ["init", "\(panels)/youth-services.toml", "--out", file, "--pin-stdin"],
                                                  input: "2468\n")
        #expect(status == 0, "\(err)")
        #expect(out.contains("set-pin zoe"))
        (status, _, err) = try Fixtures.run(bidpanel, ["init", "\(panels)/youth-services.toml", "--out", file, "--pin-stdin"],
                                            input: "2468\n")
        #expect(status == 1)
        #expect(err.contains("never overwrites"))

        (status, _, err) = try Fixtures.run(bidpanel, ["report", file, "--format", "json", "--pin-stdin"], input: "1111\n")
        #expect(status == 1)
        #expect(err.contains("wrong PIN"))
        (status, _, err) = try Fixtures.run(bidpanel, ["import", file, "--scores", "\(panels)/youth-services-scores.csv", "--pin-stdin"],
                                            input: "")
        #expect(status == 1)
        #expect(err.contains("expected a PIN"))

        (status, out, err) = try Fixtures.run(bidpanel, ["import", file, "--scores", "\(panels)/youth-services-scores.csv",
                                                         "--moderated", "\(panels)/youth-services-moderated.csv",
                                                         "--conflicts", "\(panels)/youth-services-conflicts.csv", "--pin-stdin"],
                                              input: "2468\n")
        #expect(status == 0, "\(err)")
        (status, out, _) = try Fixtures.run(bidpanel, ["report", file, "--format", "json", "--pin-stdin"], input: "2468\n")
        #expect(out.contains("\"total\": 79.27"))

        // Export, then score the CSVs: exactly the same JSON as the file gives.
        let s = folder.appendingPathComponent("s.csv").path, m = folder.appendingPathComponent("m.csv").path
        (status, _, err) = try Fixtures.run(bidpanel, ["export", file, "--scores", s, "--moderated", m, "--pin-stdin"], input: "2468\n")
        #expect(status == 0, "\(err)")
        let (_, scored, _) = try Fixtures.run(bidpanel, ["score", "\(panels)/youth-services.toml", "--scores", s, "--moderated", m,
                                                         "--format", "json"])
        // `report` adds reasons and wording to each criterion; every figure is the same.
        func figures(_ json: String) throws -> [[String]] {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let bids = object?["bids"] as? [[String: Any]] ?? []
            return bids.map { bid in ["id", "quality", "price_marks", "total", "rank", "excluded"].map { "\(bid[$0] ?? "")" } }
        }
        #expect(try figures(scored) == figures(out))
        #expect(try !figures(out).isEmpty)

        (status, out, _) = try Fixtures.run(bidpanel, ["audit", file, "--pin-stdin"], input: "2468\n")
        #expect(status == 0)
        #expect(out.contains("Chain verified"))
        #expect(out.contains("[paper]"))
        try Fixtures.sqlite(file, "DROP TRIGGER audit_no_update; UPDATE audit SET new_value = '0' WHERE seq = 10;")
        (status, out, err) = try Fixtures.run(bidpanel, ["audit", file, "--format", "json", "--pin-stdin"], input: "2468\n")
        #expect(status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        #expect(report?["intact"] as? Bool == false)
        #expect(err.contains("does not verify"))

        // Nothing more is built on a file edited outside bidpanel, not even a new PIN.
        (status, _, err) = try Fixtures.run(bidpanel, ["members", file, "set-pin", "zoe", "--pin-stdin"], input: "2468\n1357\n")
        #expect(status == 1)
        #expect(err.contains("changed outside bidpanel") && err.contains("row 10"), "\(err)")
        (status, _, err) = try Fixtures.run(bidpanel, ["members", file, "set-pin", "zoee", "--pin-stdin"], input: "2468\n1357\n")
        #expect(status == 1)
        #expect(err.contains("did you mean \"zoe\"?"))
    }
}
