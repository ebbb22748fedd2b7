import Foundation

/// A bid's answers: Markdown with one `## <criterion id>` heading per answer;
/// a matrix criterion may be split into `## <criterion id>/<principle id>`
/// (SPEC §1).
///
/// What a heading may look like: `##` then the id, with any spaces or tabs
/// around it and around the `/` (`## Coproduction / capabilities `), and in
/// any case, as long as that names one criterion of the panel. Bidders write
/// headings by hand; an id in capitals cannot mean anything else. Anything
/// less certain (`# coproduction`, `### coproduction`, `## coproduction:`)
/// is not a heading, or is an error at its line when it starts with `## `.
public enum AnswersFile {
    public struct Parsed: Sendable {
        /// The text under each heading, keyed by the heading's first
        /// spelling; headings equal but for case share one entry.
        public var answers: [String: String]
        public var headings: [(key: String, line: Int)]
        /// The first and last line of text before the first heading that no
        /// member would ever see (a `# title` line and blank lines aside).
        public var unheadedLines: ClosedRange<Int>?
    }

    public static func parse(_ text: String) -> Parsed {
        var answers: [String: String] = [:]
        var headings: [(key: String, line: Int)] = []
        var unheaded: ClosedRange<Int>?
        var currentKey: String?
        var body: [Substring] = []
        func finish() {
            guard let key = currentKey else { return }
            let joined = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !joined.isEmpty || answers[key] == nil else { return }
            answers[key] = answers[key].map { $0.isEmpty ? joined : joined.isEmpty ? $0 : $0 + "\n\n" + joined } ?? joined
        }
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would
        // leave a file saved on Windows as one line with no headings.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            if let written = heading(in: line) {
                finish()
                let key = answers.keys.first { same($0, written) } ?? written
                currentKey = key
                headings.append((written, index + 1))
                body = []
            } else if currentKey != nil {
                body.append(line)
            } else {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let isTitle = trimmed.hasPrefix("# ") || trimmed == "#"
                if !trimmed.isEmpty && !isTitle {
                    unheaded = (unheaded?.lowerBound ?? index + 1)...(index + 1)
                }
            }
        }
        finish()
        return Parsed(answers: answers, headings: headings, unheadedLines: unheaded)
    }

    /// The key a line names when it is an answer heading, spaces tidied:
    /// "  ##  Coproduction / capabilities " gives "Coproduction/capabilities".
    static func heading(in line: Substring) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("##") else { return nil }
        let rest = trimmed.dropFirst(2)
        // "###" is a sub-heading inside an answer; "##x" is not Markdown.
        guard let first = rest.first, first == " " || first == "\t" else { return nil }
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return parts.joined(separator: "/")
    }

    /// Two keys that name the same answer: equal but for case.
    static func same(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.caseInsensitive]) == .orderedSame
    }

    /// What is wrong with a heading, or nil when it names a real criterion
    /// (or a matrix criterion's principle).
    static func problem(with key: String, in panel: Panel) -> String? {
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let criterionID = parts.first ?? ""
        let matching = panel.criteria.filter { same($0.id, criterionID) }
        if matching.count > 1 {
            return "the heading \"## \(key)\" could be criterion \(matching.map { "\"\($0.id)\"" }.joined(separator: " or ")), which differ only in capitals"
        }
        guard let criterion = matching.first else {
            return "the heading \"## \(key)\" names no criterion of this panel: "
                + Suggest.hint(for: criterionID, in: panel.criteria.map(\.id))
        }
        guard parts.count == 2 else { return nil }
        guard criterion.kind == .matrix else {
            return "\"## \(key)\": only a matrix criterion can be split by principle, and \"\(criterion.id)\" is \(criterion.kind.rawValue)"
        }
        if !panel.matrix.principles.contains(where: { same($0.id, parts[1]) }) {
            return "\"## \(key)\" names no matrix principle: "
                + Suggest.hint(for: parts[1], in: panel.matrix.principles.map(\.id))
        }
        return nil
    }
}

/// What a member reads for one step: the bidder's answer to a criterion, or
/// to one principle of a matrix criterion. A matrix answer may be written in
/// one piece (`## coproduction`), split (`## coproduction/capabilities`), or
/// both; every part that bears on the step is shown, and "no answer" only
/// when there is none.
public struct BidAnswer: Sendable, Equatable {
    /// The text under `## criterion/principle`, when the step is a principle.
    public var principlePart: String?
    /// The text under `## criterion`.
    public var whole: String?
    /// Whether the step is one principle of a matrix criterion.
    public var forPrinciple: Bool

    public static let none = "(The bidder gave no answer for this part.)"
    public static let wholeOnlyNote = "(They answered this criterion in one piece, not principle by principle. It is the same text on each principle.)"
    public static let principleLabel = "On this principle:"
    public static let wholeLabel = "On the criterion as a whole:"

    public var isMissing: Bool { principlePart == nil && whole == nil }

    /// The text to show, labelled where it is not simply the answer to this
    /// step.
    public var text: String {
        switch (principlePart, whole) {
        case (nil, nil): return Self.none
        case let (part?, nil): return part
        case let (nil, whole?): return forPrinciple ? Self.wholeOnlyNote + "\n\n" + whole : whole
        case let (part?, whole?): return Self.principleLabel + "\n" + part + "\n\n" + Self.wholeLabel + "\n" + whole
        }
    }
}

extension Bid {
    /// The bidder's answer for a criterion, or for one principle of it.
    /// Headings match ids whatever their case (see `AnswersFile`).
    public func answer(criterion: String, principle: String? = nil) -> BidAnswer {
        func text(_ key: String) -> String? {
            let found = answers.first { AnswersFile.same($0.key, key) }?.value
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return found?.isEmpty == false ? found : nil
        }
        return BidAnswer(principlePart: principle.flatMap { text(criterion + "/" + $0) },
                         whole: text(criterion), forPrinciple: principle != nil)
    }
}
