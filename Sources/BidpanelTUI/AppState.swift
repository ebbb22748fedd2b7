import BidpanelCore
import BidpanelStore

/// A member as the sign-in screen lists them.
public struct MemberEntry: Sendable, Equatable {
    public var member: Member
    public var hasPIN: Bool
    public init(member: Member, hasPIN: Bool) { self.member = member; self.hasPIN = hasPIN }
}

/// What the store tells the screens about the person signed in. Bids come
/// from their session, so prices are already gone for those who may not see them.
public struct Session: Sendable, Equatable {
    public var member: Member
    public var bids: [Bid]
    public var progress: [String: BidProgress]
    public var conflictsDeclared: Bool
    /// The evaluation is signed off: every screen is read-only until the
    /// chair reopens it. Followed live (`Action.standingChanged`).
    public var signedOff: Bool
    /// In a tender in stages: the stage being scored and the shortlist
    /// into it (StageSignOff). Followed live, as the sign-off is.
    public var stages: StageStanding?

    public init(member: Member, bids: [Bid], progress: [String: BidProgress], conflictsDeclared: Bool,
                signedOff: Bool = false, stages: StageStanding? = nil) {
        self.member = member
        self.bids = bids
        self.progress = progress
        self.conflictsDeclared = conflictsDeclared
        self.signedOff = signedOff
        self.stages = stages
    }

    public var plainWording: Bool { member.role == .young }
    public var scores: Bool { member.role != .observer }
}

/// One line under the screen saying what just happened.
public struct Status: Sendable, Equatable {
    public enum Tone: Sendable { case info, good, problem }
    public var text: String
    public var tone: Tone
    public init(_ text: String, tone: Tone = .info) { self.text = text; self.tone = tone }
}

public enum Screen: Sendable, Equatable {
    case signIn(SignInScreen)
    case conflicts(ConflictScreen)
    case bidList(BidListScreen)
    case walkthrough(Walkthrough)
    case review(ReviewScreen)
    case board(PanelBoardScreen)
    case moderation(ModerationScreen)
    case totals(TotalsScreen)
}

/// The whole state of one terminal. `update` changes it; `render` draws it.
public struct AppState: Sendable, Equatable {
    /// The panel's rules and wording. Bids are never kept here: only the
    /// signed-in member's view of them, in `session`.
    public var panel: Panel
    public var members: [MemberEntry]
    /// Shown on the sign-in screen of `bidpanel demo` only.
    public var demoPINs: [String: String]
    /// A line under the demo PINs saying what the demo file already holds.
    public var demoNote = ""
    public var size: Size
    public var colour: Bool
    public var idleLimit: Double
    public var lastActivity: Double
    public var screen: Screen
    public var session: Session?
    /// The chair's live view of the whole evaluation; nil for everyone else.
    public var chair: ChairData?
    public var showingHelp = false
    /// How far down a help longer than the window is scrolled.
    public var helpScroll = 0
    public var status: Status?
    /// Set by the program loop, which can wake itself: slow views (the
    /// totals, What if, Agreement at a grants round's size) are worked out
    /// on another thread and say "working out" until they are ready. Off,
    /// as in tests of the pure screens, they are worked out as they are drawn.
    public var workInBackground = false

    public init(panel: Panel, members: [MemberEntry], demoPINs: [String: String] = [:], size: Size,
                colour: Bool = true, idleLimit: Double = 300, now: Double = 0) {
        var panel = panel
        panel.bids = []
        self.panel = panel
        self.members = members
        self.demoPINs = demoPINs
        self.size = size
        self.colour = colour
        self.idleLimit = idleLimit
        lastActivity = now
        screen = .signIn(SignInScreen())
    }

    var plainWording: Bool { session?.plainWording ?? false }

    /// When time passing next changes this state (the idle lock, or a
    /// half-typed name or PIN cleared), so the loop can sleep until then;
    /// nil when nothing waits on time.
    public var nextDeadline: Double? {
        if session == nil, case let .signIn(signIn) = screen, signIn == SignInScreen() { return nil }
        return lastActivity + idleLimit
    }
}

/// Everything that can happen to a terminal: keys, time, the window, and
/// the answers to the effects `update` asked for.
public enum Action: Sendable, Equatable {
    case key(Key, at: Double)
    case resized(Size)
    case tick(Double)
    case signedIn(Session)
    case signInFailed(String)
    case conflictsDeclared([String: BidProgress])
    case bidOpened(Bid, values: [Slot: SavedValue], submitted: Bool)
    case saved(Slot, SavedValue)
    case submitted(bid: String, progress: [String: BidProgress])
    case progressLoaded([String: BidProgress])
    case failed(String)
    /// The chair's board as the evaluation file now has it (any terminal's change).
    case boardChanged(PanelBoard)
    /// The chair's board with only what `BoardChange` names changed since
    /// the last board this terminal was given.
    case boardUpdated(PanelBoard, BoardChange)
    case moderated(Slot, Value)
    /// The audit seal to write down ("Audit seal …, N entries"), and why the
    /// witness file did not get it, when it did not.
    case signedOff(seal: String, witnessProblem: String?)
    /// The chair signed a stage off: the panel moves to the next stage.
    case stageSignedOff(stage: String, seal: String, witnessProblem: String?)
    /// The chair put a bid on a shortlist or took it off.
    case shortlistChanged(bid: String, goesOn: Bool)
    /// The chair's decision on a tied lot was recorded (`bid`), or undone (nil).
    case tieDecided(lot: String, bid: String?)
    case reopened
    case printed(String, ok: Bool)
    /// The program is about to stop (a signal, the terminal gone): save
    /// whatever has been typed but not yet saved.
    case flush
    /// The chair reopened one member's submitted bid.
    case bidReopened(bid: String, member: String)
    /// The chair marked a member present or absent.
    case attendanceMarked(member: String, present: Bool)
    /// The chair's note on an item is saved (empty: removed).
    case itemNoted(Slot, note: String)
    /// The chair said they are not scoring a bid; the others' values show.
    case saidNotScoring(bid: String)
    /// The member's own progress and the sign-off as the file now has them
    /// (the chair reopened a bid, or signed off), with no key pressed.
    case standingChanged(MemberStanding)
}

public struct SavedValue: Sendable, Hashable {
    public var value: Value
    public var comment: String
    public init(value: Value, comment: String) { self.value = value; self.comment = comment }
}

/// What `update` asks the outside world to do. The program loop carries
/// these out against the evaluation file and feeds the results back as actions.
public enum Effect: Sendable, Equatable {
    case signIn(member: String, pin: String)
    /// A pair of young assessors signs in: one PIN per person, in the
    /// order the panel file names them (docs/panel-format.md §3.8).
    case signInPair(pair: String, pins: [String])
    case declareConflicts([ConflictDeclaration])
    case openBid(String)
    case record(Slot, SavedValue)
    case submit(bid: String)
    case loadProgress
    case signOut
    /// The chair's screens: follow the file live, agree values, sign off, print.
    case watchBoard
    case moderate(Slot, Value, reason: String)
    /// Signs off; `anyway` is the reason to, when not every member has
    /// submitted (empty when all have).
    case signOff(anyway: String)
    /// Signs a stage off (not the last: that is `signOff`), with the reason
    /// when not every member has submitted.
    case signOffStage(stage: String, anyway: String)
    /// The chair puts a bid on the shortlist after a stage, or takes it off.
    case overrideShortlist(stage: String, bid: String, goesOn: Bool, reason: String)
    /// The chair decides which of a tied lot's bids wins, and why; or takes that back.
    case decideTie(lot: String, bid: String, reason: String)
    case undoTieDecision(lot: String, reason: String)
    case reopenEvaluation(reason: String)
    case printReport
    /// The chair reopens one member's submitted bid, with the reason.
    case reopenBid(bid: String, member: String, reason: String)
    /// The chair marks a member present at, or absent from, the meeting.
    case markAttendance(member: String, present: Bool)
    /// The chair's note on one item, besides the reason; empty removes it.
    case noteItem(Slot, note: String)
    /// The chair says "I am not scoring this bid".
    case declareNotScoring(bid: String)
    /// Every member's screens: follow their own progress and the sign-off live.
    case watchStanding
}

public struct ConflictDeclaration: Sendable, Hashable {
    public var bid: String
    public var reason: String
    public init(bid: String, reason: String) { self.bid = bid; self.reason = reason }
}
