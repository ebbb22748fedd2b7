/// What a bidder's summary must never show, taken out of the text the chair
/// wrote (moderation reasons): a panel member's name or id, and another
/// unsuccessful bidder's name or bid id. A reason such as "Kyle thought
/// Brightwater did this better" reads "[a panel member] thought [another
/// bidder] did this better" in Café Mosaic's summary. The winning bid may be
/// named: every summary names it.
struct SummaryRedaction {
    static let member = "[a panel member]"
    static let bidder = "[another bidder]"

    private struct Pattern {
        var text: [Character]
        var anyCase: Bool
        var replacement: String
    }

    private let patterns: [Pattern]

    /// `shown` are the bids this summary may name: the reader's own and the
    /// winning ones.
    init(panel: Panel, shown: Set<String>) {
        var patterns: [Pattern] = []
        for member in panel.members {
            // A full name in any case; its parts and the id only as written,
            // so "Grace" is hidden but "grace period" is not.
            patterns.append(Pattern(text: Array(member.name), anyCase: true, replacement: Self.member))
            let parts = member.name.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" && $0 != "-" })
            for part in parts where part.count >= 3 {
                patterns.append(Pattern(text: Array(part), anyCase: false, replacement: Self.member))
            }
            patterns.append(Pattern(text: Array(member.id), anyCase: false, replacement: Self.member))
        }
        for bid in panel.bids where !shown.contains(bid.id) {
            patterns.append(Pattern(text: Array(bid.bidder), anyCase: true, replacement: Self.bidder))
            patterns.append(Pattern(text: Array(bid.id), anyCase: false, replacement: Self.bidder))
        }
        // Longest first, so a full name goes before its parts.
        self.patterns = patterns.filter { !$0.text.isEmpty }.sorted { $0.text.count > $1.text.count }
    }

    /// The text with each whole-word match replaced.
    func apply(_ text: String) -> String {
        var characters = Array(text)
        for pattern in patterns {
            characters = replace(pattern, in: characters)
        }
        return String(characters)
    }

    private func replace(_ pattern: Pattern, in text: [Character]) -> [Character] {
        let needle = pattern.text
        guard text.count >= needle.count else { return text }
        var out: [Character] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if i + needle.count <= text.count, isBoundary(text, before: i), isBoundary(text, before: i + needle.count),
               matches(needle, text, at: i, anyCase: pattern.anyCase) {
                out += pattern.replacement
                i += needle.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    private func matches(_ needle: [Character], _ text: [Character], at start: Int, anyCase: Bool) -> Bool {
        for (offset, character) in needle.enumerated() {
            let other = text[start + offset]
            if other == character { continue }
            if !anyCase || other.lowercased() != character.lowercased() { return false }
        }
        return true
    }

    /// A word starts or ends here: no letter or digit on both sides.
    private func isBoundary(_ text: [Character], before index: Int) -> Bool {
        guard index > 0, index < text.count else { return true }
        let isWord: (Character) -> Bool = { $0.isLetter || $0.isNumber }
        return !(isWord(text[index - 1]) && isWord(text[index]))
    }
}
