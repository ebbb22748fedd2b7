import CSV
import Foundation

/// The CSV that `CSVOutput.write` has always made through the CSV library,
/// built straight into bytes: the library writes one byte at a time into an
/// `OutputStream`, which took most of an export of a grants round (480,000
/// values). Byte for byte the same output: a cell of plain ASCII is written
/// here by the library's rules (quoted when it holds `,` `"` CR or LF, a
/// quote doubled inside quotes); any other cell is still written by the
/// library itself, one cell at a time, so nothing about Unicode is redone.
enum CSVOutputBytes {
    /// The header, then each row (cells made inert), rows joined by LF, no
    /// LF at the end: what the library's writer puts in its stream.
    static func write(header: [String], rows: [[String]]) -> String {
        var writer = Writer(header: header, rows: rows.count)
        for row in rows { writer.row(row) }
        return writer.text(endingWithNewline: false)
    }

    /// The same, a row at a time, so a caller with many rows makes no array
    /// of them first.
    struct Writer {
        private var out: [UInt8] = []
        // The library starts each row after the first with LF; an empty row writes nothing.
        private var wroteAny = false

        init(header: [String], rows: Int) {
            out.reserveCapacity(64 * (rows + 1))
            for (index, cell) in header.enumerated() {
                if index > 0 { out.append(0x2C) }
                CSVOutputBytes.field(cell, quoted: false, into: &out)
                wroteAny = true
            }
        }

        /// One row: each cell made inert, and quoted where the library
        /// would quote it (a comma, quote, CR or LF in it).
        mutating func row(_ cells: [String]) {
            guard !cells.isEmpty else { return }
            if wroteAny { out.append(0x0A) }
            wroteAny = true
            for (index, cell) in cells.enumerated() {
                if index > 0 { out.append(0x2C) }
                if !Self.plainCell(cell, into: &out) {
                    let inert = CSVOutput.inert(cell)
                    CSVOutputBytes.field(inert, quoted: inert.contains(where: { ",\"\n\r".contains($0) }), into: &out)
                }
            }
        }

        /// A cell of ASCII that needs no apostrophe, written straight from its
        /// bytes: for ASCII the library's and `field`'s rules are one rule
        /// (quote when a byte is a comma, quote, CR or LF). False, writing
        /// nothing, for any other cell.
        private static func plainCell(_ cell: String, into out: inout [UInt8]) -> Bool {
            var cell = cell
            return cell.withUTF8 { bytes in
                // = + - @ TAB CR first may need an apostrophe: CSVOutput.inert decides.
                if let first = bytes.first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40
                    || first == 0x09 || first == 0x0D { return false }
                var quote = false
                for byte in bytes {
                    if byte >= 0x80 { return false }
                    if byte == 0x22 || byte == 0x2C || byte == 0x0A || byte == 0x0D { quote = true }
                }
                CSVOutputBytes.append(bytes, quoted: quote, into: &out)
                return true
            }
        }

        /// Everything written; with a final LF as `CSVOutput.write` ends.
        func text(endingWithNewline: Bool) -> String {
            String(decoding: endingWithNewline ? out + [0x0A] : out, as: UTF8.self)
        }
    }

    /// One cell; `quoted` is what the caller asked the library for.
    static func field(_ cell: String, quoted: Bool, into out: inout [UInt8]) {
        var cell = cell
        let plain: Bool = cell.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            // The library also quotes any cell with a quote, comma, CR or LF in it.
            let quote = quoted || bytes.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D })
            append(bytes, quoted: quote, into: &out)
            return true
        }
        if !plain { out += libraryField(cell, quoted: quoted) }
    }

    /// ASCII bytes as one cell: in quotes, with each quote doubled, when `quoted`.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, into out: inout [UInt8]) {
        if quoted { out.append(0x22) }
        for byte in bytes {
            out.append(byte)
            if quoted && byte == 0x22 { out.append(0x22) }
        }
        if quoted { out.append(0x22) }
    }

    /// A cell as the library writes it, alone (no delimiter, no newline).
    static func libraryField(_ cell: String, quoted: Bool) -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        // The writer only fails on a stream error, which a memory stream never has.
        let writer = try! CSVWriter(stream: stream)
        try! writer.write(field: cell, quoted: quoted)
        writer.stream.close()
        return [UInt8](stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data())
    }
}
