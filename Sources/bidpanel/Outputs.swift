import BidpanelCore
import BidpanelPrint
import Foundation

/// The one way the command line writes a file (reports, summaries, exports):
/// owner-only, never replacing a device, FIFO or link, all or nothing for a
/// regular file, and a failed write is an error. The rules are
/// OutputFile's; docs/output-files.md explains them to users.
enum Outputs {
    /// Writes `text` to `path`; "-" is standard output. Control and bidi
    /// characters (from a panel file, a CSV or a member) are shown as
    /// visible marks; the form feeds between printed pages stay.
    static func write(_ text: String, to path: String) throws {
        let safe = SafeText.visible(text, keeping: Console.pageBreak)
        if path == "-" {
            return try Console.write(safe, to: STDOUT_FILENO, named: "standard output")
        }
        do {
            try OutputFile.write(Data(safe.utf8), to: path)
        } catch let error as OutputFileError {
            throw InputError(message: error.description)
        }
    }

    /// Makes a folder for output files owner-only (0700), with any missing
    /// folders above it; one already there is used as it is.
    static func makeFolder(_ path: String) throws {
        do {
            try OutputFile.makeFolder(path)
        } catch let error as OutputFileError where error.reason == .notAFolder {
            throw InputError(message: "\(path) is a file, not a folder; choose a folder with --out")
        } catch let error as OutputFileError {
            throw InputError(message: error.description)
        }
    }
}
