import BidpanelTUI
import Foundation
import Glibc
import Testing

@testable import BidpanelTerminal

extension TerminalTests {
    /// The wait the program loop uses: in poll, on the keyboard, the loop's
    /// wake-up and the signals, so an idle screen costs nothing. Each test
    /// gives a long limit that only a broken wait would reach.
    @Suite
    struct TerminalWaitTests {
        static let limit = 20_000

        /// Runs `action` on another thread a moment after the wait begins,
        /// and returns the event and whether the wait ended before `limit`.
        static func wait(_ headless: HeadlessTerminal, wake: Wakeup, limit: Int? = limit,
                         after action: @escaping @Sendable () -> Void) -> (TerminalEvent, early: Bool) {
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.05, execute: action)
            let start = Date()
            let event = headless.terminal.nextEvent(milliseconds: limit, wake: wake.fileDescriptor)
            return (event, Date().timeIntervalSince(start) < Double(Self.limit) / 2000)
        }

        @Test func aWakeUpEndsTheWait() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            let wake = Wakeup()
            let (event, early) = Self.wait(headless, wake: wake) { wake.wake() }
            #expect(event == .idle)
            #expect(early)
            #expect(wake.drain())
            #expect(headless.terminal.waitsOnWake)
        }

        @Test func aKeyEndsTheWait() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            let wake = Wakeup()
            nonisolated(unsafe) let typist = headless
            let (event, early) = Self.wait(headless, wake: wake) { typist.type("é") }
            #expect(event == .key(.character("é")))
            #expect(early)
            #expect(!wake.drain())
        }

        @Test func keysTypedAheadComeFirstAndInOrder() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            let wake = Wakeup()
            headless.type("ab\u{1B}[B")
            wake.wake()
            for expected in [Key.character("a"), .character("b"), .down] {
                #expect(headless.terminal.nextEvent(milliseconds: Self.limit, wake: wake.fileDescriptor) == .key(expected))
            }
            #expect(headless.terminal.nextEvent(milliseconds: Self.limit, wake: wake.fileDescriptor) == .idle)
        }

        @Test func theDeadlineEndsTheWait() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            let wake = Wakeup()
            #expect(headless.terminal.nextEvent(milliseconds: 30, wake: wake.fileDescriptor) == .idle)
        }

        /// A stop signal reaching any thread ends a wait with no deadline.
        @Test func aStopSignalEndsAWaitForEver() throws {
            let headless = try HeadlessTerminal()
            defer {
                TerminalGuard.clearPendingStopSignal()
                headless.finish()
            }
            let wake = Wakeup()
            let (event, early) = Self.wait(headless, wake: wake) { kill(getpid(), SIGTERM) }
            #expect(event == .stop(reason: "SIGTERM"))
            #expect(early)
        }

        @Test func closedInputEndsTheWait() throws {
            let headless = try HeadlessTerminal()
            defer { headless.finish() }
            let wake = Wakeup()
            nonisolated(unsafe) let typist = headless
            let (event, early) = Self.wait(headless, wake: wake) { typist.closeInput() }
            #expect(event == .stop(reason: "input closed"))
            #expect(early)
        }
    }
}
