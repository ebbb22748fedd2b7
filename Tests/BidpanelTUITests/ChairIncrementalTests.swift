import BidpanelCore
@testable import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// The chair's board is read through the change feed, only what changed
/// since the last read, and the chair's data works out again only what
/// depends on it. Random changes by several members, through the store;
/// after every read the kept state must equal a fresh whole read.
@Suite("The chair's board, kept up to date")
struct ChairIncrementalTests {
    /// One evaluation file, with only the chair's PIN (one slow hash),
    /// copied for every case; other members' sessions are made directly.
    static let template: String = {
        let (store, path) = try! Youth.evaluation()
        _ = store
        return path
    }()

    static func copy() throws -> EvaluationStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("youth.bidpanel").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: template + suffix) {
            try FileManager.default.copyItem(atPath: template + suffix, toPath: path + suffix)
        }
        return try EvaluationStore.open(path: path)
    }

    /// Seeded: a failing case names its seed, to replay it.
    @Test(arguments: (0..<12).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 &+ 12 })
    func incrementalBoardAndDataEqualAFreshReadAfterEveryChange(seed: UInt64) throws {
        try Self.run(seed: seed, steps: 60)
    }

    /// Also long runs of one kind, so a bid is submitted, reopened and
    /// changed again before the chair's screen reads.
    @Test func manyChangesBetweenReadsStillEqualAFreshRead() throws {
        for seed in [1, 2, 3] as [UInt64] { try Self.run(seed: seed, steps: 120, readEvery: 7) }
    }

    static func run(seed: UInt64, steps: Int, readEvery: Int? = nil) throws {
        let store = try copy()
        let panel = store.panel
        let sessions = panel.members.map { MemberSession(store: store, member: $0) }
        let chair = sessions.first { $0.isChair }!
        var rng = SplitMix(seed: seed)
        var feed = try chair.boardFeed()
        var data = ChairData(board: feed.board, panel: panel)
        // The terminal's own path too: a follower on its own, taken now and then.
        let follower = BoardFollower(session: chair)
        try follower.refresh()
        var followed: ChairData?
        var incremental = 0
        for step in 0..<steps {
            Changes.random(&rng, sessions: sessions, chair: chair, panel: panel)
            guard readEvery.map({ step % $0 == $0 - 1 }) ?? (rng.next(3) != 0) else { continue }
            let change = try chair.update(&feed)
            if !change.everything { incremental += 1 }
            data.apply(feed.board, change: change)
            // Now and then the advice is worked out on another thread, as
            // when the chair reads the totals; it must equal a fresh run.
            if step % 3 == 0 { data.prepareAdvice() }
            let fresh = try chair.board()
            // The board's own read of the sheet equals the store's general one.
            let read = fresh.sheet == (try chair.scoreSheet())
            #expect(read, "seed \(seed), step \(step)")
            // Named checks, so a failure says which part differs without printing whole boards.
            let sheet = feed.board.sheet == fresh.sheet, progress = feed.board.progress == fresh.progress
            let attendance = feed.board.attendance == fresh.attendance, notes = feed.board.moderationNotes == fresh.moderationNotes
            let signOff = feed.board.signedOffAt == fresh.signedOffAt
            #expect(sheet && progress && attendance && notes && signOff, "seed \(seed), step \(step)")
            let whole = ChairData(board: fresh, panel: panel)
            #expect(data.sameWorkingAs(whole), "seed \(seed), step \(step)")
            if step % 3 == 0 {
                let whatIf = data.sensitivity == Sensitivity.analyse(panel: panel, sheet: fresh.sheet)
                let agreement = TotalsScreen.agreementLines(chair: data, width: 76) == TotalsScreen.agreementLines(chair: whole, width: 76)
                #expect(whatIf && agreement, "advice, seed \(seed), step \(step)")
            }
            let result = data.result == ScoringEngine.score(panel, fresh.sheet)
            #expect(result, "seed \(seed), step \(step)")
            try follower.refresh()
            if rng.next(2) == 0, let (board, change) = follower.take() {
                if followed == nil { followed = ChairData(board: board, panel: panel) } else { followed!.apply(board, change: change) }
                #expect(followed!.sameWorkingAs(whole), "follower, seed \(seed), step \(step)")
            }
        }
        #expect(incremental > 0, "the feed never read only what changed")
    }
}

/// The changes members and the chair make, chosen at random; the store
/// refuses some (a submitted bid, the chair moderating before scoring), as
/// it would at a terminal, and a refused change changes nothing.
enum Changes {
    static func random(_ rng: inout SplitMix, sessions: [MemberSession], chair: MemberSession, panel: Panel) {
        let member = sessions[rng.next(sessions.count)]
        let bid = panel.bids[rng.next(panel.bids.count)].id
        let steps = Steps.steps(panel: panel, role: member.member.role).filter(\.scored)
        if rng.next(3) == 0, (try? chair.isSignedOff()) == true {
            try? chair.reopenEvaluation(reason: "one more look")
            return
        }
        let reason = ["agreed at the meeting", "Zoë's note: a \"quote\"", String(repeating: "long reason ", count: 20)][rng.next(3)]
        switch rng.next(16) {
        case 0...4:
            guard !steps.isEmpty else { return }
            let step = steps[rng.next(steps.count)]
            try? member.record(step.slot(bid: bid), pick(step, panel: panel, &rng), comment: rng.next(2) == 0 ? "" : "seen \(bid)")
        case 5:
            // Every value in, then submitted: paper import and terminal alike.
            let values = steps.map { ($0.slot(bid: bid), pick($0, panel: panel, &rng), "") }
            try? member.record(values, source: rng.next(2) == 0 ? .terminal : .paper)
            try? member.submit(bid: bid)
        case 6, 7:
            let chairSteps = Steps.steps(panel: panel, role: .chair).filter(\.scored)
            let step = chairSteps[rng.next(chairSteps.count)]
            try? chair.moderate(step.slot(bid: bid), pick(step, panel: panel, &rng), reason: reason,
                                source: rng.next(3) == 0 ? .terminal : .paper)
        case 8:
            try? member.declareConflicts(rng.next(4) == 0 ? [] : [(bid: bid, reason: "knows the bidder")])
        case 9:
            try? chair.withdrawConflict(bid: bid, member: member.member.id, reason: reason)
        case 10:
            try? chair.reopen(bid: bid, for: member.member.id, reason: reason)
        case 11:
            switch rng.next(3) {
            case 0: try? chair.remove(bid: bid, as: .withdrawn, reason: reason)
            case 1: try? chair.remove(bid: bid, as: .disqualified, reason: reason)
            default: try? chair.reinstate(bid: bid, reason: reason)
            }
        case 12:
            let chairSteps = Steps.steps(panel: panel, role: .chair)
            try? chair.noteItem(chairSteps[rng.next(chairSteps.count)].slot(bid: bid), note: rng.next(3) == 0 ? "" : reason)
        case 13:
            try? chair.markAttendance(member: member.member.id, present: rng.next(2) == 0)
        case 14:
            try? chair.declareNotScoring(bid: bid)
        default:
            if (try? chair.isSignedOff()) == true {
                try? chair.reopenEvaluation(reason: reason)
            } else if rng.next(3) == 0 {
                _ = try? chair.signOff(anyway: reason)
            }
        }
    }

    static func pick(_ step: Step, panel: Panel, _ rng: inout SplitMix) -> Value {
        let choices = Steps.choices(for: step, panel: panel, plain: false)
        return choices[rng.next(choices.count)].value
    }
}

/// A small seeded generator, so a failing case can be replayed from its seed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound <= 1 ? 0 : Int(z % UInt64(bound))
    }
}
