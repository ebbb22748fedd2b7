import BidpanelCore
import Foundation
import Testing
@testable import BidpanelStore

/// Many real processes on one evaluation file.
@Suite("Evaluation file: processes")
struct StoreProcessTests {
    /// Ten processes writing back to back is far harder than a real panel,
    /// where a person takes seconds per value. The count is kept modest so the
    /// test checks that nothing is lost, not how fast a loaded disk is: with
    /// 200 each, a busy CI machine starved one writer past the busy timeout.
    @Test func tenWritersAtOnceLoseNothing() throws {
        let writes = 40
        let store = try Fixtures.stressStore()
        let writers = (0..<10).map { m -> (Process, Pipe, Pipe) in
            let process = Process()
            process.executableURL = Fixtures.probe
            process.arguments = ["write", store.path, "m\(m)", Fixtures.pin("m\(m)"), "\(writes)"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            return (process, out, err)
        }
        for (process, _, _) in writers { try process.run() }
        var reported = 0
        for (process, out, err) in writers {
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(errors)")
            #expect(!errors.contains("locked") && !errors.contains("busy"), "\(errors)")
            reported += output.split(separator: "\n").filter { $0.hasPrefix("committed") }.count
        }
        #expect(reported == 10 * writes)
        let chair = try store.signIn(member: "m0", pin: Fixtures.chairPIN)
        let sheet = try chair.scoreSheet()
        #expect(sheet.memberValues.count == 10 * writes)
        #expect(Set(sheet.memberValues.map(\.member)).count == 10)
        #expect(try store.verifyAudit().isEmpty)
    }

    @Test func aWriterKilledAtRandomMomentsLosesNothingItReportedSaved() throws {
        let store = try Fixtures.stressStore()
        var generator = SystemRandomNumberGenerator()
        var durable: [String: String] = [:] // "bid criterion" → value last reported committed
        for round in 0..<20 {
            let process = Process()
            process.executableURL = Fixtures.probe
            // Each round starts where the previous one stopped reporting, so
            // the values it writes are new.
            process.arguments = ["loop", store.path, "m1", Fixtures.pin("m1"), "\(durable.count + round * 7)"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The kill comes at a random moment after the writer's first
            // reported commit, however long signing in took on a busy machine.
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("committed ") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break } // the writer stopped on its own: nothing to wait for
                seen += chunk
            }
            usleep(UInt32.random(in: 0...300_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let output = String(decoding: seen + out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            var thisRound: [String: String] = [:]
            var unreported: String? // the one write that may have committed without being reported
            for line in output.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 4 else { continue } // a line cut by the kill was never complete
                let key = "\(parts[1]) \(parts[2])"
                if parts[0] == "writing" { unreported = key }
                if parts[0] == "committed" { thisRound[key] = String(parts[3]); unreported = nil }
            }
            if let unreported { thisRound[unreported] = nil }
            durable.merge(thisRound) { _, new in new }
            // The file opens, its chain verifies, and every reported value is there.
            let reopened = try EvaluationStore.open(path: store.path)
            #expect(try reopened.verifyAudit().isEmpty, "round \(round)")
            let chair = try reopened.signIn(member: "m0", pin: Fixtures.chairPIN)
            let sheet = try chair.scoreSheet()
            for (key, value) in thisRound {
                let parts = key.split(separator: " ").map(String.init)
                let found = sheet.value(of: "m1", at: Slot(bid: parts[0], criterion: parts[1]))
                #expect(found.map { ScoresCSV.format($0.value, panel: reopened.panel) } == value, "round \(round): \(key)")
            }
        }
        #expect(durable.count > 20)
    }
}
