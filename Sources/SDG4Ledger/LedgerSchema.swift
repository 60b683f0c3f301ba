import GRDB

/// The ledger's tables, as numbered migrations: a ledger made by an older sdg4 is brought up to
/// date when opened, and one made by a newer sdg4 is refused.
enum LedgerSchema {
    /// The identifiers of every migration, oldest first; the last is the schema version.
    static let versions = ["v1", "v2", "v3"]

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        started_at TEXT NOT NULL,
                        finished_at TEXT NOT NULL,
                        tool_version TEXT NOT NULL,
                        pipeline_sha256 TEXT NOT NULL,
                        context TEXT NOT NULL,
                        files_read INTEGER NOT NULL,
                        files_reused INTEGER NOT NULL,
                        "values" INTEGER NOT NULL,
                        errors INTEGER NOT NULL,
                        warnings INTEGER NOT NULL,
                        is_edition BOOLEAN NOT NULL,
                        changes TEXT NOT NULL,
                        results TEXT
                    );
                    CREATE TABLE file (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        source_id TEXT NOT NULL,
                        path TEXT NOT NULL,
                        arrived_as TEXT,
                        origin TEXT NOT NULL CHECK (origin IN ('source', 'inbox')),
                        sha256 TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        modified INTEGER NOT NULL,
                        rows_read INTEGER NOT NULL,
                        rows_accepted INTEGER NOT NULL,
                        rows_rejected INTEGER NOT NULL,
                        status TEXT NOT NULL
                            CHECK (status IN ('active', 'superseded', 'duplicate', 'quarantined', 'changed', 'removed')),
                        superseded_by INTEGER REFERENCES file(id),
                        duplicate_of INTEGER REFERENCES file(id),
                        periods TEXT NOT NULL,
                        first_seen_run INTEGER NOT NULL,
                        first_seen_at TEXT NOT NULL,
                        last_seen_run INTEGER NOT NULL,
                        note TEXT NOT NULL
                    );
                    CREATE INDEX file_path ON file(path);
                    CREATE INDEX file_sha ON file(source_id, sha256);
                    CREATE TABLE contribution (
                        file_id INTEGER NOT NULL REFERENCES file(id) ON DELETE CASCADE,
                        fingerprint TEXT NOT NULL,
                        data BLOB NOT NULL,
                        PRIMARY KEY (file_id, fingerprint)
                    );
                    CREATE TABLE pending_move (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        from_path TEXT NOT NULL,
                        to_path TEXT NOT NULL,
                        error_text TEXT
                    );
                    """)
        }
        // v2: one ledger serves the pipelines of a folder, each with its own files and runs. The
        // rows of a v1 ledger (one pipeline) are adopted by the first pipeline that opens it.
        m.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN pipeline TEXT NOT NULL DEFAULT '';
                    ALTER TABLE file ADD COLUMN pipeline TEXT NOT NULL DEFAULT '';
                    ALTER TABLE pending_move ADD COLUMN pipeline TEXT NOT NULL DEFAULT '';
                    DROP INDEX file_path;
                    DROP INDEX file_sha;
                    CREATE INDEX file_path ON file(pipeline, path);
                    CREATE INDEX file_sha ON file(pipeline, source_id, sha256);
                    """)
        }
        // v3: a delivery's rank is stored once, when it first arrives (docs/inbox.md, rule 2),
        // and the problems of a quarantined file are kept for as long as it stays there.
        // Inbox files of an older ledger keep the rank they had: the run that first saw them.
        m.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    ALTER TABLE file ADD COLUMN delivery_run INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE file ADD COLUMN delivery_name TEXT NOT NULL DEFAULT '';
                    ALTER TABLE file ADD COLUMN problems TEXT;
                    UPDATE file SET delivery_run = first_seen_run, delivery_name = path WHERE origin = 'inbox';
                    UPDATE file SET delivery_name = path WHERE origin = 'source';
                    """)
        }
        return m
    }
}
