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

        init(tag: String) {
            bytes.reserveCapacity(512)
            append(tag)
            bytes.append(0x0A)
        }

        mutating func field(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                appendDecimal(utf8.count)
                bytes.append(0x3A) // ":"
                bytes.append(contentsOf: utf8)
                bytes.append(0x0A)
            }
        }

        private mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        /// A length in decimal ASCII digits, as `String(count)` writes it.
        private mutating func appendDecimal(_ value: Int) {
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            var rest = value
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[19 - count] = UInt8(0x30 + rest % 10)
                    rest /= 10
                    count += 1
                } while rest > 0
                bytes.append(contentsOf: buffer[(20 - count)...])
            }
        }

        /// SHA-256 of the bytes written, as 64 lowercase hex digits.
        func sha256() -> String { hex(SHA256.hash(data: bytes)) }
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
