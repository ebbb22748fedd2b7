import ArgumentParser
import BidpanelCore
import BidpanelPrint
import BidpanelStore
import Foundation

@main
struct Bidpanel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bidpanel",
        abstract: "Score bids as an evaluation panel: exact totals, explained and auditable.",
        discussion: """
        A panel file (TOML) describes one evaluation: the tender, the scoring rules, \
        the criteria, the members and the bids. See docs/panel-format.md and docs/scoring.md.

        Exit status: 0 done, 1 a problem with your input (the message names the file and \
        line), 2 a usage error, 130 or 131 when a PIN prompt is cancelled with Ctrl+C or Ctrl+\\.
        """,
        version: BidpanelVersion.current,
        subcommands: [DemoCommand.self, OpenCommand.self, ValidateCommand.self, ScoreCommand.self, InitCommand.self, MembersCommand.self,
                      ReopenCommand.self, ConflictsCommand.self, BidsCommand.self, ImportCommand.self, ExportCommand.self, ReportCommand.self,
                      SummariesCommand.self, SheetsCommand.self, AuditCommand.self, StagesCommand.self]
    )

    /// Runs the command line with the exit codes SPEC §4 promises: 1 for a
    /// problem in the user's files, 2 for a usage error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as DiagnosticsError {
            Console.error(error.description)
            Foundation.exit(1)
        } catch let error as StoreError {
            Console.error("bidpanel: \(error.message)")
            Foundation.exit(1)
        } catch let error as InputError {
            Console.error(error.message)
            Foundation.exit(1)
        } catch let cancelled as PINInput.Cancelled {
            Console.error(cancelled.message)
            Foundation.exit(cancelled.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            if code == .validationFailure {
                Console.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// A problem with the user's input that is not tied to a line of a file.
struct InputError: Error {
    var message: String
}

/// Everything the command line prints goes through here, so text from a
/// panel file, a CSV or a member (a bidder's name in a diagnostic, a
/// comment in a report) can never retitle the window, write to the
/// clipboard or reverse the reading order: control and bidi characters show
/// as visible marks (SafeText).
enum Console {
    /// The form feed `report` puts between printed pages.
    static let pageBreak: Set<Unicode.Scalar> = ["\u{0C}"]

    static func error(_ text: String) {
        let safe = SafeText.visible(text.hasSuffix("\n") ? text : text + "\n", keeping: pageBreak)
        // Nowhere left to report a failure to write an error.
        try? write(safe, to: STDERR_FILENO, named: "standard error")
    }

    /// A failed write (standard output sent to a full disk or /dev/full) is
    /// an error with exit status 1, never a silent loss.
    static func out(_ text: String) {
        do {
            try write(SafeText.visible(text, keeping: pageBreak), to: STDOUT_FILENO, named: "standard output")
        } catch let failure as InputError {
            Console.error("bidpanel: \(failure.message)")
            Foundation.exit(1)
        } catch {
            Foundation.exit(1)
        }
    }

    /// Writes text already made safe, every byte or an InputError.
    static func write(_ safe: String, to descriptor: Int32, named name: String) throws {
        do {
            try OutputFile.writeAll(Data(safe.utf8), to: descriptor, path: name, stream: true)
        } catch let failure as OutputFileError {
            throw InputError(message: failure.description)
        }
    }
}
