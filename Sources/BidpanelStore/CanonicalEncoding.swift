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
    static func bytes(tag: String, fields: [String]) -> [UInt8] {
        var out = Array(tag.utf8)
        out.append(0x0A)
        for field in fields {
            let utf8 = Array(field.utf8)
            out += Array(String(utf8.count).utf8)
            out.append(0x3A) // ":"
            out += utf8
            out.append(0x0A)
        }
        return out
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
