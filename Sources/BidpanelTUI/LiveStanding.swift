import BidpanelCore
import BidpanelStore

/// A member's screens follow the file with no key pressed: a bid the chair
/// reopened shows as open again, and a sign-off turns everything read-only.
extension AppState {
    mutating func applyStanding(_ standing: MemberStanding) {
        guard var session else { return }
        let before = session
        session.progress = standing.progress
        session.signedOff = standing.signedOff
        session.stages = standing.stages
        self.session = session
        guard session != before else { return }
        let reopened = before.progress.filter { $0.value.submitted && standing.progress[$0.key]?.submitted == false }
            .map(\.key).sorted()
        let withdrawn = before.progress.filter { $0.value.conflicted && standing.progress[$0.key]?.conflicted == false }
            .map(\.key).sorted()
        switch screen {
        case var .walkthrough(walk):
            walk.follow(session)
            screen = .walkthrough(walk)
        case var .review(review):
            review.walkthrough.follow(session)
            review.confirming = review.confirming && !review.walkthrough.readOnly
            screen = .review(review)
        default: break
        }
        let plain = session.plainWording
        let statusBefore = status
        defer {
            // News replaces an old problem on the list of bids, which may no longer hold.
            if status != statusBefore, case var .bidList(list) = screen {
                list.problem = nil
                screen = .bidList(list)
            }
        }
        // The chair signs off and reopens from their own board, which says
        // so (with the seal to write down): that line is not overwritten.
        let signOffNews = standing.signedOff != before.signedOff && !isChair
        if signOffNews && standing.signedOff {
            status = Status(plain ? "The panel has finished. You can look at your scores, but not change them."
                                  : "The chair has signed off the evaluation. Everything is read-only now.")
        } else if signOffNews {
            status = Status(plain ? "The chair has opened the scoring again. You can change your scores."
                                  : "The chair has reopened the evaluation. You can record values again.")
        } else if let news = StageWording.news(before: before.stages, now: standing.stages, plain: plain), !isChair {
            status = Status(news)
        } else if !reopened.isEmpty {
            let bids = reopened.joined(separator: ", ")
            status = Status(plain ? "The chair opened bid \(bids) again for you. You can change your scores and send them in again."
                                  : "The chair reopened bid \(bids) for you. Change what you need, then submit it again.")
        } else if !withdrawn.isEmpty {
            let bids = withdrawn.joined(separator: ", ")
            status = Status(plain ? "The chair took back your conflict with bid \(bids). You can score it now."
                                  : "The chair withdrew your conflict with bid \(bids). You can open and score it now.")
        }
    }
}

extension Walkthrough {
    /// Takes the submission and the sign-off as the file now has them.
    mutating func follow(_ session: Session) {
        submitted = session.progress[bid.id]?.submitted ?? submitted
        signedOff = session.signedOff
        let locked = !session.scores || submitted || signedOff
        if locked && !readOnly {
            // Nothing more can be saved: a half-typed comment or a pick held
            // for one cannot go to the file, and the status line says why.
            focus = .choices
            pending = nil
            saving = nil
            leaving = nil
        }
        readOnly = locked
    }

    /// Why nothing can be changed here, as the member should read it.
    func lockedReason(plain: Bool) -> String {
        if signedOff {
            return plain ? "The panel has finished, so scores cannot change now."
                         : "The evaluation is signed off, so values cannot change. Only the chair can reopen it."
        }
        if submitted {
            return plain ? "You sent this bid in. Ask the chair if you need to change it."
                         : "You have submitted this bid; the chair can reopen it."
        }
        return "Observers read the bids but do not score."
    }
}
