import BidpanelCore

/// One thing a screen lets you do: the keys that do it, how the key bar and
/// the help screen name it, and the command its `update` carries out.
/// Each screen declares its keys once, as a `KeyMap`, and everything else
/// (the update, the bar, the help) is read from it, so they cannot drift.
public struct KeyBinding<Command: Sendable & Equatable>: Sendable {
    /// Every key that does this ("↑" and "k", or each digit of a scale).
    public var keys: [Key]
    /// How the bar and help write the keys: "↑↓", "Enter", "0–4".
    public var label: String
    /// A few words for the key bar: "open", "hand over".
    public var meaning: String
    /// A sentence for the help screen; nil when `meaning` says it all.
    public var help: String?
    /// Shown in the key bar (some keys are only in help, for lack of room).
    public var inBar: Bool
    public var command: Command

    public init(_ keys: [Key], _ label: String, _ meaning: String, help: String? = nil, inBar: Bool = true,
                _ command: Command) {
        self.keys = keys
        self.label = label
        self.meaning = meaning
        self.help = help
        self.inBar = inBar
        self.command = command
    }

    /// The same binding for a letter, upper or lower case: `.letter("b", …)`.
    public static func letter(_ letter: Character, _ meaning: String, help: String? = nil, inBar: Bool = true,
                              _ command: Command) -> KeyBinding {
        let lower = Character(letter.lowercased()), upper = Character(letter.uppercased())
        return KeyBinding([.character(lower), .character(upper)], String(upper), meaning, help: help, inBar: inBar, command)
    }
}

/// The keys every signed-in screen shares, handled by `AppState` before the
/// screen sees a key. A screen's map says which of them its bar shows.
public enum CommonKey: Sendable, Equatable, CaseIterable {
    case help, handOver, redraw

    public var key: Key {
        switch self {
        case .help: .character("?")
        case .handOver: .control("x")
        case .redraw: Program.redrawKey
        }
    }

    public var label: String {
        switch self {
        case .help: "?"
        case .handOver: "Ctrl+X"
        case .redraw: "Ctrl+L"
        }
    }

    public var meaning: String {
        switch self {
        case .help: "help"
        case .handOver: "hand over"
        case .redraw: "redraw"
        }
    }

    public var help: String {
        switch self {
        case .help: "shows this help for the screen you are on."
        case .handOver: "hands the terminal to the next person: you are signed out and your work stays saved."
        case .redraw: "redraws the screen if it looks wrong."
        }
    }
}

/// A screen's keys in the order they matter, for the state it is in now.
public struct KeyMap<Command: Sendable & Equatable>: Sendable {
    public var bindings: [KeyBinding<Command>]
    /// The shared keys this screen's bar ends with (help lists them all).
    public var common: [CommonKey]

    /// Whether someone is signed in, so Ctrl+X has someone to hand over from.
    public var signedIn: Bool

    public init(_ bindings: [KeyBinding<Command>], common: [CommonKey] = [.help, .handOver], signedIn: Bool = true) {
        self.bindings = bindings
        self.common = common
        self.signedIn = signedIn
    }

    /// The shared keys that work here, as help lists them (the bar may
    /// leave some out for room; help never does).
    public var sharedKeys: [CommonKey] { CommonKey.allCases.filter { $0 != .handOver || signedIn } }

    /// What a key does here, or nil when it does nothing on this screen.
    public func command(for key: Key) -> Command? {
        bindings.first { $0.keys.contains(key) }?.command
    }

    /// The key bar: label and meaning, in order, the shared keys last.
    public var bar: [(key: String, meaning: String)] {
        bindings.filter(\.inBar).map { ($0.label, $0.meaning) } + common.map { ($0.label, $0.meaning) }
    }

    /// The help screen's list of keys, one entry per binding then the shared
    /// keys, each wrapped to `width` under its label.
    public func helpLines(width: Int) -> [String] {
        let all: [(String, String)] = bindings.map { ($0.label, $0.help ?? $0.meaning) }
            + sharedKeys.map { ($0.label, $0.help) }
        let labelWidth = min(14, all.map { DisplayWidth.of($0.0) }.max() ?? 0)
        let textWidth = max(10, width - labelWidth - 2)
        return all.flatMap { label, text -> [String] in
            let wrapped = DisplayWidth.wrap(text, width: textWidth)
            let indent = String(repeating: " ", count: labelWidth + 2)
            return wrapped.enumerated().map { index, line in
                (index == 0 ? DisplayWidth.pad(label, to: labelWidth) + "  " : indent) + line
            }
        }
    }
}

extension Chrome {
    /// The key bar drawn from the screen's own key map.
    static func keyBar<Command>(_ canvas: inout Canvas, _ map: KeyMap<Command>) {
        keyBar(&canvas, map.bar.map { ($0.key, $0.meaning) })
    }
}
