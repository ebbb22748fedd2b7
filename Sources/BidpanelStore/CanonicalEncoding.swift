import Crypto

/// The bytes bidpanel hashes, defined here rather than by a library, so a
/// toolchain update can never change a stored hash. docs/evaluation-file.md
/// describes them byte for byte, with an example to recompute by hand.
///
/// A tag line, then every field as its length in UTF-8 bytes (decimal
/// ASCII), a colon, the bytes themselves and a newline:
///
///     bidpanel-audit-2\n
///     1:7\n
///     24:2027-01-15T08:00:00.000Z\n
///     …
///
/// The length makes it unambiguous (a field may hold colons or newlines) and
/// the whole is easy to rebuild with `printf` and check with `sha256sum`.
enum CanonicalEncoding {
    /// Builds the bytes into one buffer, copying each field's UTF-8 once: the
    /// audit log hashes every row on every check, so no field is turned into
    /// an intermediate array or string.
    struct Writer {
        private(set) var bytes: [UInt8] = []

        /// The tag line's length, kept by `restart`.
        private let tagLength: Int

        init(tag: String) {
            bytes.reserveCapacity(512)
            bytes.append(contentsOf: tag.utf8)
            bytes.append(0x0A)
            tagLength = bytes.count
        }

        mutating func field(_ text: String) {
            var text = text
            text.withUTF8 { field($0) }
        }

        /// A field given as its UTF-8 bytes.
        mutating func field(_ utf8: UnsafeBufferPointer<UInt8>) {
            appendDecimal(utf8.count)
            bytes.append(0x3A) // ":"
            bytes.append(contentsOf: utf8)
            bytes.append(0x0A)
        }

        /// A number that is not negative, as `field(String(value))` writes it.
        mutating func field(decimal value: Int) {
            precondition(value >= 0)
            appendDecimal(Self.digitCount(value))
            bytes.append(0x3A)
            appendDecimal(value)
            bytes.append(0x0A)
        }

        /// Many fields given as their UTF-8 bytes, exactly as `field` writes
        /// each, with the buffer grown once and the bytes copied in place:
        /// the chain check writes every row of the log this way.
        mutating func fields(_ fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>) {
            var total = 0
            for field in fields { total += Self.digitCount(field.count) + field.count + 2 }
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: total))
            bytes.withUnsafeMutableBufferPointer { buffer in
                var at = start
                for field in fields {
                    let digits = Self.digitCount(field.count)
                    var rest = field.count
                    for place in stride(from: at + digits - 1, through: at, by: -1) {
                        buffer[place] = UInt8(0x30 + rest % 10)
                        rest /= 10
                    }
                    at += digits
                    buffer[at] = 0x3A // ":"
                    at += 1
                    if let base = field.baseAddress, field.count > 0 {
                        (buffer.baseAddress! + at).update(from: base, count: field.count)
                    }
                    at += field.count
                    buffer[at] = 0x0A
                    at += 1
                }
            }
        }

        private static func digitCount(_ value: Int) -> Int {
            var digits = 1, rest = value / 10
            while rest > 0 { digits += 1; rest /= 10 }
            return digits
        }

        /// Starts again after the tag line, keeping the buffer's room, so one
        /// writer serves every row of a scan without allocating.
        mutating func restart() {
            bytes.removeSubrange(tagLength...)
        }

        /// A length in decimal ASCII digits, as `String(count)` writes it.
        private mutating func appendDecimal(_ value: Int) {
            if value < 10 { return bytes.append(UInt8(0x30 + value)) }
            if value < 100 {
                bytes.append(UInt8(0x30 + value / 10))
                return bytes.append(UInt8(0x30 + value % 10))
            }
            let start = bytes.count
            var rest = value
            repeat {
                bytes.append(UInt8(0x30 + rest % 10))
                rest /= 10
            } while rest > 0
            bytes[start...].reverse()
        }

        /// SHA-256 of the bytes written, as 64 lowercase hex digits.
        func sha256() -> String { hex(SHA256.hash(data: bytes)) }

        /// Whether `text` is exactly `sha256()`, compared byte for byte
        /// without building either as a String.
        func sha256Is(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
            guard text.count == 64 else { return false }
            let digest = SHA256.hash(data: bytes)
            func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble } // 0-9, a-f
            return digest.withUnsafeBytes { raw in
                for (index, byte) in raw.enumerated() where text[2 * index] != digit(byte >> 4) || text[2 * index + 1] != digit(byte & 0x0F) {
                    return false
                }
                return true
            }
        }
    }

    static func bytes(tag: String, fields: [String]) -> [UInt8] {
        var writer = Writer(tag: tag)
        for field in fields { writer.field(field) }
        return writer.bytes
    }

    /// SHA-256 of the encoding, as 64 lowercase hex digits.
    static func sha256(tag: String, fields: [String]) -> String {
        hex(SHA256.hash(data: bytes(tag: tag, fields: fields)))
    }

    static func sha256(_ text: String) -> String { hex(SHA256.hash(data: Array(text.utf8))) }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex, two digits a byte, from a table (no formatter per byte).
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
