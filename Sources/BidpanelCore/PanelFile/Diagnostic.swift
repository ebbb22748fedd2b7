/// One problem found in a file a person wrote: where it is, what is wrong
/// and what to do about it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// What to do, in a sentence; nil when the message already says it.
    public var fix: String?

    public init(_ severity: Severity, file: String, line: Int, column: Int = 1,
                message: String, fix: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.fix = fix
    }

    /// `file:line:column: error: message. fix` — the form compilers use, so
    /// editors can jump to the place.
    public var description: String {
        var text = "\(file):\(line):\(column): \(severity.rawValue): \(message)"
        if let fix { text += "\n    fix: \(fix)" }
        return text
    }
}

/// Thrown when a file has errors; carries every problem found, not just the
/// first, so a person can fix them all in one pass.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// "Did you mean" suggestions for misspelt keys and ids.
public enum Suggest {
    /// The closest candidate within a small edit distance, if any.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        // The edit distance grows with the product of the lengths: a
        // million-character id took 12 s. No real id is this long.
        guard word.utf8.count <= TextLimits.suggestedLength else { return nil }
        let lowered = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates where candidate.utf8.count <= TextLimits.suggestedLength {
            let distance = editDistance(lowered, candidate.lowercased())
            let limit = max(1, min(3, candidate.count / 3))
            if distance <= limit, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// `did you mean "x"?` or, failing that, the list of what is allowed.
    public static func hint(for word: String, in candidates: [String]) -> String {
        if let match = closest(to: word, in: candidates) { return "did you mean \"\(match)\"?" }
        let shown = candidates.prefix(12).map { "\"\($0)\"" }.joined(separator: ", ")
        return "expected one of: \(shown)\(candidates.count > 12 ? ", …" : "")"
    }

    /// Edits (insert, delete, replace, or swap two neighbouring letters)
    /// from one word to the other: `lable` is one edit from `label`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, row) = (previous, row, beforePrevious)
        }
        return previous[b.count]
    }
}
