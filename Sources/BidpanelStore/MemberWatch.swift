import BidpanelCore
import Foundation
import GRDB

/// What a member's own screens need to follow while they are signed in:
/// their progress (a bid the chair reopened shows as open again) and
/// whether the evaluation is signed off (then everything is read-only).
public struct MemberStanding: Sendable, Equatable {
    public var progress: [String: BidProgress]
    public var signedOff: Bool
    /// In a tender in stages, where the stages stand (the shortlist too).
    public var stages: StageStanding?

    public init(progress: [String: BidProgress], signedOff: Bool, stages: StageStanding? = nil) {
        self.progress = progress
        self.signedOff = signedOff
        self.stages = stages
    }
}

extension MemberSession {
    /// This member's standing as the file has it now.
    public func standing() throws -> MemberStanding {
        try store.read { db in try standing(db) }
    }

    /// Watches this member's own standing: `onChange` runs once at the start
    /// and after every change any terminal commits, within about a quarter
    /// of a second. Any member may watch: it shows nothing of anyone else.
    public func observeStanding(onError: @escaping @Sendable (Error) -> Void = { _ in },
                                onChange: @escaping @Sendable (MemberStanding) -> Void) -> StoreWatch {
        let session = self
        return StoreWatch(store: store, onError: onError) { db in
            onChange(try session.standing(db))
        }
    }

    func standing(_ db: Database) throws -> MemberStanding {
        let signedOff = try String.fetchOne(db, sql: "SELECT signed_off_at FROM state WHERE id = 1") != nil
        return MemberStanding(progress: try myProgress(db), signedOff: signedOff, stages: try stageStandingForRules(db))
    }
}
