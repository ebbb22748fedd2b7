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
    public typealias FileReader = @Sendable (String) -> String?

    /// Loads from disk. Answers files are resolved against the panel file's
    /// folder.
    public static func load(path: String) throws -> Loaded {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        guard exists, !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
            let message = !exists ? "there is no panel file here"
                : isFolder.boolValue ? "this is a folder, not a panel file" : "cannot read the panel file (check its permissions)"
            throw DiagnosticsError([Diagnostic(.error, file: path, line: 1, message: message,
                                               fix: exists ? nil : "check the path and spelling")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic(.error, file: path, line: firstNonUTF8Line(data),
                                               message: "the panel file is not UTF-8 text (this line has a character in another encoding)",
                                               fix: "save the file as UTF-8 in your editor")])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try parse(text: text, file: path) { relative in
            let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : folder.appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue,
                  let data = FileManager.default.contents(atPath: url.path) else { return nil }
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
                guard let answersText = readFile(path) else {
                    reader.error(at: "bid[\(index)].answers", "bid \"\(panel.bids[index].id)\": the answers file \"\(path)\" does not exist or is not a file",
                                 fix: "check the path; it is read relative to the panel file")
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

    private static func readAnswers(_ text: String, path: String, panel: Panel, bidIndex: Int,
                                    reader: TOMLReader) -> [String: String] {
        let bid = panel.bids[bidIndex]
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
        if let lines = parsed.unheadedLines {
            let which = lines.count == 1 ? "line \(lines.lowerBound) is" : "lines \(lines.lowerBound)–\(lines.upperBound) are"
            reader.add(Diagnostic(.warning, file: shownPath, line: lines.lowerBound, column: 1,
                                  message: "bid \"\(bid.id)\": \(which) before the first \"## \" heading, so no member will see that text",
                                  fix: "if it is part of an answer, put it under that answer's \"## <criterion id>\" heading"))
        }
        return parsed.answers
    }
}
