/// The ladder of co-production: rungs from bottom (index 0) to top.
public struct Ladder: Sendable, Equatable {
    public var rungs: [Rung]

    public init(rungs: [Rung]) { self.rungs = rungs }

    public func index(of rungID: String) -> Int? { rungs.firstIndex { $0.id == rungID } }

    /// Stages in bottom-to-top order, each with its rungs.
    public var stages: [(stage: String, rungs: [Rung])] {
        var result: [(stage: String, rungs: [Rung])] = []
        for rung in rungs {
            if let last = result.last, last.stage == rung.stage {
                result[result.count - 1].rungs.append(rung)
            } else {
                result.append((rung.stage, [rung]))
            }
        }
        return result
    }
}

public struct Rung: Sendable, Equatable {
    public var id: String
    public var label: String
    public var stage: String
    /// Officer wording.
    public var meaning: String
    /// Young assessors' wording.
    public var plain: String

    public init(id: String, label: String, stage: String, meaning: String, plain: String) {
        self.id = id
        self.label = label
        self.stage = stage
        self.meaning = meaning
        self.plain = plain
    }
}

/// The co-production evaluation matrix: each principle judged at one level.
public struct Matrix: Sendable, Equatable {
    public var levels: [String]
    public var principles: [Principle]

    public init(levels: [String], principles: [Principle]) {
        self.levels = levels
        self.principles = principles
    }

    public func principle(id: String) -> Principle? { principles.first { $0.id == id } }
}

public struct Principle: Sendable, Equatable {
    public var id: String
    public var title: String
    public var question: String
    /// One per level: what a bid at that level looks like (officer wording).
    public var descriptors: [String]
    /// One per level, for young assessors; empty when not given.
    public var plain: [String]

    public init(id: String, title: String, question: String, descriptors: [String], plain: [String]) {
        self.id = id
        self.title = title
        self.question = question
        self.descriptors = descriptors
        self.plain = plain
    }
}

// MARK: - Built-in defaults (our own wording)

extension Ladder {
    public static let standard = Ladder(rungs: [
        Rung(id: "coercing", label: "Coercing", stage: "doing to",
             meaning: "People are made to take part in a service that professionals have decided they need; they have no say at all.",
             plain: "People are made to join in. No say."),
        Rung(id: "educating", label: "Educating", stage: "doing to",
             meaning: "Professionals aim to change how people think or behave; the flow of knowledge runs one way.",
             plain: "Staff tell people what to think."),
        Rung(id: "informing", label: "Informing", stage: "doing for",
             meaning: "People are told about decisions and services, but cannot shape them.",
             plain: "People are told what happens. No say."),
        Rung(id: "consulting", label: "Consulting", stage: "doing for",
             meaning: "People are asked for their views, but professionals decide whether to act on them.",
             plain: "People are asked. Staff may ignore it."),
        Rung(id: "engaging", label: "Engaging", stage: "doing for",
             meaning: "People are involved and their views carry weight, but the agenda and final decisions stay with professionals.",
             plain: "Their views count, but staff decide."),
        Rung(id: "co-designing", label: "Co-designing", stage: "doing with",
             meaning: "People share power in designing the service and their ideas shape what is offered.",
             plain: "People and staff plan it together."),
        Rung(id: "co-producing", label: "Co-producing", stage: "doing with",
             meaning: "People who use the service share power and responsibility for designing and delivering it as equal partners.",
             plain: "People run it with staff as equals."),
    ])
}

extension Matrix {
    public static let standardLevels = ["Not co-production", "Basic", "Getting there", "Excellent"]

    public static let standard = Matrix(levels: standardLevels, principles: [
        Principle(
            id: "capabilities", title: "Building on people's existing capabilities",
            question: "Does the service help people notice what they are good at, grow those strengths and put them to use?",
            descriptors: [
                "People are seen only in terms of their needs or problems.",
                "People's skills are noted, but there are few chances to use them.",
                "People are regularly offered roles that use and build their skills.",
                "The service is built around what people can do; they take on real, valued roles and grow in them.",
            ],
            plain: [
                "Staff only see what people cannot do.",
                "Staff notice skills but people rarely use them.",
                "People often get to use and grow their skills.",
                "The whole service runs on what people are good at.",
            ]),
        Principle(
            id: "reciprocity", title: "Reciprocity and mutuality",
            question: "Do staff and the people using the service have shared roles, duties and expectations of each other?",
            descriptors: [
                "Help flows one way: staff give, people receive.",
                "People are sometimes asked to give something back.",
                "Clear two-way arrangements exist for some activities.",
                "Give and take is built into everything, with agreed roles on both sides.",
            ],
            plain: [
                "Staff give help. People only take it.",
                "People sometimes give something back.",
                "Staff and people help each other in some things.",
                "Everyone gives and gets. It is fair both ways.",
            ]),
        Principle(
            id: "peer-support", title: "Peer support networks",
            question: "Does the service link people up so that they support each other and share what they know?",
            descriptors: [
                "People only deal with staff, never with each other.",
                "People meet each other, but support between them is left to chance.",
                "The service actively sets up peer support for some people.",
                "Peer networks are central: people support, mentor and learn from each other as a matter of course.",
            ],
            plain: [
                "People only talk to staff.",
                "People meet but do not really help each other.",
                "The service sets up some ways to help each other.",
                "People help and teach each other all the time.",
            ]),
        Principle(
            id: "facilitating", title: "Facilitating rather than delivering",
            question: "Do staff make it possible for people to lead and run things, rather than doing everything themselves?",
            descriptors: [
                "Staff plan and deliver everything.",
                "People are invited to help with parts that staff run.",
                "People lead some activities with staff support.",
                "Staff act as enablers; people lead and deliver much of the service.",
            ],
            plain: [
                "Staff do everything.",
                "People can help staff with some jobs.",
                "People run some things. Staff back them up.",
                "People lead most things. Staff help them do it.",
            ]),
    ])
}
