import GRDB

/// The evaluation file's tables, built by versioned migrations so a file
/// made by an older bidpanel opens (and is upgraded) in a newer one.
enum Schema {
    /// Written into SQLite's header so `open` can tell a bidpanel file from
    /// any other SQLite database ("BIDP").
    static let applicationID: Int32 = 0x4249_4450

    /// The migration that brought the canonical hash encoding and the seal;
    /// a file that had not applied it is sealed when it is upgraded.
    static let sealMigration = "v4: audit hash encoding, content seal, witness"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: panel, members, values, audit") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            // The panel as it was when the evaluation began: later edits to
            // the TOML file cannot change a running evaluation.
            try db.create(table: "panel_source") { t in
                t.column("id", .integer).primaryKey(onConflict: .replace).check { $0 == 1 }
                t.column("path", .text).notNull()
                t.column("toml", .text).notNull()
                t.column("frozen_at", .text).notNull()
            }
            try db.create(table: "answers_file") { t in
                t.column("path", .text).primaryKey()
                t.column("text", .text).notNull()
            }
            try db.create(table: "bid") { t in
                t.column("id", .text).primaryKey()
                t.column("position", .integer).notNull()
                t.column("bidder", .text).notNull()
                t.column("price", .text) // exact decimal text
                t.column("answers_path", .text)
            }
            try db.create(table: "member") { t in
                t.column("id", .text).primaryKey()
                t.column("pin_hash", .blob)
                t.column("pin_salt", .blob)
                t.column("pin_rounds", .integer)
                t.column("failed_tries", .integer).notNull().defaults(to: 0)
                t.column("locked_until", .double) // seconds since 1970
                t.column("conflicts_declared_at", .text) // set once the member has declared (even "none")
            }
            try db.create(table: "member_value") { t in
                t.column("bid", .text).notNull()
                t.column("criterion", .text).notNull()
                t.column("principle", .text).notNull() // "" when not a matrix criterion
                t.column("member", .text).notNull()
                t.column("value", .text).notNull()
                t.column("comment", .text).notNull()
                t.column("source", .text).notNull()
                t.column("recorded_at", .text).notNull()
                t.primaryKey(["bid", "criterion", "principle", "member"])
            }
            try db.create(table: "moderated_value") { t in
                t.column("bid", .text).notNull()
                t.column("criterion", .text).notNull()
                t.column("principle", .text).notNull()
                t.column("value", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("recorded_at", .text).notNull()
                t.primaryKey(["bid", "criterion", "principle"])
            }
            try db.create(table: "conflict") { t in
                t.column("bid", .text).notNull()
                t.column("member", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("declared_at", .text).notNull()
                t.primaryKey(["bid", "member"])
            }
            try db.create(table: "submission") { t in
                t.column("bid", .text).notNull()
                t.column("member", .text).notNull()
                t.column("submitted_at", .text).notNull()
                t.primaryKey(["bid", "member"])
            }
            try db.create(table: "state") { t in
                t.column("id", .integer).primaryKey().check { $0 == 1 }
                t.column("signed_off_at", .text)
                t.column("audit_count", .integer).notNull()
                t.column("audit_head", .text).notNull()
            }
            try db.create(table: "audit") { t in
                t.column("seq", .integer).primaryKey()
                t.column("at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("bid", .text).notNull()
                t.column("criterion", .text).notNull()
                t.column("principle", .text).notNull()
                t.column("member", .text).notNull()
                t.column("old_value", .text).notNull()
                t.column("new_value", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("source", .text).notNull()
                t.column("prev_hash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            // Append-only by construction; a person with the sqlite3 shell can
            // drop these, which is why `audit` verifies the hash chain too.
            try db.execute(sql: """
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
            try db.execute(sql: "INSERT INTO state (id, audit_count, audit_head) VALUES (1, 0, ?)",
                           arguments: [AuditLog.genesis])
        }
        migrator.registerMigration("v2: index values by member") { db in
            // Progress screens ask "what has this member recorded?" often.
            try db.create(index: "member_value_by_member", on: "member_value", columns: ["member", "bid"])
        }
        migrator.registerMigration("v3: bidder contact details") { db in
            // Reg 31 summaries name the supplier: its identifier, address, e-mail.
            try db.alter(table: "bid") { t in
                t.add(column: "supplier_id", .text)
                t.add(column: "address", .text)
                t.add(column: "email", .text)
            }
        }
        migrator.registerMigration(sealMigration) { db in
            // Rows written before keep the JSON encoding they were hashed with (1);
            // new rows name the canonical encoding (2). See AuditLog.hash(of:).
            try db.alter(table: "audit") { t in
                t.add(column: "encoding", .integer).notNull().defaults(to: 1)
            }
            // What the seal in an audit entry covered, item by item, so `audit`
            // can name what changed; the entry's digest is what protects it.
            try db.create(table: "seal_item") { t in
                t.column("seal_seq", .integer).notNull()
                t.column("position", .integer).notNull()
                t.column("label", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["seal_seq", "position"])
            }
            try db.execute(sql: """
                CREATE TRIGGER seal_item_no_update BEFORE UPDATE ON seal_item
                BEGIN SELECT RAISE(ABORT, 'the seal is append-only'); END;
                CREATE TRIGGER seal_item_no_delete BEFORE DELETE ON seal_item
                BEGIN SELECT RAISE(ABORT, 'the seal is append-only'); END;
                """)
            // A file outside the evaluation file that each sign-off's audit
            // head is appended to (init --witness); sealed with the content.
            try db.alter(table: "state") { t in t.add(column: "witness", .text) }
        }
        EvaluationStore.registerPINTries(in: &migrator)
        BidStatus.register(in: &migrator)
        MemberAdmin.register(in: &migrator)
        migrator.registerMigration("v7: audit entries by action") { db in
            // Opening a file reads the set-pin, seal and add-member entries,
            // and the report the sign-offs: a few rows among hundreds of
            // thousands of values, found without reading the whole log.
            try db.create(index: "audit_by_action", on: "audit", columns: ["action"])
        }
        MemberSession.register(stagesIn: &migrator)
        MemberSession.register(tieDecisionsIn: &migrator)
        return migrator
    }

    /// The newest migration this build knows; a file that has applied one
    /// we do not know was made by a newer bidpanel.
    static var knownMigrations: [String] { migrator.migrations }
}
