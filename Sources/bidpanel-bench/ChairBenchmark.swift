import BidpanelCore
import BidpanelStore
import BidpanelTUI
import Foundation

/// What one change in the file costs the chair's screens: the engine, panel
/// agreement, the four what-if runs and the per-bid counts (ChairData), then
/// drawing the board and the totals. Paid once per change any terminal makes.
///   swift run -c release bidpanel-bench chair
enum ChairBenchmark {
    static func run() throws {
        for bids in [6, 20, 50] {
            let (panel, sheet) = largeEvaluation(bids: bids, criteria: 40, members: 12)
            let progress = Dictionary(uniqueKeysWithValues: panel.members.map { member in
                (member.id, Dictionary(uniqueKeysWithValues: panel.bids.map {
                    ($0.id, BidProgress(recorded: 40, needed: 40, submitted: true, conflicted: false))
                }))
            })
            let board = PanelBoard(sheet: sheet, progress: progress, signedOffAt: nil)
            var times: [Double] = []
            var data: ChairData?
            for _ in 0..<7 { times.append(milliseconds { data = ChairData(board: board, panel: panel) }) }
            var state = AppState(panel: panel, members: panel.members.map { MemberEntry(member: $0, hasPIN: true) },
                                 size: Size(width: 80, height: 24))
            state.session = Session(member: panel.members[0], bids: panel.bids, progress: [:], conflictsDeclared: true)
            state.chair = data
            state.screen = .board(PanelBoardScreen())
            var frames: [Double] = []
            for _ in 0..<7 { frames.append(milliseconds { _ = render(state) }) }
            state.screen = .totals(TotalsScreen())
            var totals: [Double] = []
            for _ in 0..<7 { totals.append(milliseconds { _ = render(state) }) }
            print(String(format: "%3d bids × 40 criteria × 12 members (%6d values): chair data %8.1f ms, board frame %5.2f ms, totals frame %5.2f ms (medians of 7)",
                         bids, sheet.memberValues.count, median(times), median(frames), median(totals)))
        }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
