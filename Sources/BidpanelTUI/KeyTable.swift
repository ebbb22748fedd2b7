/// The keys of every screen converted to a `KeyMap`, as the Markdown that
/// docs/terminal.md holds between its two "key maps" marks. A test checks
/// the document against this, so the manual cannot drift from the screens.
/// A screen joins the table by adding its line to `sections`.
public enum KeyTable {
    public static let begin = "<!-- keys: generated from each screen's key map; "
        + "BIDPANEL_RECORD_SNAPSHOTS=1 swift test --filter KeyTableTests rewrites it -->"
    public static let end = "<!-- keys: end -->"

    /// One heading and table per screen.
    static var sections: [String] {
        [
            section("The bids", BidListScreen.keyMap(chair: true), only: BidListScreen.keyMap(chair: false),
                    note: "the chair only"),
            section("Signing in", SignInScreen.keyMap(typingPIN: false)),
            section("Typing your PIN", SignInScreen.keyMap(typingPIN: true)),
            section("Conflicts of interest", ConflictScreen.keyMap(editing: false, confirming: false, later: false)),
            section("Checking your scores", ReviewScreen.keyMap(confirming: false, readOnly: false)),
            section("The panel board (chair)", PanelBoardScreen.keyMap(.browse, signedOff: false)),
            section("The panel board, signed off (chair)", PanelBoardScreen.keyMap(.browse, signedOff: true)),
            section("Who is at the meeting (chair)", PanelBoardScreen.keyMap(.attendance(selected: 0), signedOff: false)),
            section("Agreeing values (chair)", ModerationScreen.keyMap(focus: .choices, hidden: false, chooseKeys: ["0", "1", "2", "3", "4", "5"])),
            section("Agreeing values, your own score first (chair)",
                    ModerationScreen.keyMap(focus: .choices, hidden: true, chooseKeys: ["0", "1", "2", "3", "4", "5"])),
            section("Totals (chair)", TotalsScreen.keyMap()),
        ]
    }

    public static var markdown: String {
        ([begin] + sections + [commonSection, end]).joined(separator: "\n\n") + "\n"
    }

    /// A screen's table: each binding's label and help in order. With
    /// `only`, a binding that map lacks is marked with `note`.
    static func section<C>(_ title: String, _ map: KeyMap<C>, only other: KeyMap<C>? = nil, note: String = "") -> String {
        let theirs = Set((other ?? map).bindings.map(\.label))
        let rows = map.bindings.map { binding in
            let text = binding.help ?? binding.meaning
            let marked = theirs.contains(binding.label) ? text : "(\(note)) " + text
            return "| \(cell(binding.label)) | \(cell(marked)) |"
        }
        return (["#### \(title)", "", "| key | does |", "|---|---|"] + rows).joined(separator: "\n")
    }

    /// The keys every signed-in screen shares.
    static var commonSection: String {
        (["#### Every screen after signing in", "", "| key | does |", "|---|---|"]
            + CommonKey.allCases.map { "| \(cell($0.label)) | \(cell($0.help)) |" }).joined(separator: "\n")
    }

    /// Text as a table cell: a "|" would end the cell.
    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
