import BidpanelCore

/// The Elm-style view: a frame for the state, with the cursor on the
/// focused item. Pure.
public func render(_ state: AppState) -> Canvas {
    var canvas = Canvas(size: state.size)
    guard !state.size.isTooSmall else {
        canvas.cursor = TooSmallScreen.render(&canvas)
        return canvas
    }
    var cursor: Point?
    switch state.screen {
    case let .signIn(screen):
        cursor = screen.render(&canvas, state: state)
        if screen.problem == nil && screen.pinFor == nil { Chrome.statusLine(&canvas, state.status) }
    case let .conflicts(screen):
        guard let session = state.session else { break }
        cursor = screen.render(&canvas, state: state, session: session)
        if screen.problem == nil { Chrome.statusLine(&canvas, state.status) }
    case let .bidList(screen):
        guard let session = state.session else { break }
        cursor = screen.render(&canvas, state: state, session: session)
        if screen.problem == nil { Chrome.statusLine(&canvas, state.status) }
    case let .walkthrough(walk):
        guard let session = state.session else { break }
        cursor = walk.readingAll
            ? walk.renderReadAll(&canvas, panel: state.panel, plain: session.plainWording)
            : walk.render(&canvas, state: state, session: session)
    case let .review(review):
        guard let session = state.session else { break }
        cursor = review.render(&canvas, state: state, session: session)
    case let .board(board):
        guard let session = state.session else { break }
        guard let chair = state.chair else { cursor = ChairWording.loading(&canvas, state: state, session: session); break }
        cursor = board.render(&canvas, state: state, session: session, chair: chair)
    case let .moderation(moderation):
        guard let chair = state.chair else { break }
        cursor = moderation.render(&canvas, state: state, chair: chair)
    case let .totals(totals):
        guard let chair = state.chair else { break }
        cursor = totals.render(&canvas, state: state, chair: chair)
    }
    if state.showingHelp {
        cursor = HelpScreen.render(&canvas, screen: state.screen, plain: state.plainWording, chair: state.isChair,
                                   scroll: state.helpScroll)
    }
    canvas.cursor = cursor
    if !state.colour { canvas.removeTints() }
    return canvas
}

extension Canvas {
    /// NO_COLOR: the frame keeps its marks and styles, loses its colours.
    mutating func removeTints() {
        for y in 0..<size.height {
            for x in 0..<size.width where cells[y][x].tint != .plain {
                restyle(y: y, from: x, to: x + 1, style: cells[y][x].style, tint: .plain)
            }
        }
    }
}
