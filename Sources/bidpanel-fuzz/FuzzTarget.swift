import BidpanelCore
import Foundation

/// A libFuzzer target over the panel file and CSV readers, for long runs
/// outside CI (docs/fuzzing.md says how). The suite's seeded mutation test
/// (Tests/BidpanelCLITests/FuzzTests.swift) is what CI runs.
///
/// The first byte of an input picks the reader; the rest is the file. Any
/// outcome but success or diagnostics naming a file and a line is a bug,
/// and traps so libFuzzer keeps the input.
enum FuzzInput {
    static let panelText: String = {
        // The youth example, for the CSV readers to check rows against.
        let path = ProcessInfo.processInfo.environment["BIDPANEL_FUZZ_PANEL"] ?? "panels/youth-services.toml"
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }()

    static let panel: Panel? = try? PanelFile.parse(text: panelText, file: "panel.toml") { _ in "" }.panel

    static func check(_ data: Data) {
        guard let selector = data.first else { return }
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        do {
            switch (selector % 5, panel) {
            case (0, _): _ = try PanelFile.parse(text: text, file: "fuzz.toml") { _ in "## experience\nAn answer." }
            case let (1, panel?): _ = try ScoresCSV.memberValues(text: text, file: "fuzz.csv", panel: panel)
            case let (2, panel?): _ = try ScoresCSV.moderatedValues(text: text, file: "fuzz.csv", panel: panel)
            case let (3, panel?): _ = try ScoresCSV.conflicts(text: text, file: "fuzz.csv", panel: panel)
            default: _ = try ScoresCSV.bids(text: text, file: "fuzz.csv")
            }
        } catch let error as DiagnosticsError {
            precondition(!error.diagnostics.isEmpty, "an error with no diagnostics")
            for diagnostic in error.diagnostics {
                precondition(diagnostic.line >= 1 && !diagnostic.file.isEmpty, "not placed: \(diagnostic)")
            }
        } catch {
            preconditionFailure("threw \(error) instead of diagnostics")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func bidpanelFuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    FuzzInput.check(Data(bytes: start, count: count))
    return 0
}

#if BIDPANEL_LIBFUZZER
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main`, so the
/// libFuzzer driver is started from here rather than from its own main.
@_cdecl("bidpanel_fuzz_main")
public func bidpanelFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { start, size in bidpanelFuzzOneInput(start, size) }
}
#else
/// Built without libFuzzer (as CI builds every product): replays the
/// inputs named on the command line, such as a crash libFuzzer saved.
@main
enum Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(1)
            }
            FuzzInput.check(data)
            print("\(path): no problem")
        }
    }
}
#endif
