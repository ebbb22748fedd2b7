import CSV
import Foundation

/// A CSV file read (by CSVRecords) with the line each record starts on and
/// its fields by column name. Structural problems (no header, unknown
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
        var rows: [Row] = []
        try Self.read(text: text, file: file, required: required, optional: optional) { record in
            rows.append(Row(line: record.line, fields: record.fieldsByColumn()))
        }
        self.rows = rows
    }

    /// One record of the body, handed to `read`'s closure and valid only
    /// while it runs. Columns are named by their place in `required +
    /// optional`, so no row looks a column's name up.
    struct Record {
        let line: Int
        let text: CSVBytes
        let fields: [CSVBytes.Field]
        let columns: Columns

        /// The trimmed field, or "" when the column is absent.
        func trimmed(_ known: Int) -> String {
            columns.positions[known].map { text.trimmed(fields[$0]) } ?? ""
        }

        /// The field as written, or "" when the column is absent.
        func raw(_ known: Int) -> String {
            columns.positions[known].map { text.raw(fields[$0]) } ?? ""
        }

        /// The field itself, to compare with the row before; nil when absent.
        func field(_ known: Int) -> CSVBytes.Field? {
            columns.positions[known].map { fields[$0] }
        }

        /// Every named column's field as written (the first of a repeated name).
        func fieldsByColumn() -> [String: String] {
            Dictionary(zip(columns.names, fields).filter { !$0.0.isEmpty }.map { ($0.0, text.raw($0.1)) },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    struct Columns {
        /// The header's names, trimmed and in lower case.
        let names: [String]
        /// For each of `required + optional`, where the first column of that name is.
        let positions: [Int?]
    }

    /// Reads the text as `init` does, handing each record that is not blank
    /// to `body` in turn. Structural problems (no header, unknown or missing
    /// columns, an unclosed quote, a row of the wrong width) are thrown,
    /// with file and line, once every record has been read; they take the
    /// place of any problem `body` finds, as when the table was read first.
    static func read(text: String, file: String, required: [String], optional: [String],
                     body: (Record) throws -> Void) throws {
        var text = text
        // Spreadsheets often add a byte-order mark. Only a whole first
        // character counts, as `hasPrefix` sees it.
        let skip = text.hasPrefix("\u{FEFF}") ? text.utf8.distance(from: text.startIndex, to: text.index(after: text.startIndex)) : 0
        try text.withUTF8 { whole in
            let bytes = UnsafeBufferPointer(rebasing: whole[skip...])
            try read(bytes: bytes, file: file, required: required, optional: optional, body: body)
        }
    }

    private static func read(bytes: UnsafeBufferPointer<UInt8>, file: String, required: [String], optional: [String],
                             body: (Record) throws -> Void) throws {
        let refused = TextLimits.csvProblems(bytes, file: file)
        if !refused.isEmpty { throw DiagnosticsError(refused) }
        if let line = Self.unclosedQuoteLine(bytes) {
            throw DiagnosticsError([Diagnostic(.error, file: file, line: line,
                                               message: "a quoted field starting on this line is never closed properly",
                                               fix: "add the closing \" at the end of the field (write \"\" for a quote inside it)")])
        }
        var reader = CSVRecords(bytes)
        let text = reader.text
        var fields: [CSVBytes.Field] = []
        guard let headerBreaks = reader.next(into: &fields),
              !(fields.count == 1 && text.raw(fields[0]).isEmpty) else {
            throw DiagnosticsError([Diagnostic(.error, file: file, line: 1, message: "the file is empty",
                                               fix: "start with a header row: \(required.joined(separator: ","))")])
        }
        let names = fields.map { text.raw($0).trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [Diagnostic] = []
        let known = required + optional
        // Spreadsheets often save an empty column at the end: ignore columns
        // with no heading as long as they stay empty.
        for column in names where !column.isEmpty && !known.contains(column) {
            problems.append(Diagnostic(.error, file: file, line: 1,
                                       message: "unknown column \"\(column)\": \(Suggest.hint(for: column, in: known))",
                                       fix: "the header should be: \(known.joined(separator: ","))"))
        }
        for column in required where !names.contains(column) {
            problems.append(Diagnostic(.error, file: file, line: 1, message: "the header has no \"\(column)\" column",
                                       fix: "the header should be: \(known.joined(separator: ","))"))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        let columns = Columns(names: names, positions: known.map { names.firstIndex(of: $0) })

        var line = 2 + headerBreaks // the first record starts after the header
        while let breaks = reader.next(into: &fields) {
            let start = line
            line += 1 + breaks
            if fields.allSatisfy(text.isBlank) { continue }
            if fields.count != names.count {
                problems.append(Diagnostic(.error, file: file, line: start,
                                           message: "this row has \(fields.count) fields but the header has \(names.count)",
                                           fix: "check for a missing or extra comma; quote fields that contain commas"))
                continue
            }
            if let unnamed = zip(names, fields).first(where: { $0.0.isEmpty && !text.isBlank($0.1) }) {
                problems.append(Diagnostic(.error, file: file, line: start,
                                           message: "the value \"\(text.raw(unnamed.1))\" is in a column with no heading",
                                           fix: "give the column a heading, or delete it"))
                continue
            }
            // Once the file is known to be bad, its rows need no more reading.
            if problems.isEmpty {
                try body(Record(line: start, text: text, fields: fields, columns: columns))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    /// RFC 4180: a quoted field ends with a quote followed by a comma, a line
    /// end or the end of the file. Returns the line where a quoted field
    /// starts that never closes properly, if any. Checking the character
    /// after the closing quote matters: otherwise a forgotten quote silently
    /// swallows every row up to the next quoted field. (Every character that
    /// matters is ASCII, so bytes stand in for characters.)
    static func unclosedQuoteLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0, line = 1, openedOn = 1
        var inQuotes = false, atFieldStart = true
        let count = bytes.count
        while i < count {
            let c = bytes[i]
            if inQuotes {
                if c == Byte.quote {
                    if i + 1 < count, bytes[i + 1] == Byte.quote { i += 2; continue }
                    let next = i + 1 < count ? bytes[i + 1] : Byte.lineFeed
                    guard next == Byte.comma || next == Byte.lineFeed || next == Byte.carriageReturn else { return openedOn }
                    inQuotes = false
                } else if c == Byte.lineFeed {
                    line += 1
                }
                i += 1
                continue
            }
            switch c {
            case Byte.quote where atFieldStart:
                inQuotes = true
                openedOn = line
                atFieldStart = false
            case Byte.comma:
                atFieldStart = true
            case Byte.lineFeed:
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
