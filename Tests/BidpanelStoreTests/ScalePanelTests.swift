import BidpanelCore
import BidpanelFixtures
import BidpanelStore
import Foundation
import Testing

/// The benchmarks' generator (issue 12) makes what it says: a valid panel,
/// a CSV that reads back to the same scores, and an evaluation file holding
/// every one of them. Otherwise a benchmark figure would be about nothing.
@Suite struct ScalePanelTests {
    @Test func thePanelIsValidAndItsCSVReadsBackToTheSameScores() throws {
        let scale = ScalePanel(bids: 7, criteria: 13, members: 5)
        let panel = try scale.panel()
        #expect(panel.bids.count == 7 && panel.criteria.count == 13 && panel.members.count == 5)
        #expect(panel.criteria.reduce(Exact(0)) { $0 + ($1.weight ?? .zero) } == Exact(80))
        let read = try ScoresCSV.memberValues(text: scale.scoresCSV, file: "s.csv", panel: panel)
        #expect(read.count == 7 * 13 * 5)
        #expect(Set(read) == Set(scale.scoreSheet().memberValues))
        let values = Set(read.map(\.value))
        #expect(values.count == 6, "every point of the scale appears")
    }

    @Test func theEvaluationFileHoldsEveryScore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let scale = ScalePanel(bids: 4, criteria: 6, members: 4)
        let store = try scale.createEvaluation(at: folder.appendingPathComponent("e.bidpanel").path)
        let chair = try store.signIn(member: scale.memberID(0), pin: scale.pin(ofMember: 0))
        #expect(Set(try chair.scoreSheet().memberValues) == Set(scale.scoreSheet().memberValues))
        let young = try store.signIn(member: scale.memberID(3), pin: scale.pin(ofMember: 3))
        #expect(young.member.role == .young)
    }
}
