import BidpanelTUI
import CNcurses

/// Turns what wget_wch returns into Keys. Pure, so it is tested directly.
enum KeyDecoding {
    /// A KEY_* code (wget_wch returned KEY_CODE_YES).
    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case SHIM_KEY_UP: .up
        case SHIM_KEY_DOWN: .down
        case SHIM_KEY_LEFT: .left
        case SHIM_KEY_RIGHT: .right
        case SHIM_KEY_HOME: .home
        case SHIM_KEY_END: .end
        case SHIM_KEY_PPAGE: .pageUp
        case SHIM_KEY_NPAGE: .pageDown
        case SHIM_KEY_BTAB: .backTab
        case SHIM_KEY_BACKSPACE: .backspace
        case SHIM_KEY_DC: .delete
        case SHIM_KEY_ENTER: .enter
        default: nil
        }
    }

    /// A character (wget_wch returned OK); ESC itself is handled by the caller.
    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .control(Character(UnicodeScalar(UInt8(code) + 0x60)))
        case 0..<32: return nil
        default:
            guard let scalar = UnicodeScalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// ESC [ … or ESC O … that ncurses did not translate. `body` runs up to
    /// and including the final byte, e.g. "A" or "5~" or "1;5C".
    static func escapeSequence(introducer: UInt32, body: [UInt32]) -> Key? {
        guard let final = body.last, let finalScalar = UnicodeScalar(final) else { return nil }
        switch Character(finalScalar) {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return introducer == 0x5B ? .backTab : nil
        case "M": return introducer == 0x4F ? .enter : nil  // keypad Enter in application mode
        case "~":
            let digits = String(String.UnicodeScalarView(body.dropLast().compactMap(UnicodeScalar.init)))
            switch digits.split(separator: ";").first {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            case "5": return .pageUp
            case "6": return .pageDown
            default: return nil
            }
        default: return nil
        }
    }
}
