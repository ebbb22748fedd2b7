/// The evaluation file's tables (BidpanelStore's Schema, migrations v1 to
/// v8, as they stand today), in one PostgreSQL schema. Differences, each
/// because the server now checks what bidpanel checked in the client:
/// - `member` keeps each member's name and role, and `criterion` and
///   `principle` who scores what, which the file leaves to the frozen panel
///   text (the server cannot read TOML);
/// - the PIN hash is bcrypt from pgcrypto, checked by `sign_in`, so
///   `pin_salt` and `pin_rounds` are gone, and so is `pin_checks` (a try is
///   one transaction here, holding its member's row);
/// - `added_member` is folded into `member` (`added_at`);
/// - `session` holds the SHA-256 of each signed-in terminal's token.
/// Times are text in the file's format (2027-01-15T08:00:00.000Z), so the
/// audit log hashes the same bytes on both engines; lock times are timestamps.
extension PostgresMigrations {
    static let tables = PostgresMigration(name: "1: tables") { _ in
        [
            """
            CREATE TABLE panel_source (
                id integer PRIMARY KEY CHECK (id = 1),
                path text NOT NULL, toml text NOT NULL, frozen_at text NOT NULL)
            """,
            "CREATE TABLE answers_file (path text PRIMARY KEY, text text NOT NULL)",
            """
            CREATE TABLE bid (
                id text PRIMARY KEY, position integer NOT NULL, bidder text NOT NULL,
                price text, -- exact decimal text
                answers_path text, supplier_id text, address text, email text)
            """,
            """
            CREATE TABLE member (
                id text PRIMARY KEY, name text NOT NULL,
                role text NOT NULL CHECK (role IN ('chair', 'officer', 'young', 'observer')),
                pin_hash text, -- bcrypt, from pgcrypto's crypt()
                conflicts_declared_at text,
                added_at text -- set for a member added after init
            )
            """,
            """
            CREATE TABLE criterion (
                id text PRIMARY KEY, position integer NOT NULL,
                kind text NOT NULL CHECK (kind IN ('scored', 'pass_fail', 'ladder', 'matrix')),
                scored_by text[] NOT NULL, stage text)
            """,
            "CREATE TABLE principle (id text PRIMARY KEY, position integer NOT NULL)",
            """
            CREATE TABLE member_value (
                bid text NOT NULL, criterion text NOT NULL,
                principle text NOT NULL, -- '' when not a matrix criterion
                member text NOT NULL, value text NOT NULL, comment text NOT NULL,
                source text NOT NULL, recorded_at text NOT NULL,
                PRIMARY KEY (bid, criterion, principle, member))
            """,
            "CREATE INDEX member_value_by_member ON member_value (member, bid)",
            """
            CREATE TABLE moderated_value (
                bid text NOT NULL, criterion text NOT NULL, principle text NOT NULL,
                value text NOT NULL, reason text NOT NULL, recorded_at text NOT NULL,
                PRIMARY KEY (bid, criterion, principle))
            """,
            """
            CREATE TABLE conflict (
                bid text NOT NULL, member text NOT NULL, reason text NOT NULL, declared_at text NOT NULL,
                PRIMARY KEY (bid, member))
            """,
            """
            CREATE TABLE submission (
                bid text NOT NULL, member text NOT NULL, submitted_at text NOT NULL,
                PRIMARY KEY (bid, member))
            """,
            """
            CREATE TABLE state (
                id integer PRIMARY KEY CHECK (id = 1), signed_off_at text,
                audit_count bigint NOT NULL, audit_head text NOT NULL, witness text)
            """,
            "INSERT INTO state (id, audit_count, audit_head) VALUES (1, 0, repeat('0', 64))",
            """
            CREATE TABLE audit (
                seq bigint PRIMARY KEY, at text NOT NULL, actor text NOT NULL, action text NOT NULL,
                bid text NOT NULL, criterion text NOT NULL, principle text NOT NULL, member text NOT NULL,
                old_value text NOT NULL, new_value text NOT NULL, reason text NOT NULL, source text NOT NULL,
                prev_hash text NOT NULL, hash text NOT NULL,
                encoding integer NOT NULL DEFAULT 2)
            """,
            "CREATE INDEX audit_by_action ON audit (action)",
            """
            CREATE TABLE seal_item (
                seal_seq bigint NOT NULL, position integer NOT NULL, label text NOT NULL, value text NOT NULL,
                PRIMARY KEY (seal_seq, position))
            """,
            """
            CREATE TABLE pin_tries (
                member text NOT NULL, channel text NOT NULL,
                failed integer NOT NULL DEFAULT 0, -- wrong PINs in a row
                locks integer NOT NULL DEFAULT 0, -- locks in a row (the next is longer)
                locked_until timestamptz,
                PRIMARY KEY (member, channel))
            """,
            """
            CREATE TABLE bid_standing (
                bid text PRIMARY KEY, standing text NOT NULL, reason text NOT NULL, recorded_at text NOT NULL)
            """,
            "CREATE TABLE stage_sign_off (stage text PRIMARY KEY, signed_off_at text NOT NULL)",
            """
            CREATE TABLE shortlist_override (
                stage text NOT NULL, bid text NOT NULL, goes_on integer NOT NULL,
                reason text NOT NULL, recorded_at text NOT NULL,
                PRIMARY KEY (stage, bid))
            """,
            // Only the token's hash: someone who reads this table (the
            // database administrator) cannot sign in with what they read.
            """
            CREATE TABLE session (
                token_hash bytea PRIMARY KEY,
                member text NOT NULL REFERENCES member (id),
                started_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL)
            """,
            // Append-only even for the functions that own the table: the
            // trigger refuses every change but INSERT. (The database
            // administrator can drop it; the hash chain shows what they did.)
            """
            CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the % table is append-only: its rows are never changed or removed', TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """,
            // Statement triggers: they refuse even a change that would touch no row.
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()",
            "CREATE TRIGGER seal_item_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON seal_item FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()",
        ]
    }
}
