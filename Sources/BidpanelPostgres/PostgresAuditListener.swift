import Logging
import PostgresNIO

/// Hears of every audit entry the moment its transaction commits, with no
/// polling: the server's `append_audit` sends `NOTIFY` on the evaluation's
/// channel with the entry's number, and PostgreSQL delivers it on commit
/// only (a write rolled back sends nothing). A screen that hears a number
/// past what it shows reads again through its functions.
///
/// The notice carries the number alone, never what changed: any role may
/// LISTEN on any channel, so a notice must give nothing away.
public struct PostgresAuditListener: Sendable {
    public let schema: EvaluationSchema
    let connection: PostgresConnection
    let logger: Logger

    /// `connection` is given over to listening while `listen` runs (a
    /// terminal's own connection for reading can stay free).
    public init(schema: EvaluationSchema, connection: PostgresConnection, logger: Logger) {
        self.schema = schema
        self.connection = connection
        self.logger = logger
    }

    /// Calls `onReady` once the server is listening, then `onEntry` with
    /// each new entry's number, in commit order, until the task is
    /// cancelled, the connection closes, or `onEntry` returns false.
    public func listen(onReady: @Sendable () async -> Void = {},
                       onEntry: @Sendable (Int) async -> Bool) async throws {
        try await connection.listen(on: schema.auditChannel) { notices in
            await onReady()
            for try await notice in notices {
                guard let seq = Int(notice.payload) else {
                    logger.warning("a notice on \(schema.auditChannel) that is not an entry's number was ignored")
                    continue
                }
                if !(await onEntry(seq)) { return }
            }
        }
    }
}
