/// A minimal JSON value that keeps key order and writes numbers exactly as
/// given, so a published figure is never re-rounded through a Double.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// Already formatted decimal text, written without quotes.
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    public func serialized(indent: Int = 0) -> String {
        var out = ""
        write(to: &out, indent: indent)
        return out
    }

    /// Appends to one string: a grants round's result is megabytes of JSON,
    /// and joining each level's strings copied it once per level.
    private func write(to out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .number(text): out += text
        case let .string(text): JSON.quote(text, to: &out)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                if index > 0 { out += ",\n" }
                JSON.pad(&out, indent + 1)
                item.write(to: &out, indent: indent + 1)
            }
            out += "\n"
            JSON.pad(&out, indent)
            out += "]"
        case let .object(fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{\n"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += ",\n" }
                JSON.pad(&out, indent + 1)
                JSON.quote(field.0, to: &out)
                out += ": "
                field.1.write(to: &out, indent: indent + 1)
            }
            out += "\n"
            JSON.pad(&out, indent)
            out += "}"
        }
    }

    private static func pad(_ out: inout String, _ indent: Int) {
        for _ in 0..<indent { out += "  " }
    }

    static func quote(_ text: String) -> String {
        var out = ""
        quote(text, to: &out)
        return out
    }

    static func quote(_ text: String, to out: inout String) {
        // Nearly all text is printable ASCII with nothing to escape.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // C0, DEL, C1 and bidi controls as \u escapes: the text is kept
            // exactly, and the file is still safe to show on a terminal.
            case _ where SafeText.unsafe(scalar, singleLine: true):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
