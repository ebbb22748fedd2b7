import ArgumentParser
import BidpanelCore
import BidpanelStore

struct MembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "Set or reset a member's PIN, or add a member after init (the chair's PIN first).",
        discussion: """
        To reset a forgotten PIN, set a new one the same way; the old one stops working. \
        Example: bidpanel members YS-2026-01.bidpanel set-pin zoe

        To add someone who joins the panel after the evaluation was made: \
        bidpanel members YS-2026-01.bidpanel add sam --name "Sam Patel" --role young --reason "Joins in place of Kyle" \
        then give them a PIN with set-pin. The audit log records who did each of these, and when.
        """
    )

    enum Action: String, ExpressibleByArgument, CaseIterable { case setPin = "set-pin", add }

    @Argument(help: "The evaluation file.")
    var file: String

    @Argument(help: "What to do: set-pin (set or reset the PIN) or add (a new member).")
    var action: Action

    @Argument(help: "The member's id, as in the panel file (for add: a new id, using a-z, 0-9, - and _).")
    var member: String

    @Option(name: .long, help: "add: the new member's name, as screens and the report show it.")
    var name: String?

    @Option(name: .long, help: "add: the new member's role: officer, young or observer.")
    var role: String?

    @Option(name: .long, help: "add: why they join the panel now, in a few words. It goes into the audit log.")
    var reason: String?

    @OptionGroup var chair: ChairOptions

    func validate() throws {
        switch action {
        case .setPin:
            if name != nil || role != nil || reason != nil {
                throw ValidationError("--name, --role and --reason are for add; set-pin takes only the member's id")
            }
        case .add:
            guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("add needs the new member's name: --name \"Sam Patel\"")
            }
            guard let role, Role(rawValue: role) != nil, role != Role.chair.rawValue else {
                throw ValidationError("add needs the new member's role: --role officer, --role young or --role observer")
            }
            guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("add needs a reason for the audit log: --reason \"Joins in place of Kyle\"")
            }
        }
    }

    func run() throws {
        let store = try EvaluationStore.open(path: file)
        switch action {
        case .setPin: try setPIN(store)
        case .add: try add(store)
        }
    }

    private func setPIN(_ store: EvaluationStore) throws {
        guard let target = store.panel.member(id: member) else {
            throw InputError(message: "\"\(member)\" is not a member of this panel: "
                + Suggest.hint(for: member, in: store.panel.members.map(\.id)))
        }
        if let people = target.pair {
            throw InputError(message: "\(member) is a pair and has no PIN of its own: each person in it signs in with their own PIN. Set those instead: "
                + people.map { "bidpanel members \(file) set-pin \($0)" }.joined(separator: " and "))
        }
        let session = try chair.signInChair(store)
        try session.setPIN(for: member, to: chair.pins.readNew("\(target.name) (\(target.id))"))
        Console.out("PIN set for \(SafeText.line(target.name)).\n")
    }

    private func add(_ store: EvaluationStore) throws {
        let session = try chair.signInChair(store)
        let role = Role(rawValue: role ?? "") ?? .observer
        try session.addMember(id: member, name: name ?? "", role: role, reason: reason ?? "")
        Console.out("""
        Added \(SafeText.line(name ?? member)) (\(member)) to the panel as \(role == .young ? "a" : "an") \(role.name).
        Next, give them a PIN so they can sign in:
          bidpanel members \(file) set-pin \(member)

        """)
    }
}
