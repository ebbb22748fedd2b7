import ArgumentParser
import BidpanelCore
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
        line), 2 a usage error.
        """,
        version: BidpanelVersion.current,
        subcommands: [DemoCommand.self, OpenCommand.self, ValidateCommand.self, ScoreCommand.self, InitCommand.self, MembersCommand.self,
                      ImportCommand.self, ExportCommand.self, ReportCommand.self, SummariesCommand.self, AuditCommand.self]
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

enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
