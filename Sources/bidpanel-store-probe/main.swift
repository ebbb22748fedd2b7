import BidpanelCore
import BidpanelStore
import Foundation

// A small program the store tests start as separate processes, and the write
// benchmark uses. Not for panel members.
//
//   bidpanel-store-probe write FILE MEMBER PIN COUNT   record COUNT values, one transaction each
//   bidpanel-store-probe loop FILE MEMBER PIN          record values until killed
//   bidpanel-store-probe hold FILE SECONDS             hold the write lock, as a stuck process would
//
// After each commit it prints "committed BID CRITERION VALUE" and flushes, so
// a parent knows exactly what was durable before it killed the process.

/// Written straight to the file descriptor: nothing waits in a buffer when
/// the process is killed.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
let args = CommandLine.arguments
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("probe: \(message)\n".utf8))
    exit(1)
}
guard args.count >= 3 else { fail("usage: write|loop|hold FILE …") }

do {
    let store = try EvaluationStore.open(path: args[2])
    switch args[1] {
    case "write", "loop":
        guard args.count >= 5 else { fail("usage: \(args[1]) FILE MEMBER PIN [COUNT]") }
        let session = try store.signIn(member: args[3], pin: args[4])
        let limit = args[1] == "write" ? Int(args[5]) ?? 0 : Int.max
        let slots = store.panel.bids.flatMap { session.slots(for: $0.id) }.filter { $0.principle == nil }
        let start = Date()
        var count = 0
        while count < limit {
            let slot = slots[count % slots.count]
            guard let criterion = store.panel.criterion(id: slot.criterion),
                  let scale = store.panel.scale(id: criterion.scaleID ?? "") else { count += 1; continue }
            // Cycle through the scale so a rewritten slot really changes.
            let point = scale.points[(count / slots.count + count) % scale.points.count].value
            try session.record(slot, .scale(point))
            say("committed \(slot.bid) \(slot.criterion) \(point)")
            count += 1
        }
        let seconds = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "probe: %d writes in %.3f s\n", count, seconds).utf8))
    case "hold":
        try store.holdWriteLock(seconds: Double(args[3]) ?? 5)
    default:
        fail("unknown mode \(args[1])")
    }
} catch {
    fail("\(error)")
}
