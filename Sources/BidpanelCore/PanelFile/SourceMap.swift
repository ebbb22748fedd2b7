/// Where each key and value sits in a TOML text, so that every validation
/// message can name a line and column.
///
/// TOMLKit parses the document but keeps no positions, so this small scanner
/// walks the same text (after TOMLKit has accepted it) and records, for every
/// path such as `criterion[2].weight` or `scale[0].points[3].value`, the
/// position of the key (or array element) and the raw text of a scalar value.
/// Raw number text lets weights like `33.3` be read exactly, never through a
/// binary floating-point value.
public struct SourceMap: Sendable {
    public struct Entry: Sendable, Equatable {
        public var line: Int
        public var column: Int
        /// The value's text as written, for numbers and other bare scalars.
        public var raw: String?
    }

    public private(set) var entries: [String: Entry] = [:]

    public init(text: String) {
        var scanner = Scanner(chars: Array(text.unicodeScalars))
        scanner.scanDocument()
        entries = scanner.entries
    }

    /// The position of `path`, or of its nearest recorded parent.
    public func position(of path: String) -> (line: Int, column: Int) {
        var current = path
        while true {
            if let e = entries[current] { return (e.line, e.column) }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            current = String(current[..<cut])
        }
        return (1, 1)
    }

    public func raw(_ path: String) -> String? { entries[path]?.raw }
}

private struct Scanner {
    let chars: [Unicode.Scalar]
    var i = 0
    var line = 1
    var column = 1
    var entries: [String: SourceMap.Entry] = [:]
    var arrayTableCounts: [String: Int] = [:]

    init(chars: [Unicode.Scalar]) { self.chars = chars }

    var current: Unicode.Scalar? { i < chars.count ? chars[i] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        i + offset < chars.count ? chars[i + offset] : nil
    }

    mutating func advance() {
        guard i < chars.count else { return }
        if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
        i += 1
    }

    /// The first position recorded for a path wins (the key, or the array
    /// element), so a message about a key points at the key, whatever its
    /// value; a later call only adds the raw value text.
    mutating func record(_ path: String, raw: String? = nil, line: Int, column: Int) {
        if entries[path] == nil {
            entries[path] = .init(line: line, column: column, raw: raw)
        } else if let raw {
            entries[path]?.raw = raw
        }
    }

    mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { advance() }
    }

    /// Skips spaces, newlines and comments (inside arrays).
    mutating func skipBlank() {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
            else if c == "#" { skipToEndOfLine() }
            else { break }
        }
    }

    mutating func skipToEndOfLine() {
        while let c = current, c != "\n" { advance() }
    }

    mutating func scanDocument() {
        var prefix = ""
        while current != nil {
            skipBlank()
            guard let c = current else { break }
            if c == "[" {
                prefix = scanHeader()
            } else {
                scanKeyValue(prefix: prefix)
            }
            skipSpaces()
            if current == "#" { skipToEndOfLine() }
            // Anything left on a line (malformed input) is skipped safely.
            while let c = current, c != "\n" { advance() }
        }
    }

    mutating func scanHeader() -> String {
        let startLine = line, startColumn = column
        advance()
        let isArray = current == "["
        if isArray { advance() }
        let keys = scanKeyPath()
        while let c = current, c != "\n", c != "]" { advance() }
        while current == "]" { advance() }
        var resolved = ""
        for (index, key) in keys.enumerated() {
            let candidate = resolved.isEmpty ? key : resolved + "." + key
            if isArray && index == keys.count - 1 {
                // The bare name (`critera`) is placed at its first header, so
                // a message about the whole array, such as an unknown key,
                // names that line rather than line 1.
                record(candidate, line: startLine, column: startColumn)
                let n = arrayTableCounts[candidate, default: 0]
                arrayTableCounts[candidate] = n + 1
                resolved = "\(candidate)[\(n)]"
            } else if let n = arrayTableCounts[candidate] {
                resolved = "\(candidate)[\(n - 1)]"
            } else {
                resolved = candidate
            }
        }
        record(resolved, line: startLine, column: startColumn)
        return resolved
    }

    /// Reads `a.b."c d"` and returns its parts.
    mutating func scanKeyPath() -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let c = current else { break }
            if c == "\"" || c == "'" {
                parts.append(scanString())
            } else {
                var key = ""
                while let k = current, k.properties.isAlphabetic || ("0"..."9").contains(k) || k == "_" || k == "-" {
                    key.unicodeScalars.append(k)
                    advance()
                }
                if key.isEmpty { break }
                parts.append(key)
            }
            skipSpaces()
            if current == "." { advance() } else { break }
        }
        return parts
    }

    mutating func scanKeyValue(prefix: String) {
        let keyLine = line, keyColumn = column
        let keys = scanKeyPath()
        guard !keys.isEmpty else { advance(); return }
        skipSpaces()
        guard current == "=" else { return }
        advance()
        skipSpaces()
        let path = ([prefix] + keys).filter { !$0.isEmpty }.joined(separator: ".")
        record(path, line: keyLine, column: keyColumn)
        scanValue(path: path)
    }

    mutating func scanValue(path: String) {
        let startLine = line, startColumn = column
        guard let c = current else { return }
        switch c {
        case "\"", "'":
            _ = scanString()
        case "[":
            advance()
            var index = 0
            while true {
                skipBlank()
                guard let c = current else { return }
                if c == "]" { advance(); return }
                if c == "," { advance(); index += 1; continue }
                let element = "\(path)[\(index)]"
                record(element, line: line, column: column)
                let before = i
                scanValue(path: element)
                if i == before { advance() }
            }
        case "{":
            advance()
            while true {
                skipSpaces()
                guard let c = current else { return }
                if c == "}" { advance(); return }
                if c == "," { advance(); continue }
                if c == "\n" { return }
                let keyLine = line, keyColumn = column
                let keys = scanKeyPath()
                skipSpaces()
                guard !keys.isEmpty, current == "=" else { advance(); continue }
                advance()
                skipSpaces()
                let child = ([path] + keys).joined(separator: ".")
                record(child, line: keyLine, column: keyColumn)
                scanValue(path: child)
            }
        default:
            var raw = ""
            while let k = current, !" \t\r\n,]}#".unicodeScalars.contains(k) {
                raw.unicodeScalars.append(k)
                advance()
            }
            record(path, raw: raw, line: startLine, column: startColumn)
        }
    }

    /// Skips a basic, literal or multi-line string; returns its content
    /// (escapes are kept as written: only keys use the content).
    mutating func scanString() -> String {
        guard let quote = current else { return "" }
        let multi = peek(1) == quote && peek(2) == quote
        if multi { advance(); advance(); advance() } else { advance() }
        var content = ""
        while let c = current {
            if c == "\\" && quote == "\"" {
                content.unicodeScalars.append(c)
                advance()
                if let n = current { content.unicodeScalars.append(n); advance() }
                continue
            }
            if c == quote {
                if !multi { advance(); return content }
                if peek(1) == quote && peek(2) == quote {
                    advance(); advance(); advance()
                    // A multi-line string may end with up to two extra quotes.
                    while current == quote { advance() }
                    return content
                }
            }
            if c == "\n" && !multi { return content }
            content.unicodeScalars.append(c)
            advance()
        }
        return content
    }
}
