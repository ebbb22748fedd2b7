import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

/// The chair's stage commands: where the stages stand, signing a stage off
/// (which draws up its shortlist and moves the panel on), and putting a bid
/// on the shortlist or taking it off, with a reason.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Show the stages, sign a stage off, or change a shortlist (chair's PIN).",
        discussion: """
        show: each stage, whether it is signed off, and each shortlist with its rule and every bid's reason. \
        sign-off --stage ID: signs the stage off (it must be the current one). Its values are then fixed, its \
        shortlist is drawn up, and members score the next stage for the shortlisted bids only. The last stage \
        is signed off with the evaluation. With --reason, signs off although a member has not submitted. \
        shortlist --stage ID --bid B --on|--off --reason TEXT: puts a bid on the shortlist after a stage, or takes \
        it off, against the rule; the reason goes into the audit log and the report. Example: \
        bidpanel stages ys.bidpanel sign-off --stage written
        """
    )

    enum Action: String, ExpressibleByArgument, CaseIterable { case show, signOff = "sign-off", shortlist }

    @Argument(help: "The evaluation file.") var file: String
    @Argument(help: "What to do: show, sign-off or shortlist.") var action: Action = .show
    @Option(name: .long, help: "The stage's id, as in the panel file.") var stage: String?
    @Option(name: .long, help: "The bid's id (shortlist only).") var bid: String?
    @ArgumentParser.Flag(name: .long, help: "Put the bid on the shortlist (shortlist only).") var on = false
    @ArgumentParser.Flag(name: .long, help: "Take the bid off the shortlist (shortlist only).") var off = false
    @Option(name: .long, help: "Why, in a few words. It goes into the audit log.") var reason: String = ""
    @OptionGroup var chair: ChairOptions

    func validate() throws {
        switch action {
        case .show: break
        case .signOff:
            if stage == nil { throw ValidationError("sign-off needs --stage: the id of the stage to sign off") }
        case .shortlist:
            if stage == nil || bid == nil { throw ValidationError("shortlist needs --stage and --bid") }
            if on == off { throw ValidationError("shortlist needs one of --on (put the bid on) or --off (take it off)") }
            if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--reason is empty: say briefly why the bid should go against the rule")
            }
        }
    }

    func run() throws {
        let (store, session) = try chair.openSignedIn(file)
        guard !store.panel.stages.isEmpty else {
            throw InputError(message: "bidpanel: \(file) is not scored in stages, so there is nothing to show or sign off")
        }
        switch action {
        case .show:
            break
        case .signOff:
            let record = try session.signOffStage(stage!, anyway: reason)
            Console.out("Signed off stage \(SafeText.line(stage!)). \(record.seal.line)\n")
            if let problem = record.witnessProblem { Console.error("bidpanel: \(problem)") }
        case .shortlist:
            try session.overrideShortlist(stage: stage!, bid: bid!, goesOn: on, reason: reason)
            Console.out("Bid \(SafeText.line(bid!)) is now \(on ? "on" : "off") the shortlist after stage \(SafeText.line(stage!)).\n")
        }
        if let standing = try session.stageStanding() { Console.out(Self.describe(standing, panel: store.panel)) }
    }

    /// Each stage, whether it is signed off, and each shortlist drawn up;
    /// in a tender in lots, each lot's under its own heading (the rule picks
    /// within each lot).
    static func describe(_ standing: StageStanding, panel: Panel) -> String {
        var lines: [String] = []
        for (index, stage) in standing.stages.enumerated() {
            let state = index < standing.current ? "signed off" : index == standing.current ? "being scored now" : "not started"
            lines.append("\(standing.name(index)): \(state)")
            guard let decisions = standing.decisions[stage.id] else { continue }
            lines.append("  " + StageText.ruleText(stage.shortlist, quality: panel.scoring.quality)
                + (panel.lots.isEmpty ? "" : " In each lot on its own."))
            var lot: String?
            for decision in decisions {
                if let bidLot = panel.bid(id: decision.bid)?.lot, bidLot != lot {
                    lot = bidLot
                    lines.append("  Lot \(bidLot)" + (panel.lots.first { $0.id == bidLot }.map { ": \(SafeText.line($0.title))" } ?? ""))
                }
                let indent = lot == nil ? "  " : "    "
                var line = "\(indent)\(decision.bid): \(decision.goesOn ? "goes on" : "not shortlisted") (\(StageText.why(decision.why)))"
                if case let .overridden(_, reason, _) = decision.why { line += ": \(SafeText.line(reason))" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
