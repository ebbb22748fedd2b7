import BidpanelCore

/// The start of a screen's help: its title, then what it is for, wrapped
/// to the help box so no sentence is cut; the key map's lines follow.
enum HelpIntro {
    static func lines(_ title: String, _ sentences: String, width: Int) -> [String] {
        [title] + DisplayWidth.wrap(sentences, width: width) + [""]
    }
}
