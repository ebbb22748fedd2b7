import BidpanelCore
import BidpanelStore
import Foundation

// A small program the store tests start as separate processes, and the write
// benchmark uses. Not for panel members.
//
//   bidpanel-store-probe write FILE MEMBER PIN COUNT   record COUNT values, one transaction each
//   bidpanel-store-probe loop FILE MEMBER PIN [START]  record values until killed, from slot START
//   bidpanel-store-probe hold FILE SECONDS             hold the write lock, as a stuck process would
//   bidpanel-store-probe sign-in FILE MEMBER PIN CHANNEL
//       open the file, print "ready", wait for a line on standard input (so
//       many processes can be let go at once), then try the PIN and print
//       "signed in" or "refused: MESSAGE"
//
// Before each write it prints "writing BID CRITERION VALUE" and after the
// commit "committed BID CRITERION VALUE", unbuffered, so a parent knows exactly
// what was reported durable before it killed the process (and which one write
// may have committed unreported).

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
        let first = args[1] == "loop" && args.count > 5 ? Int(args[5]) ?? 0 : 0
        let limit = args[1] == "write" ? Int(args[5]) ?? 0 : Int.max
        let slots = store.panel.bids.flatMap { session.slots(for: $0.id) }.filter { $0.principle == nil }
        let start = Date()
        var count = first
        while count - first < limit {
            let slot = slots[count % slots.count]
            guard let criterion = store.panel.criterion(id: slot.criterion),
                  let scale = store.panel.scale(id: criterion.scaleID ?? "") else { count += 1; continue }
            // Cycle through the scale so a rewritten slot really changes.
            let point = scale.points[(count / slots.count + count) % scale.points.count].value
            say("writing \(slot.bid) \(slot.criterion) \(point)")
            try session.record(slot, .scale(point))
            say("committed \(slot.bid) \(slot.criterion) \(point)")
            count += 1
        }
        let seconds = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "probe: %d writes in %.3f s\n", count - first, seconds).utf8))
    case "sign-in":
        guard args.count >= 6, let channel = SignInChannel(rawValue: args[5]) else {
            fail("usage: sign-in FILE MEMBER PIN screen|command")
        }
        say("ready")
        _ = readLine()
        do {
            _ = try store.signIn(member: args[3], pin: args[4], channel: channel)
            say("signed in")
        } catch {
            say("refused: \(error)")
        }
    case "hold":
        try store.holdWriteLock(seconds: Double(args[3]) ?? 5)
    default:
        fail("unknown mode \(args[1])")
    }
} catch {
    fail("\(error)")
}
