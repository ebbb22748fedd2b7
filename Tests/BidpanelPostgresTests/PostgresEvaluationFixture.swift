import BidpanelCore
import BidpanelPostgres
import Foundation
import Logging
import PostgresNIO

/// The shipped youth-services panel in its own schema of the shared
/// cluster, with a PIN for every member and a password for the terminal
/// role. Each test makes its own (a new schema and roles), so tests running
/// at once never share an evaluation.
struct PostgresEvaluationFixture {
    let cluster: PostgresCluster
    let schema: EvaluationSchema
    let panel: Panel
    let terminalPassword: String
    let logger = Logger(label: "bidpanel-postgres-tests")

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every member's PIN: distinct, so a right PIN for one is wrong for another.
    static let pins = ["priya": "4826", "david": "5937", "helen": "6048", "zoe": "7159", "kyle": "8260"]

    static func make() async throws -> PostgresEvaluationFixture {
        let cluster = try PostgresCluster.shared()
        let schema = try EvaluationSchema("ev_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))
        let panelPath = root.appendingPathComponent("panels/youth-services.toml").path
        let loaded = try PanelFile.load(path: panelPath)
        let fixture = PostgresEvaluationFixture(cluster: cluster, schema: schema, panel: loaded.panel,
                                                terminalPassword: "terminal-" + UUID().uuidString)
        try await fixture.asAdmin { connection in
            try await PostgresMigrations.migrate(schema, on: connection, logger: fixture.logger)
            let setup = PostgresEvaluationSetup(schema: schema, logger: fixture.logger)
            try await setup.create(panel: loaded.panel, panelPath: "panels/youth-services.toml", panelText: loaded.text,
                                   on: connection)
            for member in loaded.panel.members {
                try await setup.setPIN(member: member.id, pin: pins[member.id]!, actor: "priya", on: connection)
            }
            try await setup.setTerminalPassword(fixture.terminalPassword, on: connection)
        }
        return fixture
    }

    /// Runs `body` on a new connection as the cluster's administrator.
    func asAdmin<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await cluster.connectAsAdmin(logger: logger)
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs `body` with a terminal connected as the terminal role.
    func asTerminal<T: Sendable>(_ body: (PostgresTerminal) async throws -> T) async throws -> T {
        let connection = try await cluster.connect(user: schema.terminalRole, password: terminalPassword, logger: logger)
        do {
            let value = try await body(PostgresTerminal(schema: schema, connection: connection, logger: logger))
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// psql as the terminal role, the way a member with its credentials would.
    func psqlAsTerminal(_ sql: String) throws -> (ok: Bool, output: String) {
        try cluster.psql(user: schema.terminalRole, password: terminalPassword, sql)
    }

    /// psql as the administrator (the database's superuser).
    func psqlAsAdmin(_ sql: String) throws -> (ok: Bool, output: String) {
        try cluster.psql(user: cluster.admin, password: cluster.adminPassword, sql)
    }

    /// Signs a member in with their PIN; the token.
    func token(_ member: String, on terminal: PostgresTerminal) async throws -> String {
        try await terminal.signIn(member: member, pin: Self.pins[member]!).get()
    }

    /// Every slot a member scores on a bid, as (criterion, principle).
    func slots(of member: String) -> [(criterion: String, principle: String)] {
        let role = panel.member(id: member)!.role
        return panel.criteria.filter { $0.scoredBy.contains(role) }.flatMap { criterion in
            criterion.kind == .matrix
                ? panel.matrix.principles.map { (criterion.id, $0.id) }
                : [(criterion.id, "")]
        }
    }

    /// Records every slot the member scores on `bid` with `value`, or, on a
    /// criterion whose scale has no such value, the nearest it has (a
    /// matrix level, a ladder rung; a pass on pass/fail).
    func recordAll(_ member: String, bid: String, value: String, token: String, on terminal: PostgresTerminal) async throws {
        for slot in slots(of: member) {
            try await terminal.record(token: token, bid: bid, criterion: slot.criterion, principle: slot.principle,
                                      value: fitting(value, slot.criterion), comment: "\(member) on \(slot.criterion)")
        }
    }

    /// `value` as a value of `criterion` (see `recordAll`).
    func fitting(_ value: String, _ criterion: String) -> String {
        let index = Int(value) ?? 0
        switch panel.criterion(id: criterion)!.kind {
        case .scored: return value
        case .matrix: return String(min(index, panel.matrix.levels.count - 1))
        case .ladder: return panel.ladder.rungs[min(index, panel.ladder.rungs.count - 1)].id
        case .passFail: return "pass"
        }
    }

    /// The chair's (Priya's) token and a member's, on one terminal.
    func chairAnd(_ member: String, on terminal: PostgresTerminal) async throws -> (chair: String, member: String) {
        (try await token("priya", on: terminal), try await token(member, on: terminal))
    }
}
