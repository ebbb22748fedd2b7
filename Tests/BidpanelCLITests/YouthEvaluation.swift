import Foundation
import Testing

extension CLI {
    /// A new folder holding ys.bidpanel made from the youth example, with its
    /// scores, moderated values and the members' declarations imported, as a
    /// chair's script would make it. `bidpanel` runs the binary in a folder
    /// with the chair's PIN on standard input.
    static func youthEvaluation(named prefix: String,
                                _ bidpanel: ([String], URL) throws -> Run) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidpanel-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var run = try bidpanel(["init", "\(panels)/youth-services.toml", "--out", "ys.bidpanel", "--pin-stdin"], folder)
        #expect(run.status == 0, "\(run.err)")
        run = try bidpanel(["import", "ys.bidpanel", "--scores", "\(panels)/youth-services-scores.csv",
                            "--moderated", "\(panels)/youth-services-moderated.csv",
                            "--conflicts", "\(panels)/youth-services-conflicts.csv", "--pin-stdin"], folder)
        #expect(run.status == 0, "\(run.err)")
        return folder
    }
}
