import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make an evaluation file from a panel file, and set the chair's PIN.",
        discussion: """
        The evaluation file keeps a frozen copy of the panel and the bids' answers: later \
        edits to the TOML file cannot change a running evaluation. It is readable by you \
        only (mode 600) and is never overwritten.
        """
    )

    @Argument(help: "The panel file, e.g. panels/youth-services.toml.")
    var panel: String

    @Option(name: .long, help: "Add bids from a CSV file (id,bidder,price).")
    var bids: String?

    @Option(name: .long, help: "Where to make the evaluation file (default: <tender id>.bidpanel here).")
    var out: String?

    @ArgumentParser.Flag(name: .long, help: "Read the chair's PIN from standard input instead of asking.")
    var pinStdin = false

    @Option(name: .long, help: "A witness file (best on another account or machine): every sign-off appends the audit head to it.")
    var witness: String?

    func run() throws {
        let loaded = try PanelFile.load(path: panel)
        var panelModel = loaded.panel
        if let bids {
            let (extra, warnings) = try ScoresCSV.bidsWithWarnings(text: Inputs.text(of: bids), file: bids)
            for bid in extra {
                if panelModel.bid(id: bid.id) != nil {
                    throw InputError(message: "\(bids): bid \(bid.id) is already in \(panel)")
                }
                if panelModel.scoring.priceFormula != .none, bid.price == nil || (panelModel.scoring.priceFormula == .relative && bid.price!.isZero) {
                    throw InputError(message: "\(bids): bid \(bid.id) needs a price above 0, because price is scored")
                }
                if panelModel.scoring.pot != nil, bid.price == nil {
                    throw InputError(message: "\(bids): bid \(bid.id) needs a price, the amount it asks for, because the round has a pot")
                }
            }
            panelModel.bids += extra
            if panelModel.bids.count > TextLimits.bids {
                throw InputError(message: "\(bids): with these, the evaluation would have \(panelModel.bids.count) bids; bidpanel takes at most \(TextLimits.bids). Split it into several evaluations.")
            }
            for warning in warnings { Console.error(warning.description) }
        }
        let path = out ?? "\(panelModel.tender.id).bidpanel"
        if FileManager.default.fileExists(atPath: path) {
            throw InputError(message: "\(path) already exists; bidpanel never overwrites an evaluation. Choose another name with --out, or move the old file away first.")
        }
        let chair = panelModel.members.first { $0.role == .chair }!
        let pin = try PINInput(fromStandardInput: pinStdin).readNew("the chair, \(chair.name)")
        let store = try EvaluationStore.create(at: path, panelPath: panel, panelText: loaded.text, panel: panelModel,
                                               answersFiles: loaded.answersFiles, chairPIN: pin, witness: witness)
        // A pair has no PIN of its own: each person in it gets one.
        let others = store.panel.members.filter { $0.role != .chair && !$0.isPair }
        let pairs = store.panel.members.filter(\.isPair)
        // The ids padded alike, so the names line up; the pairs said once, below.
        let idWidth = others.map { DisplayWidth.of($0.id) }.max() ?? 0
        func line(_ member: Member) -> String {
            "  bidpanel members \(path) set-pin \(DisplayWidth.pad(member.id, to: idWidth))   # \(member.name), \(member.role.rawValue)"
        }
        let pairNote = pairs.map { pair in
            let names = (pair.pair ?? []).compactMap { store.panel.member(id: $0)?.name }
            return "\n\n" + DisplayWidth.wrap("\(names.joined(separator: " and ")) sign in together as one pair (\(pair.id)), "
                + "each with their own PIN: a pair has no PIN of its own.", width: 78).joined(separator: "\n")
        }.joined()
        Console.out("""
        Made \(path) for \(store.panel.tender.id): \(store.panel.bids.count) bids, \(store.panel.members.count) members.
        The chair (\(chair.name)) can sign in now. Next, give each member a PIN:
        \(others.map(line).joined(separator: "\n"))\(pairNote)

        """)
    }
}
