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
        var out: [UInt8] = []
        out.reserveCapacity(64 * (rows.count + 1))
        var wroteAny = false
        func append(_ cells: [String], quoteAs: (String) -> Bool) {
            for (index, cell) in cells.enumerated() {
                if index == 0 && wroteAny { out.append(0x0A) }
                if index > 0 { out.append(0x2C) }
                field(cell, quoted: quoteAs(cell), into: &out)
                wroteAny = true
            }
        }
        append(header, quoteAs: { _ in false })
        for row in rows {
            append(row.map(CSVOutput.inert), quoteAs: { cell in cell.contains(where: { ",\"\n\r".contains($0) }) })
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One cell; `quoted` is what the caller asked the library for.
    static func field(_ cell: String, quoted: Bool, into out: inout [UInt8]) {
        var cell = cell
        let plain: Bool = cell.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            // The library also quotes any cell with a quote, comma, CR or LF in it.
            let quote = quoted || bytes.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D })
            if quote { out.append(0x22) }
            for byte in bytes {
                out.append(byte)
                if quote && byte == 0x22 { out.append(0x22) }
            }
            if quote { out.append(0x22) }
            return true
        }
        if !plain { out += libraryField(cell, quoted: quoted) }
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
