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

    /// Asks twice and checks both match, for a new PIN.
    func readNew(_ who: String) throws -> String {
        let pin = try read("New PIN for \(who)")
        if let problem = PINHasher.problem(with: pin) { throw InputError(message: "that PIN cannot be used: \(problem)") }
        if !fromStandardInput {
            guard try read("Type it again") == pin else { throw InputError(message: "the two PINs differ; nothing was changed") }
        }
        return pin
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
