/// What happened at the panel's meeting besides the scores, for the printed
/// report to stand as its record: the conflicts each member declared, who
/// scored each bid and who did not, each sign-off and reopening with its
/// reason, and the bidpanel that made the report. The store builds it from
/// its tables and audit log (`MemberSession.meetingRecord`); times arrive
/// already written as people read them, in local time with the UTC offset,
/// so the report stays pure.
public struct MeetingRecord: Sendable, Equatable {
    /// One member's declaration: a conflict with a bid, or that they have none.
    public struct Declaration: Sendable, Equatable {
        public var member: String
        /// nil when the member declared no conflicts.
        public var bid: String?
        public var reason: String
        public var at: String
        /// Declared on paper and typed in by `import`: `at` is then when it
        /// was typed in, not when the member signed the declaration.
        public var onPaper: Bool

        public init(member: String, bid: String?, reason: String = "", at: String, onPaper: Bool = false) {
            self.member = member
            self.bid = bid
            self.reason = reason
            self.at = at
            self.onPaper = onPaper
        }
    }

    /// How far one member got with one bid.
    public enum Progress: Sendable, Equatable {
        case submitted(at: String)
        /// Some or all values in, not submitted.
        case recorded(Int, of: Int)
        case nothing
        /// They declared a conflict with the bid, so record nothing for it.
        case conflict
    }

    /// A sign-off, a reopening, a bid withdrawn, disqualified or reinstated,
    /// or a member added, with the chair's reason.
    public struct Event: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case signedOff
            case reopenedEvaluation
            case reopenedBid(bid: String, member: String)
            /// Withdrawn or disqualified after init; `nil` standing: reinstated.
            case bidStanding(bid: String, now: BidStanding?)
            case addedMember(member: String)
            /// A stage of a tender in stages signed off; `shortlist`: the
            /// audit entry's words for the rule and who goes on.
            case signedOffStage(stage: String, shortlist: String)
            /// The chair put a bid on a shortlist or took it off; `change`: old → new.
            case shortlistChanged(bid: String, change: String)
            /// The chair decided a tied lot (`bid`), or took a decision back (nil).
            case tieDecided(lot: String, bid: String?)
        }

        public var kind: Kind
        /// The member who did it (the chair).
        public var by: String
        public var reason: String
        public var at: String
        /// A sign-off with bids not submitted: who had not, as the audit
        /// entry keeps it ("ana (B1, B3); ben (B2)"); empty otherwise.
        public var notSubmitted: String

        public init(_ kind: Kind, by: String, reason: String = "", at: String, notSubmitted: String = "") {
            self.kind = kind
            self.by = by
            self.reason = reason
            self.at = at
            self.notSubmitted = notSubmitted
        }
    }

    /// One stage's part of "who scored each bid".
    public struct StageProgress: Sendable, Equatable {
        public var stage: String
        /// The bids scored in this stage (every bid in the first; after it,
        /// the shortlist), in the panel file's order.
        public var bids: [String]
        /// Bid id → member id → progress, for every member whose role scores in this stage.
        public var progress: [String: [String: Progress]]

        public init(stage: String, bids: [String], progress: [String: [String: Progress]]) {
            self.stage = stage
            self.bids = bids
            self.progress = progress
        }
    }

    /// The chair marking a member present at, or absent from, the meeting.
    public struct AttendanceMark: Sendable, Equatable {
        public var member: String
        public var present: Bool
        public var at: String
        /// Who marked it (the chair).
        public var by: String

        public init(member: String, present: Bool, at: String, by: String) {
            self.member = member
            self.present = present
            self.at = at
            self.by = by
        }
    }

    /// In the order they were declared.
    public var declarations: [Declaration]
    /// Bid id → member id → progress, for every member whose role scores.
    public var progress: [String: [String: Progress]]
    /// In a tender in stages, who scored each bid in each stage, in the
    /// stages' order (empty otherwise: `progress` then says it all). A
    /// stage's submissions close when it is signed off, so each stage keeps
    /// its own.
    public var stages: [StageProgress] = []
    /// Oldest first.
    public var events: [Event]
    /// When the evaluation was signed off, as people read it; nil while open.
    public var signedOff: String?
    /// The bidpanel that made the report (`BidpanelVersion.current`).
    public var version: String
    /// Who the chair marked present or absent, and when, oldest first.
    public var attendance: [AttendanceMark] = []
    /// The chair's notes per item and "not scoring" statements, times as people read them.
    public var moderation = ModerationNotes()

    public init(declarations: [Declaration] = [], progress: [String: [String: Progress]] = [:], events: [Event] = [],
                signedOff: String? = nil, version: String = BidpanelVersion.current) {
        self.declarations = declarations
        self.progress = progress
        self.events = events
        self.signedOff = signedOff
        self.version = version
    }
}
