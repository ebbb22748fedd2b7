import BidpanelCore
import BidpanelStore

/// The Elm-style update: the only place state changes. Pure: anything that
/// touches the evaluation file goes out as an `Effect`.
public func update(_ state: AppState, _ action: Action) -> (AppState, [Effect]) {
    var state = state
    let effects = state.apply(action)
    return (state, effects)
}

extension AppState {
    /// Whether keys are going into a free-text field (so `?` is a letter).
    var isTyping: Bool {
        switch screen {
        case let .signIn(screen): screen.pinFor != nil
        case let .conflicts(screen): screen.isTyping
        case let .walkthrough(walk): walk.isTyping
        case let .review(review): review.walkthrough.isTyping
        case let .board(board): board.isTyping
        case let .moderation(moderation): moderation.isTyping
        case let .totals(totals): totals.tie != nil
        case .bidList: false
        }
    }

    public mutating func apply(_ action: Action) -> [Effect] {
        switch action {
        case let .resized(size):
            self.size = size
            // Whether the members' list needs paging depends on the window.
            if case var .moderation(moderation) = screen, let chair {
                moderation.size = size
                moderation.refresh(chair: chair)
                screen = .moderation(moderation)
            }
            return []
        case let .tick(now):
            guard now - lastActivity >= idleLimit else { return [] }
            guard session != nil else {
                // A half-typed name or PIN is not left for the next person.
                if case let .signIn(screen) = screen, screen != SignInScreen() {
                    self.screen = .signIn(SignInScreen())
                }
                return []
            }
            let minutes = Int((idleLimit / 60).rounded())
            return handOver(status: Status(idleLimit >= 60
                ? "Locked after \(minutes) minute\(minutes == 1 ? "" : "s") with no keys pressed. Your work is saved."
                : "Locked after a while with no keys pressed. Your work is saved."))
        case .flush:
            return flushTyping()
        case let .key(key, now):
            lastActivity = now
            return handle(key)
        default:
            return applyResult(action)
        }
    }

    /// Saves typed-but-unsaved text on the current screen.
    mutating func flushTyping() -> [Effect] {
        switch screen {
        case var .walkthrough(walk):
            let effects = walk.flush()
            screen = .walkthrough(walk)
            return effects
        default:
            return []
        }
    }

    /// Back to sign-in with nothing of the last person kept or shown.
    mutating func handOver(status: Status?) -> [Effect] {
        let effects = flushTyping()
        session = nil
        chair = nil
        screen = .signIn(SignInScreen())
        showingHelp = false
        self.status = status
        return effects + [.signOut]
    }

    mutating func handle(_ key: Key) -> [Effect] {
        if showingHelp {
            // Long help scrolls; any other key closes it.
            let last = HelpScreen.lastScroll(for: self)
            let step = [Key.down: 1, .pageDown: 10, .up: -1, .pageUp: -10][key]
            if let step, last > 0 {
                helpScroll = min(last, max(0, helpScroll + step))
            } else {
                showingHelp = false
            }
            return []
        }
        if key == CommonKey.handOver.key {
            guard session != nil else { return [] }
            // A pick waiting for its comment is not lost on the way out: ask.
            if case var .walkthrough(walk) = screen, walk.holdsUnsavedPick {
                walk.leaving = .handOver
                screen = .walkthrough(walk)
                return []
            }
            return handOver(status: Status("Handed over. The next person can sign in now."))
        }
        // Too small to draw: keys for a text field are still taken, so typing
        // under way when the window shrank is not lost; other keys wait.
        if size.isTooSmall && !isTyping && !typesIntoSignIn(key) { return [] }
        if key == CommonKey.help.key && !isTyping {
            showingHelp = true
            helpScroll = 0
            return []
        }
        let plain = plainWording
        switch screen {
        case var .signIn(screen):
            if key != .enter { status = nil }
            let effects = screen.update(key, members: members, size: size, demo: !demoPINs.isEmpty)
            self.screen = .signIn(screen)
            return effects
        case var .conflicts(screen):
            guard let session else { return [] }
            let effects = screen.update(key, bids: session.bids)
            self.screen = .conflicts(screen)
            if screen.backToBids { return showBidList(selecting: session.bids.first?.id ?? "") }
            return effects
        case var .bidList(screen):
            guard let session else { return [] }
            guard let command = BidListScreen.keyMap(chair: isChair).command(for: key) else { return [] }
            switch command {
            case .board:
                showBoard()
                status = nil
                return []
            case .addConflict:
                // Declaring a conflict later, e.g. on seeing who a bidder is.
                var conflicts = ConflictScreen(declared: Set(session.progress.filter { $0.value.conflicted }.map(\.key)))
                conflicts.returnsToBids = true
                self.screen = .conflicts(conflicts)
                status = nil
                return []
            default:
                let effects = screen.update(command, key: key, session: session)
                self.screen = .bidList(screen)
                return effects
            }
        case var .walkthrough(walk):
            let before = walk.index
            let (effects, navigation) = walk.update(key, size: size, panel: panel, plain: plain)
            if walk.index != before { status = nil }
            switch navigation {
            case .review: screen = .review(ReviewScreen(walkthrough: walk))
            case .bidList: return effects + showBidList(selecting: walk.bid.id)
            case .handOver: return effects + handOver(status: Status("Handed over. The next person can sign in now."))
            case nil: screen = .walkthrough(walk)
            }
            return effects
        case var .review(review):
            let (effects, navigation) = review.update(key, plain: plain)
            switch navigation {
            case let .step(index):
                var walk = review.walkthrough
                walk.index = index
                walk.enterStep(panel: panel, plain: plain)
                walk.returnToReview = true
                screen = .walkthrough(walk)
                status = nil
            case .bidList: return effects + showBidList(selecting: review.walkthrough.bid.id)
            case nil: screen = .review(review)
            }
            return effects
        case .board, .moderation, .totals:
            return handleChairKey(key)
        }
    }

    /// On the sign-in screen, letters go into "Find:" (or the PIN) even
    /// while the window is too small to draw, so a name typed is kept.
    func typesIntoSignIn(_ key: Key) -> Bool {
        guard case let .signIn(screen) = screen else { return false }
        return screen.takesAsText(key)
    }

    mutating func showBidList(selecting bid: String) -> [Effect] {
        var list = BidListScreen()
        list.selected = session?.bids.firstIndex { $0.id == bid } ?? 0
        screen = .bidList(list)
        return [.loadProgress]
    }

    /// The answers to effects.
    mutating func applyResult(_ action: Action) -> [Effect] {
        switch action {
        case let .signedIn(newSession):
            session = newSession
            screen = newSession.conflictsDeclared ? .bidList(BidListScreen()) : .conflicts(ConflictScreen())
            status = Status("Signed in as \(newSession.member.name).", tone: .good)
            if isChair {
                if newSession.conflictsDeclared { showBoard() }
                return [.watchStanding, .watchBoard]
            }
            return [.watchStanding]
        case let .signInFailed(message):
            if case var .signIn(screen) = screen {
                screen.problem = Self.sentence(message)
                screen.checking = false
                self.screen = .signIn(screen)
            }
        case let .conflictsDeclared(progress):
            session?.progress = progress
            session?.conflictsDeclared = true
            screen = .bidList(BidListScreen())
            if isChair { showBoard() }
            status = Status("Thank you. Your answer about conflicts is saved.", tone: .good)
        case let .bidOpened(bid, values, submitted):
            guard let session else { return [] }
            let steps = Steps.steps(panel: panel, role: session.member.role, stage: session.stages?.currentStage?.id)
            guard !steps.isEmpty else {
                // In stages, a later stage may score criteria this member does not.
                if let stages = session.stages,
                   let nothing = StageWording.nothingNow(stages, panel: panel, role: session.member.role, plain: session.plainWording) {
                    status = Status(nothing, tone: .problem)
                    return []
                }
                status = Status("There is nothing for you to score on this panel.", tone: .problem)
                return []
            }
            var walk = Walkthrough(bid: bid, steps: steps, values: values, submitted: submitted,
                                   readOnly: !session.scores || session.signedOff, panel: panel, plain: plainWording)
            walk.signedOff = session.signedOff
            screen = .walkthrough(walk)
            status = nil
        case let .saved(slot, value):
            let panel = self.panel
            let describe = { (walk: Walkthrough) -> String? in
                guard let step = walk.steps.first(where: { $0.slot(bid: walk.bid.id) == slot }) else { return nil }
                // Saved on the way to another step (a comment, on Enter): say
                // which step, so it is not read as this one.
                let which = walk.step == step ? "" : step.title + ", "
                return "Saved: \(which)\(Steps.describe(value.value, for: step, panel: panel))"
                    + (value.comment.isEmpty ? "" : ", with your comment")
            }
            switch screen {
            case var .walkthrough(walk) where walk.bid.id == slot.bid:
                walk.saved(slot, value)
                status = describe(walk).map { Status($0, tone: .good) }
                screen = .walkthrough(walk)
            case var .review(review) where review.walkthrough.bid.id == slot.bid:
                review.walkthrough.saved(slot, value)
                status = describe(review.walkthrough).map { Status($0, tone: .good) }
                screen = .review(review)
            default: break
            }
        case let .submitted(bid, progress):
            session?.progress = progress
            // Focus moves on to the next bid this member can score now: in
            // stages, one in the stage being scored with something to score.
            let bids = session?.bids ?? []
            let stages = session?.stages
            let after = (bids.firstIndex { $0.id == bid }).map { Array(bids[($0 + 1)...] + bids[..<$0]) } ?? bids
            let next = after.first { candidate in
                guard let progress = progress[candidate.id], !progress.submitted, !progress.conflicted else { return false }
                guard let stages, stages.currentStage != nil else { return true }
                return stages.inCurrentStage(bid: candidate.id) && progress.needed > 0
            }?.id
            _ = showBidList(selecting: next ?? bid)
            var text = plainWording ? "Bid \(bid) is sent in. Thank you!" : "Bid \(bid) submitted. Your values for it are locked."
            if next == nil { text += plainWording ? " There are no more bids for you to score now." : " There is no other bid for you to score now." }
            status = Status(text, tone: .good)
        case let .progressLoaded(progress):
            session?.progress = progress
        case let .failed(message):
            status = Status(Self.sentence(message), tone: .problem)
            if case var .walkthrough(walk) = screen {
                walk.problem = Self.sentence(message)
                walk.saving = nil // the pick was not saved: show what the file holds
                screen = .walkthrough(walk)
            }
        case let .standingChanged(standing):
            applyStanding(standing)
        default:
            applyChairResult(action)
        }
        return []
    }

    static func sentence(_ message: String) -> String {
        guard let first = message.first else { return message }
        let text = first.uppercased() + message.dropFirst()
        return text.hasSuffix(".") ? text : text + "."
    }
}
