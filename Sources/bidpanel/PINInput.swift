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

    /// Reads from the terminal itself with echo off, restoring it whatever happens.
    static func readHidden(_ prompt: String) throws -> String {
        let tty = open("/dev/tty", O_RDWR)
        guard tty >= 0 else {
            throw InputError(message: "there is no terminal to ask for a PIN; pass PINs on standard input with --pin-stdin")
        }
        defer { close(tty) }
        var saved = termios()
        tcgetattr(tty, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(tty, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            _ = Glibc.write(tty, "\n", 1)
        }
        // The prompt names a member, as the panel file spells it: shown safely.
        let text = SafeText.line("\(prompt): ")
        _ = Glibc.write(tty, text, text.utf8.count)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(tty, &byte, 1) == 1, byte != 10, byte != 13 { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Options shared by commands that need the chair's PIN.
struct ChairOptions: ParsableArguments {
    @ArgumentParser.Flag(name: .long, help: "Read PINs from standard input, one per line, instead of asking.")
    var pinStdin = false

    var pins: PINInput { PINInput(fromStandardInput: pinStdin) }

    func signInChair(_ store: EvaluationStore) throws -> MemberSession {
        guard let chair = store.panel.members.first(where: { $0.role == .chair }) else {
            throw InputError(message: "this evaluation has no chair")
        }
        let pin = try pins.read("Chair's PIN (\(chair.name))")
        return try store.signIn(member: chair.id, pin: pin)
    }
}
