import BidpanelCore
import Foundation

/// Reading the user's files for the commands, with errors that name the file.
enum Inputs {
    static func text(of path: String) throws -> String {
        let data: Data
        do {
            data = try BoundedFile.read(path, limit: TextLimits.csvFileBytes, what: "the file")
        } catch {
            throw DiagnosticsError([Diagnostic(.error, file: path, line: 1, message: error.message, fix: error.fix)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic(.error, file: path, line: 1, message: "this file is not UTF-8 text",
                                               fix: "save it as UTF-8 (in a spreadsheet: CSV UTF-8)")])
        }
        return text
    }

    /// Builds the score sheet from the CSV files SPEC §3 describes. Each file
    /// is checked whole before anything from it is used.
    static func sheet(panel: Panel, scores: String?, moderated: String?, conflicts: String?) throws -> ScoreSheet {
        var sheet = ScoreSheet()
        if let scores {
            sheet = try ScoresCSV.sheet(text: text(of: scores), file: scores, panel: panel)
        }
        if let moderated {
            for value in try ScoresCSV.moderatedValues(text: text(of: moderated), file: moderated, panel: panel) {
                sheet.moderate(value)
            }
        }
        if let conflicts {
            for conflict in try ScoresCSV.conflicts(text: text(of: conflicts), file: conflicts, panel: panel) {
                sheet.declare(conflict)
            }
        }
        return sheet
    }
}
