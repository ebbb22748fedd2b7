import Foundation
import TOMLKit

/// Loading a panel file (SPEC §1): parse, check every rule, read the bids'
/// answers files. Returns the panel with any warnings, or throws every error.
public enum PanelFile {
    public struct Loaded: Sendable {
        public var panel: Panel
        public var warnings: [Diagnostic]
        /// The panel file's text and its answers files' texts (keyed by the
        /// path as written), so an evaluation can freeze exactly what it read.
        public var text: String = ""
        public var answersFiles: [String: String] = [:]
    }

    /// Reads a file named relative to the panel file; nil when it is missing.
    /// Throws `BoundedFile.Problem` to refuse it with a reason.
    public typealias FileReader = @Sendable (String) throws -> String?

    /// Loads from disk. Answers files are resolved against the panel file's
    /// folder and must sit in it or below it.
    public static func load(path: String) throws -> Loaded {
        let data: Data
        do {
            data = try BoundedFile.read(path, limit: TextLimits.panelFileBytes, what: "the panel file")
        } catch {
            throw DiagnosticsError([Diagnostic(.error, file: path, line: 1, message: error.message, fix: error.fix)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic(.error, file: path, line: firstNonUTF8Line(data),
                                               message: "the panel file is not UTF-8 text (this line has a character in another encoding)",
                                               fix: "save the file as UTF-8 in your editor")])
        }
        let folder = (path as NSString).deletingLastPathComponent
        return try parse(text: text, file: path) { relative in
            try BoundedFile.answers(relative, folder: folder)
        }
    }

    /// Parses panel text; `file` names it in messages, `readFile` supplies
    /// answers files. Pure apart from what `readFile` does.
    public static func parse(text: String, file: String, readFile: FileReader) throws -> Loaded {
        let refused = TextLimits.panelProblems(text, file: file)
        if !refused.isEmpty { throw DiagnosticsError(refused) }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            let lineText = text.split(separator: "\n", omittingEmptySubsequences: false)
                .dropFirst(max(line - 1, 0)).first.map(String.init) ?? ""
            let (message, fix) = explainSyntaxError(error.description, lineText: lineText)
            throw DiagnosticsError([Diagnostic(.error, file: file, line: line, column: error.source.begin.column,
                                               message: message, fix: fix)])
        }
        let reader = TOMLReader(file: file, map: SourceMap(text: text))
        guard var panel = PanelParser(reader: reader).parse(root) else {
            throw DiagnosticsError(reader.diagnostics.filter { $0.severity == .error })
        }
        if !reader.hasErrors {
            PanelValidator(reader: reader, panel: panel).validate()
        }
        var answersFiles: [String: String] = [:]
        if !reader.hasErrors {
            for index in panel.bids.indices {
                guard let path = panel.bids[index].answersPath else { continue }
                // Where a path may lead is the reader's rule: `load` keeps to
                // the panel file's folder; a frozen copy reads from the store.
                let key = "bid[\(index)].answers", bidName = "bid \"\(panel.bids[index].id)\""
                let read: String?
                do {
                    read = try readFile(path)
                } catch let problem as BoundedFile.Problem {
                    reader.error(at: key, "\(bidName): \(problem.message)", fix: problem.fix)
                    continue
                } catch {
                    reader.error(at: key, "\(bidName): the answers file \"\(path)\" cannot be read (\(error))")
                    continue
                }
                guard let answersText = read else {
                    reader.error(at: key, "\(bidName): the answers file \"\(path)\" does not exist or is not a file",
                                 fix: "check the path; it is read relative to the panel file")
                    continue
                }
                let answersProblems = TextLimits.answersProblems(answersText, file: shownPath(path, reader: reader))
                guard answersProblems.isEmpty else {
                    answersProblems.forEach(reader.add)
                    continue
                }
                answersFiles[path] = answersText
                panel.bids[index].answers = readAnswers(answersText, path: path, panel: panel, bidIndex: index, reader: reader)
            }
        }
        let errors = reader.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticsError(errors) }
        return Loaded(panel: panel, warnings: reader.diagnostics, text: text, answersFiles: answersFiles)
    }

    /// The parser's wording is for programmers; say what a person did.
    static func explainSyntaxError(_ description: String, lineText: String) -> (String, String) {
        if lineText.contains(where: { "“”‘’".contains($0) }) {
            return ("this line has curly quotes (“ ” or ‘ ’), probably pasted from a word processor",
                    "use straight quotes (\") around text")
        }
        if description.contains("control characters") || description.contains("unterminated") {
            return ("a quoted text on this line is not closed", "add the closing \" at the end of the text")
        }
        if description.contains("after '\\r'") {
            return ("the file uses old-style line endings (a lone carriage return)",
                    "save it with normal line endings (LF, or CRLF on Windows)")
        }
        return ("this line is not valid TOML (\(description))",
                "check quotes, brackets and \"key = value\" on this line")
    }

    static func firstNonUTF8Line(_ data: Data) -> Int {
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
            where String(data: Data(line), encoding: .utf8) == nil {
            return index + 1
        }
        return 1
    }

    /// Names an answers file as the person can open it from here.
    private static func shownPath(_ path: String, reader: TOMLReader) -> String {
        let folder = (reader.file as NSString).deletingLastPathComponent
        return path.hasPrefix("/") || folder.isEmpty ? path : folder + "/" + path
    }

    private static func readAnswers(_ text: String, path: String, panel: Panel, bidIndex: Int,
                                    reader: TOMLReader) -> [String: String] {
        let bid = panel.bids[bidIndex]
        let parsed = AnswersFile.parse(text)
        let shownPath = shownPath(path, reader: reader)
        for heading in parsed.headings {
            if let problem = AnswersFile.problem(with: heading.key, in: panel) {
                reader.add(Diagnostic(.error, file: shownPath, line: heading.line, column: 1,
                                      message: "bid \"\(bid.id)\": \(problem)",
                                      fix: "use \"## <criterion id>\" headings, or \"## <criterion id>/<principle id>\" for the matrix"))
            }
        }
        if let lines = parsed.unheadedLines {
            let which = lines.count == 1 ? "line \(lines.lowerBound) is" : "lines \(lines.lowerBound)–\(lines.upperBound) are"
            reader.add(Diagnostic(.warning, file: shownPath, line: lines.lowerBound, column: 1,
                                  message: "bid \"\(bid.id)\": \(which) before the first \"## \" heading, so no member will see that text",
                                  fix: "if it is part of an answer, put it under that answer's \"## <criterion id>\" heading"))
        }
        return parsed.answers
    }
}
