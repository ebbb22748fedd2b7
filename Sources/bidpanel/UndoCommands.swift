import ArgumentParser
import BidpanelCore
import BidpanelStore

/// Which member's bid the chair puts right, and why; shared by reopen and
/// conflicts withdraw.
struct UndoTarget: ParsableArguments {
    @Option(name: .long, help: "The bid's id, as in the panel file.") var bid: String
    @Option(name: .long, help: "The member's id, as in the panel file.") var member: String
    @Option(name: .long, help: "Why, in a few words. It goes into the audit log.") var reason: String

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--reason is empty: say briefly why, for the audit log")
        }
    }

    /// The member's and bid's names for the message, as typed in the panel file.
    func names(in panel: Panel) -> (member: String, bid: String) {
        (SafeText.line(panel.member(id: member)?.name ?? member), SafeText.line(panel.bid(id: bid)?.bidder ?? bid))
    }
}

struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen one member's submitted bid so they can change their values (chair's PIN).",
        discussion: """
        The member's values stay as they are; they can change them and submit again. \
        The reason goes into the audit log. Example: \
        bidpanel reopen YS-2026-01.bidpanel --bid B2 --member zoe --reason "Zoe pressed submit by mistake"
        """
    )

    @Argument(help: "The evaluation file.") var file: String
    @OptionGroup var target: UndoTarget
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let (store, session) = try chair.openSignedIn(file)
        try session.reopen(bid: target.bid, for: target.member, reason: target.reason)
        let names = target.names(in: store.panel)
        Console.out("Reopened bid \(SafeText.line(target.bid)) (\(names.bid)) for \(names.member): they can change their values and submit it again.\n")
    }
}

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Withdraw a member's declared conflict of interest (chair's PIN).",
        discussion: """
        After a withdrawal the member can score the bid, and their values for it count in the totals. \
        The old conflict and your reason go into the audit log. Example: \
        bidpanel conflicts YS-2026-01.bidpanel withdraw --bid B3 --member kyle --reason "Kyle's cousin left the charity in 2019"
        """
    )

    enum Action: String, ExpressibleByArgument { case withdraw }

    @Argument(help: "The evaluation file.") var file: String
    @Argument(help: "What to do: withdraw.") var action: Action
    @OptionGroup var target: UndoTarget
    @OptionGroup var chair: ChairOptions

    func run() throws {
        let (store, session) = try chair.openSignedIn(file)
        try session.withdrawConflict(bid: target.bid, member: target.member, reason: target.reason)
        let names = target.names(in: store.panel)
        Console.out("Withdrew \(names.member)'s conflict with bid \(SafeText.line(target.bid)) (\(names.bid)): they can score it now, and their values for it count.\n")
    }
}

struct BidsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bids",
        abstract: "Withdraw, disqualify or reinstate a bid after init (chair's PIN).",
        discussion: """
        withdraw: the bidder withdrew the bid. disqualify: the panel disqualified it. \
        Either way every value recorded for it is kept, it leaves the ranking, and the report, \
        the JSON and CSV results and its assessment summary say why. reinstate puts it back. \
        The reason goes into the audit log. Example: \
        bidpanel bids YS-2026-01.bidpanel withdraw --bid B3 --reason "Letter from the bidder, 3 March"
        """
    )

    enum Action: String, ExpressibleByArgument, CaseIterable { case withdraw, disqualify, reinstate }

    @Argument(help: "The evaluation file.") var file: String
    @Argument(help: "What to do: withdraw, disqualify or reinstate.") var action: Action
    @Option(name: .long, help: "The bid's id, as in the panel file.") var bid: String
    @Option(name: .long, help: "Why, in a few words. It goes into the audit log and the report.") var reason: String
    @OptionGroup var chair: ChairOptions

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--reason is empty: say briefly why, for the audit log and the report")
        }
    }

    func run() throws {
        let (store, session) = try chair.openSignedIn(file)
        let name = SafeText.line(store.panel.bid(id: bid)?.bidder ?? bid)
        let which = "Bid \(SafeText.line(bid)) (\(name))"
        switch action {
        case .withdraw, .disqualify:
            let standing: BidStanding = action == .withdraw ? .withdrawn : .disqualified
            try session.remove(bid: bid, as: standing, reason: reason)
            Console.out("\(which) is now \(standing.phrase). Its values are kept; it has no rank, and the report says why. To undo this: bidpanel bids \(file) reinstate --bid \(SafeText.line(bid)) --reason \"...\"\n")
        case .reinstate:
            try session.reinstate(bid: bid, reason: reason)
            Console.out("\(which) is back in the competition and is ranked with the others again.\n")
        }
    }
}
