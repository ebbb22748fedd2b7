import ArgumentParser
import BidpanelCore
import BidpanelStore
import Foundation

/// Where PINs come from: typed at the terminal without echo, or one per line
/// on standard input (`--pin-stdin`, for scripts).
struct PINInput {
    var fromStandardInput: Bool

    func read(_ prompt: String) throws -> String {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true) else {
                throw InputError(message: "expected a PIN on standard input (\(prompt.lowercased())), one per line")
            }
            return line.trimmingCharacters(in: .whitespaces)
        }
        return try Self.readHidden(prompt)
    }

    /// How many times a person may try to choose a new PIN.
    static let newPINTries = 3

    /// A new PIN. At the terminal: the rules first, then the PIN twice; a PIN
    /// that breaks a rule, or two that differ, is asked for again (three
    /// tries), so a mistyped PIN is never left for the shell to read as a
    /// command. From standard input (scripts) a bad PIN fails at once.
    func readNew(_ who: String) throws -> String {
        if fromStandardInput {
            let pin = try read("New PIN for \(who)")
            if let problem = PINHasher.problem(with: pin) { throw InputError(message: "that PIN cannot be used: \(problem)") }
            return pin
        }
        try Self.tell(PINHasher.rules)
        for attempt in 1...Self.newPINTries {
            let left = Self.newPINTries - attempt
            let again = left == 0 ? "" : "\nTry again (\(left) more \(left == 1 ? "try" : "tries"))."
            let pin = try read("New PIN for \(who)")
            if let problem = PINHasher.problem(with: pin) {
                try Self.tell("That PIN cannot be used: \(problem).\(again)")
                continue
            }
            guard try read("Type it again") == pin else {
                try Self.tell("The two PINs differ.\(again)")
                continue
            }
            return pin
        }
        throw InputError(message: "no PIN was set after \(Self.newPINTries) tries, so nothing was changed. Run the same command again to choose a PIN")
    }

    /// A line for the person at the terminal, where the prompts are.
    static func tell(_ line: String) throws {
        let tty = open("/dev/tty", O_WRONLY)
        guard tty >= 0 else {
            throw InputError(message: "there is no terminal to ask for a PIN; pass PINs on standard input with --pin-stdin")
        }
        defer { close(tty) }
        let text = line + "\n"
        _ = Glibc.write(tty, text, text.utf8.count)
    }

    /// A PIN prompt left with Ctrl+C, Ctrl+\ or Ctrl+D: nothing was changed.
    /// `status` is the exit status a shell expects (130 for Ctrl+C).
    struct Cancelled: Error {
        var status: Int32
        var message: String { "Cancelled: nothing was changed." }
    }

    /// Reads from the terminal itself with echo off, restoring it whatever
    /// happens. The keys that would send a signal (Ctrl+C, Ctrl+\) arrive
    /// as keys instead (ISIG off), so the prompt ends through this function
    /// and its restore, never with echo left off in the user's shell; SIGTERM
    /// and SIGHUP from elsewhere restore it too before bidpanel exits.
    static func readHidden(_ prompt: String) throws -> String {
        let tty = open("/dev/tty", O_RDWR)
        guard tty >= 0 else {
            throw InputError(message: "there is no terminal to ask for a PIN; pass PINs on standard input with --pin-stdin")
        }
        defer { close(tty) }
        var saved = termios()
        tcgetattr(tty, &saved)
        let restoreOnSignal = RestoreOnSignal(tty: tty, settings: saved)
        defer { restoreOnSignal.stop() }
        var quiet = saved
        // Byte by byte (no ICANON), so a Ctrl+C is seen as it is typed.
        quiet.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        withUnsafeMutableBytes(of: &quiet.c_cc) { keys in
            keys[Int(VMIN)] = 1
            keys[Int(VTIME)] = 0
        }
        tcsetattr(tty, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            _ = Glibc.write(tty, "\n", 1)
        }
        // The prompt names a member, as the panel file spells it: shown safely.
        let text = SafeText.line("\(prompt): ")
        _ = Glibc.write(tty, text, text.utf8.count)
        var typed = PINTyping()
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(tty, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { throw Cancelled(status: 1) }
            if let pin = try typed.key(byte) { return pin }
        }
    }
}

/// The keys of a hidden PIN prompt, read one byte at a time: Enter ends it,
/// Backspace and Ctrl+U correct it, Ctrl+C, Ctrl+\ and Ctrl+D cancel it.
struct PINTyping {
    private var bytes: [UInt8] = []

    /// The PIN when `byte` ends it; nil while typing goes on.
    mutating func key(_ byte: UInt8) throws -> String? {
        switch byte {
        case 10, 13: return String(decoding: bytes, as: UTF8.self)
        case 3: throw PINInput.Cancelled(status: 128 + SIGINT)
        case 0x1C: throw PINInput.Cancelled(status: 128 + SIGQUIT)
        case 4: throw PINInput.Cancelled(status: 1)
        case 0x7F, 8:
            // A whole character, however many UTF-8 bytes it took.
            while let last = bytes.popLast(), last & 0xC0 == 0x80 {}
        case 0x15: bytes.removeAll()
        case ..<0x20: break // other control keys (Ctrl+Z, Esc) are not part of a PIN
        default: bytes.append(byte)
        }
        return nil
    }
}

/// While a PIN is typed with echo off, SIGTERM or SIGHUP (the window closed,
/// a kill from another terminal) restores the terminal's settings before
/// bidpanel exits with 128 + the signal. Handled on a dispatch queue, not in
/// the signal handler, so restoring is safe; `stop` puts back what was there.
final class RestoreOnSignal {
    private var sources: [any DispatchSourceSignal] = []
    private var previous: [(Int32, sigaction)] = []

    init(tty: Int32, settings: termios) {
        for signal in [SIGTERM, SIGHUP] {
            var ignore = sigaction(), old = sigaction()
            ignore.__sigaction_handler.sa_handler = SIG_IGN
            guard sigaction(signal, &ignore, &old) == 0 else { continue }
            previous.append((signal, old))
            // A signal ignored on purpose (nohup) stays ignored.
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler {
                var restored = settings
                tcsetattr(tty, TCSANOW, &restored)
                _ = Glibc.write(tty, "\n", 1)
                Foundation.exit(128 + signal)
            }
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        sources.forEach { $0.cancel() }
        for (signal, old) in previous {
            var old = old
            sigaction(signal, &old, nil)
        }
    }
}

/// Options shared by commands that need the chair's PIN.
struct ChairOptions: ParsableArguments {
    @ArgumentParser.Flag(name: .long, help: "Read PINs from standard input, one per line, instead of asking.")
    var pinStdin = false

    var pins: PINInput { PINInput(fromStandardInput: pinStdin) }

    /// Opens the evaluation file and signs the chair in.
    func openSignedIn(_ file: String) throws -> (EvaluationStore, MemberSession) {
        let store = try EvaluationStore.open(path: file)
        return (store, try signInChair(store))
    }

    func signInChair(_ store: EvaluationStore) throws -> MemberSession {
        guard let chair = store.panel.members.first(where: { $0.role == .chair }) else {
            throw InputError(message: "this evaluation has no chair")
        }
        let pin = try pins.read("Chair's PIN (\(chair.name))")
        return try store.signIn(member: chair.id, pin: pin)
    }
}
