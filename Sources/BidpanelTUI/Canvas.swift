import BidpanelCore

/// How a cell looks. Every cue also shows as text or a marker (▸, ✓, [x]),
/// so nothing depends on colour: NO_COLOR and monochrome terminals lose
/// nothing.
public struct CellStyle: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = CellStyle(rawValue: 1 << 0)
    public static let reverse = CellStyle(rawValue: 1 << 1)
    public static let underline = CellStyle(rawValue: 1 << 2)
    public static let dim = CellStyle(rawValue: 1 << 3)
}

/// A colour role, used only as an extra cue and dropped under NO_COLOR.
public enum Tint: UInt8, Sendable, Hashable, CaseIterable {
    case plain, accent, good, warning, problem
}

public struct Cell: Sendable, Hashable {
    /// One grapheme cluster, or "" for the right half of a wide character.
    public var text: String
    public var style: CellStyle
    public var tint: Tint

    public static let blank = Cell(text: " ", style: [], tint: .plain)
}

public struct Point: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

public struct Size: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }

    public static let minimum = Size(width: 80, height: 24)
    public var isTooSmall: Bool { width < Size.minimum.width || height < Size.minimum.height }
}

/// A frame as text cells: what `render` returns and what the terminal
/// adapter copies to the screen. Tests read it back as plain text.
public struct Canvas: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [[Cell]]
    /// Where the hardware cursor goes: on the focused item, so screen readers follow it.
    public var cursor: Point?

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: Array(repeating: .blank, count: max(0, size.width)), count: max(0, size.height))
    }

    /// Writes text from (x, y), clipped at the right edge; wide characters
    /// take two cells. Returns the column after the text.
    ///
    /// Every text on a screen passes here, so here it is made safe: control
    /// and bidi characters (in a bidder's name, an answer, a comment) become
    /// visible marks, and a line break or tab a space (a put is one row).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = [], tint: Tint = .plain) -> Int {
        guard y >= 0, y < size.height else { return x }
        let text = SafeText.line(text)
        var column = x
        for character in text {
            let width = DisplayWidth.of(character)
            if width == 0 { continue }
            if column + width > size.width { break }
            if column >= 0 {
                cells[y][column] = Cell(text: String(character), style: style, tint: tint)
                if width == 2 { cells[y][column + 1] = Cell(text: "", style: style, tint: tint) }
            }
            column += width
        }
        return column
    }

    /// Fills a row segment with spaces in a style (for bars and highlights).
    public mutating func fill(y: Int, from x: Int = 0, to end: Int? = nil, style: CellStyle = [], tint: Tint = .plain) {
        guard y >= 0, y < size.height else { return }
        let last = min(end ?? size.width, size.width)
        for column in max(0, x)..<max(max(0, x), last) {
            cells[y][column] = Cell(text: " ", style: style, tint: tint)
        }
    }

    /// Sets the style of an existing row segment, keeping its text.
    public mutating func restyle(y: Int, from x: Int, to end: Int, style: CellStyle, tint: Tint = .plain) {
        guard y >= 0, y < size.height else { return }
        for column in max(0, x)..<max(max(0, x), min(end, size.width)) {
            cells[y][column].style = style
            cells[y][column].tint = tint
        }
    }

    /// The frame as text, one line per row, trailing spaces removed.
    public var text: String {
        cells.map { row in
            var line = row.map(\.text).joined()
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// One row as text, trailing spaces removed.
    public func line(_ y: Int) -> String {
        var line = cells[y].map(\.text).joined()
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
