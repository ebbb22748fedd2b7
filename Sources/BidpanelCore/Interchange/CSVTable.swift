import CSV
import Foundation

/// A CSV file read through the CSV library, with the line each record starts
/// on and its fields by column name. Structural problems (no header, unknown
/// or missing columns, an unclosed quote, a row of the wrong width) are
/// reported here with file and line.
struct CSVTable {
    struct Row {
        let line: Int
        private let fields: [String: String]

        init(line: Int, fields: [String: String]) {
            self.line = line
            self.fields = fields
        }

        /// The trimmed field, or "" when the column is absent.
        subscript(_ column: String) -> String {
            (fields[column] ?? "").trimmingCharacters(in: .whitespaces)
        }

        /// The field as written (comments keep their spacing).
        func raw(_ column: String) -> String { fields[column] ?? "" }
    }

    let rows: [Row]

    init(text: String, file: String, required: [String], optional: [String]) throws {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() } // spreadsheets often add a byte-order mark
        let refused = TextLimits.csvProblems(text, file: file)
        if !refused.isEmpty { throw DiagnosticsError(refused) }
        if let line = Self.unclosedQuoteLine(text) {
            throw DiagnosticsError([Diagnostic(.error, file: file, line: line,
                                               message: "a quoted field starting on this line is never closed properly",
                                               fix: "add the closing \" at the end of the field (write \"\" for a quote inside it)")])
        }
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        guard let header = reader.next(), !(header.count == 1 && header[0].isEmpty) else {
            throw DiagnosticsError([Diagnostic(.error, file: file, line: 1, message: "the file is empty",
                                               fix: "start with a header row: \(required.joined(separator: ","))")])
        }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [Diagnostic] = []
        let known = required + optional
        // Spreadsheets often save an empty column at the end: ignore columns
        // with no heading as long as they stay empty.
        for column in columns where !column.isEmpty && !known.contains(column) {
            problems.append(Diagnostic(.error, file: file, line: 1,
                                       message: "unknown column \"\(column)\": \(Suggest.hint(for: column, in: known))",
                                       fix: "the header should be: \(known.joined(separator: ","))"))
        }
        for column in required where !columns.contains(column) {
            problems.append(Diagnostic(.error, file: file, line: 1, message: "the header has no \"\(column)\" column",
                                       fix: "the header should be: \(known.joined(separator: ","))"))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }

        var rows: [Row] = []
        var line = 2 + Self.lineBreaks(in: header) // the first record starts after the header
        while let record = reader.next() {
            let start = line
            line += 1 + Self.lineBreaks(in: record)
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if record.count != columns.count {
                problems.append(Diagnostic(.error, file: file, line: start,
                                           message: "this row has \(record.count) fields but the header has \(columns.count)",
                                           fix: "check for a missing or extra comma; quote fields that contain commas"))
                continue
            }
            if let unnamed = zip(columns, record).first(where: { $0.0.isEmpty && !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }) {
                problems.append(Diagnostic(.error, file: file, line: start,
                                           message: "the value \"\(unnamed.1)\" is in a column with no heading",
                                           fix: "give the column a heading, or delete it"))
                continue
            }
            rows.append(Row(line: start, fields: Dictionary(zip(columns, record).filter { !$0.0.isEmpty },
                                                            uniquingKeysWith: { a, _ in a })))
        }
        if let error = reader.error {
            problems.append(Diagnostic(.error, file: file, line: line, message: "the CSV could not be read: \(error)"))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        self.rows = rows
    }

    private static func lineBreaks(in fields: [String]) -> Int {
        fields.reduce(0) { count, field in
            count + field.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
        }
    }

    /// RFC 4180: a quoted field ends with a quote followed by a comma, a line
    /// end or the end of the file. Returns the line where a quoted field
    /// starts that never closes properly, if any. Checking the character
    /// after the closing quote matters: otherwise a forgotten quote silently
    /// swallows every row up to the next quoted field.
    static func unclosedQuoteLine(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        var i = 0, line = 1, openedOn = 1
        var inQuotes = false, atFieldStart = true
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" { i += 2; continue }
                    let next = i + 1 < scalars.count ? scalars[i + 1] : "\n"
                    guard next == "," || next == "\n" || next == "\r" else { return openedOn }
                    inQuotes = false
                } else if c == "\n" {
                    line += 1
                }
                i += 1
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                inQuotes = true
                openedOn = line
                atFieldStart = false
            case ",":
                atFieldStart = true
            case "\n":
                line += 1
                atFieldStart = true
            default:
                atFieldStart = false
            }
            i += 1
        }
        return inQuotes ? openedOn : nil
    }
}

/// Writes RFC 4180 CSV through the CSV library; quotes only where needed.
enum CSVOutput {
    static func write(header: [String], rows: [[String]]) -> String {
        CSVOutputBytes.write(header: header, rows: rows) + "\n"
    }

    /// The same through the CSV library's writer alone: the definition
    /// `CSVOutputBytes` keeps to (a test compares the two).
    static func libraryWrite(header: [String], rows: [[String]]) -> String {
        let stream = OutputStream(toMemory: ())
        // The writer only fails on a stream error, which a memory stream never has.
        let writer = try! CSVWriter(stream: stream)
        try! writer.write(row: header)
        for row in rows {
            let row = row.map(inert)
            try! writer.write(row: row, quotedAtIndex: { row[$0].contains(where: { ",\"\n\r".contains($0) }) })
        }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension CSVOutput {
    /// A spreadsheet runs a cell that starts with = + - @ (or a tab or a
    /// carriage return) as a formula, so a bidder named
    /// `=HYPERLINK("http://…","Kingsmead")` or a comment `=1+cmd|calc!A0`
    /// would act when the chair opens an export in Excel. Such a cell is
    /// written with a leading apostrophe, which spreadsheets show as text
    /// (OWASP's advice). Numbers and ids (letters, digits, `.`, `_`, `-`)
    /// are left as they are, so every value still reads back exactly.
    static func inert(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        if Exact(decimal: cell) != nil || Identifier.isTenderID(cell) { return cell }
        return "'" + cell
    }
}
