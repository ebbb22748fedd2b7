import Foundation
import TOMLKit

/// Loading a panel file (SPEC §1): parse, check every rule, read the bids'
/// answers files. Returns the panel with any warnings, or throws every error.
public enum PanelFile {
    public struct Loaded: Sendable {
        public var panel: Panel
        public var warnings: [Diagnostic]
    }

    /// Reads a file named relative to the panel file; nil when it is missing.
    public typealias FileReader = @Sendable (String) -> String?

    /// Loads from disk. Answers files are resolved against the panel file's
    /// folder.
    public static func load(path: String) throws -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw DiagnosticsError([Diagnostic(.error, file: path, line: 1, message: exists
                ? "cannot read the panel file (check its permissions)"
                : "there is no panel file here", fix: exists ? nil : "check the path and spelling")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic(.error, file: path, line: 1,
                                               message: "the panel file is not UTF-8 text", fix: "save it as UTF-8")])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try parse(text: text, file: path) { relative in
            let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : folder.appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Parses panel text; `file` names it in messages, `readFile` supplies
    /// answers files. Pure apart from what `readFile` does.
    public static func parse(text: String, file: String, readFile: FileReader) throws -> Loaded {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw DiagnosticsError([Diagnostic(
                .error, file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: "this is not valid TOML: \(error.description)",
                fix: "check quotes, brackets and \"key = value\" on this line")])
        }
        let reader = TOMLReader(file: file, map: SourceMap(text: text))
        guard var panel = PanelParser(reader: reader).parse(root) else {
            throw DiagnosticsError(reader.diagnostics.filter { $0.severity == .error })
        }
        if !reader.hasErrors {
            PanelValidator(reader: reader, panel: panel).validate()
        }
        if !reader.hasErrors {
            for index in panel.bids.indices {
                panel.bids[index].answers = readAnswers(panel: panel, bidIndex: index, reader: reader, readFile: readFile)
            }
        }
        let errors = reader.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticsError(errors) }
        return Loaded(panel: panel, warnings: reader.diagnostics)
    }

    private static func readAnswers(panel: Panel, bidIndex: Int, reader: TOMLReader,
                                    readFile: FileReader) -> [String: String] {
        let bid = panel.bids[bidIndex]
        guard let path = bid.answersPath else { return [:] }
        guard let text = readFile(path) else {
            reader.error(at: "bid[\(bidIndex)].answers", "bid \"\(bid.id)\": the answers file \"\(path)\" does not exist",
                         fix: "check the path; it is read relative to the panel file")
            return [:]
        }
        let parsed = AnswersFile.parse(text)
        // Name the answers file as the person can open it from here.
        let folder = (reader.file as NSString).deletingLastPathComponent
        let shownPath = path.hasPrefix("/") || folder.isEmpty ? path : folder + "/" + path
        for heading in parsed.headings {
            if let problem = AnswersFile.problem(with: heading.key, in: panel) {
                reader.add(Diagnostic(.error, file: shownPath, line: heading.line, column: 1,
                                      message: "bid \"\(bid.id)\": \(problem)",
                                      fix: "use \"## <criterion id>\" headings, or \"## <criterion id>/<principle id>\" for the matrix"))
            }
        }
        return parsed.answers
    }
}

/// A bid's answers: Markdown with one `## <criterion id>` heading per answer.
public enum AnswersFile {
    public struct Parsed: Sendable {
        public var answers: [String: String]
        public var headings: [(key: String, line: Int)]
    }

    public static func parse(_ text: String) -> Parsed {
        var answers: [String: String] = [:]
        var headings: [(key: String, line: Int)] = []
        var currentKey: String?
        var body: [Substring] = []
        func finish() {
            guard let key = currentKey else { return }
            let joined = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            answers[key] = answers[key].map { $0 + "\n\n" + joined } ?? joined
        }
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would
        // leave a file saved on Windows as one line with no headings.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("## ") {
                finish()
                let key = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                currentKey = key
                headings.append((key, index + 1))
                body = []
            } else if currentKey != nil {
                body.append(line)
            }
        }
        finish()
        return Parsed(answers: answers, headings: headings)
    }

    /// What is wrong with a heading, or nil when it names a real criterion
    /// (or a matrix criterion's principle).
    static func problem(with key: String, in panel: Panel) -> String? {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        let criterionID = parts.first ?? ""
        guard let criterion = panel.criterion(id: criterionID) else {
            return "the heading \"## \(key)\" names no criterion of this panel: "
                + Suggest.hint(for: criterionID, in: panel.criteria.map(\.id))
        }
        guard parts.count == 2 else { return nil }
        guard criterion.kind == .matrix else {
            return "\"## \(key)\": only a matrix criterion can be split by principle, and \"\(criterionID)\" is \(criterion.kind.rawValue)"
        }
        if panel.matrix.principle(id: parts[1]) == nil {
            return "\"## \(key)\" names no matrix principle: "
                + Suggest.hint(for: parts[1], in: panel.matrix.principles.map(\.id))
        }
        return nil
    }
}
