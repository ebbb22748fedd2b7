import TOMLKit

/// Typed reads from a parsed TOML document that collect every problem as a
/// `Diagnostic` placed by the `SourceMap`, instead of stopping at the first.
final class TOMLReader {
    let file: String
    let map: SourceMap
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, map: SourceMap) {
        self.file = file
        self.map = map
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func error(at path: String, _ message: String, fix: String? = nil) {
        let p = map.position(of: path)
        diagnostics.append(Diagnostic(.error, file: file, line: p.line, column: p.column, message: message, fix: fix))
    }

    func warning(at path: String, _ message: String, fix: String? = nil) {
        let p = map.position(of: path)
        diagnostics.append(Diagnostic(.warning, file: file, line: p.line, column: p.column, message: message, fix: fix))
    }

    func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// A human name for a path: `[[criterion]] number 3` reads better than
    /// `criterion[2]`.
    func describe(_ path: String) -> String { path.isEmpty ? "the top level" : "\"\(path)\"" }

    /// Reports keys the format does not know, with a suggestion.
    func checkKeys(_ table: TOMLTable, path: String, allowed: [String], what: String) {
        for key in table.keys where !allowed.contains(key) {
            if let home = PanelParser.sectionsByKey[key], Suggest.closest(to: key, in: allowed) == nil {
                error(at: Self.join(path, key), "\"\(key)\" does not belong in \(what)",
                      fix: "move this line to \(home)")
            } else {
                error(at: Self.join(path, key),
                      "unknown key \"\(key)\" in \(what): \(Suggest.hint(for: key, in: allowed))",
                      fix: "correct the spelling or remove the line")
            }
        }
    }

    private func wrongType(_ path: String, _ key: String, expected: String, what: String) {
        error(at: Self.join(path, key), "\"\(key)\" in \(what) must be \(expected)")
    }

    private func missing(_ path: String, _ key: String, what: String, example: String) {
        error(at: path, "\(what) has no \"\(key)\"", fix: "add a line such as: \(key) = \(example)")
    }

    func string(_ table: TOMLTable, _ key: String, path: String, what: String,
                required: Bool = false, example: String = "\"…\"") -> String? {
        guard let value = table[key] else {
            if required { missing(path, key, what: what, example: example) }
            return nil
        }
        guard let text = value.string else {
            wrongType(path, key, expected: "text in quotes, such as \(example)", what: what)
            return nil
        }
        if required && text.trimmingCharacters(in: .whitespaces).isEmpty {
            error(at: Self.join(path, key), "\"\(key)\" in \(what) is empty", fix: "write something between the quotes")
            return nil
        }
        return text
    }

    /// A number read exactly: from the raw source text where the value is a
    /// float, so `33.3` means thirty-three and three tenths, not the nearest
    /// binary fraction.
    func number(_ table: TOMLTable, _ key: String, path: String, what: String,
                required: Bool = false, example: String = "10") -> Exact? {
        guard let value = table[key] else {
            if required { missing(path, key, what: what, example: example) }
            return nil
        }
        let fullPath = Self.join(path, key)
        if let int = value.int { return Exact(int) }
        if let double = value.double {
            // Without the raw text (never for a file the map could scan), the
            // parser's double is written out in full or refused.
            let written = map.raw(fullPath) ?? (double.isFinite ? "\(double)" : "")
            if let problem = TextLimits.numberProblem(written) {
                error(at: fullPath, "\"\(key)\" in \(what): \(problem.message)", fix: problem.fix)
                return nil
            }
            if let exact = Exact(decimal: written.replacingOccurrences(of: "_", with: "")) { return exact }
            error(at: fullPath, "\"\(key)\" in \(what) must be an ordinary number", fix: "write it in full, such as \(example)")
            return nil
        }
        wrongType(path, key, expected: "a number, such as \(example) (no quotes)", what: what)
        return nil
    }

    func integer(_ table: TOMLTable, _ key: String, path: String, what: String,
                 required: Bool = false, example: String = "1") -> Int? {
        guard let value = table[key] else {
            if required { missing(path, key, what: what, example: example) }
            return nil
        }
        guard let int = value.int else {
            wrongType(path, key, expected: "a whole number, such as \(example)", what: what)
            return nil
        }
        return int
    }

    func bool(_ table: TOMLTable, _ key: String, path: String, what: String) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else {
            wrongType(path, key, expected: "true or false (no quotes)", what: what)
            return nil
        }
        return flag
    }

    func strings(_ table: TOMLTable, _ key: String, path: String, what: String,
                 required: Bool = false, example: String = "[\"…\", \"…\"]") -> [String]? {
        guard let value = table[key] else {
            if required { missing(path, key, what: what, example: example) }
            return nil
        }
        guard let array = value.array else {
            wrongType(path, key, expected: "a list in square brackets, such as \(example)", what: what)
            return nil
        }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.string else {
                error(at: "\(Self.join(path, key))[\(index)]",
                      "item \(index + 1) of \"\(key)\" in \(what) must be text in quotes")
                return nil
            }
            result.append(text)
        }
        return result
    }

    func table(_ table: TOMLTable, _ key: String, path: String, what: String) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let inner = value.table else {
            wrongType(path, key, expected: "a table", what: what)
            return nil
        }
        return inner
    }

    /// An array of tables (`[[x]]`, or a list of `{ … }`), each with its path.
    func tables(_ table: TOMLTable, _ key: String, path: String, what: String) -> [(TOMLTable, String)] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else {
            wrongType(path, key, expected: "a list of tables ([[\(key)]] sections or { … } entries)", what: what)
            return []
        }
        var result: [(TOMLTable, String)] = []
        for (index, element) in array.enumerated() {
            let elementPath = "\(Self.join(path, key))[\(index)]"
            guard let inner = element.table else {
                error(at: elementPath, "entry \(index + 1) of \"\(key)\" must be a table such as { id = \"…\", … }")
                continue
            }
            result.append((inner, elementPath))
        }
        return result
    }

    /// Reads an enumerated setting such as `kind = "scored"`.
    func choice<T: RawRepresentable & CaseIterable>(_ table: TOMLTable, _ key: String, path: String,
                                                   what: String, default fallback: T?) -> T?
        where T.RawValue == String {
        guard let text = string(table, key, path: path, what: what, required: fallback == nil,
                                example: "\"\(T.allCases.first!.rawValue)\"") else { return fallback }
        if let value = T(rawValue: text) { return value }
        error(at: Self.join(path, key),
              "\"\(text)\" is not a valid \(key) in \(what): \(Suggest.hint(for: text, in: T.allCases.map(\.rawValue)))")
        return nil
    }
}
