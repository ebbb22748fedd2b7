import BidpanelCore
import BidpanelFixtures
import BidpanelStore
@testable import BidpanelTUI
import Foundation
import Testing

/// The large panel (20 members, 60 bids, long and wide names, prices in the
/// millions) on the youth panel's criteria, with every scorer's values in,
/// as the screens see it. Values are made up but fixed, so a failure repeats.
enum Large {
    static let panel: Panel = try! LargePanel.panel(base: Youth.loaded.text)
    static let chairID = LargePanel.members[0].id
    /// An officer, a young assessor and an observer.
    static let officerID = LargePanel.members[1].id, youngID = LargePanel.members[9].id
    static let observerID = LargePanel.members[19].id
    /// One member declared a conflict with B2; every scorer failed B5 on safeguarding.
    static let conflicted = (member: LargePanel.members[2].id, bid: "B2")

    static var members: [MemberEntry] { panel.members.map { MemberEntry(member: $0, hasPIN: true) } }
    static var scorers: [Member] { panel.members.filter { $0.role != .observer } }

    /// A fixed value for a member at a step of a bid, spread over the scale.
    static func value(member: Int, bid: Int, step: Step, index: Int) -> Value {
        let spread = member * 7 + bid * 3 + index
        switch step.criterion.kind {
        case .scored: return .scale(Exact(spread % 6))
        case .ladder: return .rung(spread % max(1, panel.ladder.rungs.count))
        case .matrix: return .level(spread % max(1, panel.matrix.levels.count))
        case .passFail: return .pass(bid != 5)
        }
    }

    /// Every scorer's values for every bid but the conflicted one; the first
    /// half of the bids moderated to the chair's value.
    static let sheet: ScoreSheet = {
        var sheet = ScoreSheet()
        for (m, member) in panel.members.enumerated() where member.role != .observer {
            for (b, bid) in panel.bids.enumerated() {
                if member.id == conflicted.member, bid.id == conflicted.bid { continue }
                for (index, step) in Steps.steps(panel: panel, role: member.role).enumerated() {
                    sheet.record(MemberValue(slot: step.slot(bid: bid.id), member: member.id,
                                             value: value(member: m, bid: b + 1, step: step, index: index),
                                             comment: index == 0 ? "Strong evidence of outcomes across the borough" : ""))
                }
            }
        }
        sheet.declare(Conflict(bid: conflicted.bid, member: conflicted.member, reason: "My sister works there"))
        for bid in panel.bids.prefix(30) {
            for (index, step) in Steps.steps(panel: panel, role: .chair).enumerated() {
                let slot = step.slot(bid: bid.id)
                sheet.moderate(ModeratedValue(slot: slot, value: sheet.value(of: chairID, at: slot)?.value
                        ?? value(member: 0, bid: 1, step: step, index: index), reason: "Agreed at the meeting"))
            }
        }
        return sheet
    }()

    /// Each member's progress: the first 20 bids submitted.
    static func progress(_ member: Member) -> [String: BidProgress] {
        let needed = Steps.steps(panel: panel, role: member.role).filter(\.scored).count
        return Dictionary(uniqueKeysWithValues: panel.bids.enumerated().map { b, bid in
            let conflicted = member.id == Large.conflicted.member && bid.id == Large.conflicted.bid
            let recorded = member.role == .observer || conflicted ? 0 : needed
            return (bid.id, BidProgress(recorded: recorded, needed: needed, submitted: recorded > 0 && b < 20,
                                        conflicted: conflicted))
        })
    }

    static let board = PanelBoard(sheet: sheet, progress: Dictionary(uniqueKeysWithValues: scorers.map { ($0.id, progress($0)) }),
                                  signedOffAt: nil)

    /// What the store would hand a member: prices gone unless they may see them.
    static func session(_ id: String) -> Session {
        let member = panel.member(id: id)!
        let bids = panel.bids.map { bid -> Bid in
            var bid = bid
            if member.role == .young || member.role == .observer { bid.price = nil }
            return bid
        }
        return Session(member: member, bids: bids, progress: progress(member), conflictsDeclared: true)
    }

    /// A driver at 80×24 on the sign-in screen of the large panel.
    static func driver(size: Size = Size(width: 80, height: 24)) -> Driver {
        var driver = Driver()
        driver.state = AppState(panel: panel, members: members, size: size, idleLimit: 300, now: 1000)
        return driver
    }

    /// Signed in (conflicts declared); the chair with the board loaded.
    static func signedIn(_ id: String) -> Driver {
        var driver = driver()
        driver.send(.signedIn(session(id)))
        if id == chairID { driver.send(.boardChanged(board)) }
        _ = driver.drain()
        return driver
    }

    /// A member with a bid open, their own values in.
    static func opened(_ bidID: String, by id: String) -> Driver {
        var driver = signedIn(id)
        if id == chairID { driver.press(.character("o")) }
        let session = session(id)
        let bid = session.bids.first { $0.id == bidID }!
        let values = Dictionary(uniqueKeysWithValues: sheet.memberValues
            .filter { $0.member == id && $0.slot.bid == bidID }
            .map { ($0.slot, SavedValue(value: $0.value, comment: $0.comment)) })
        driver.send(.bidOpened(bid, values: values, submitted: false))
        _ = driver.drain()
        return driver
    }
}
