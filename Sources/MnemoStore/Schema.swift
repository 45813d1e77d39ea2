import GRDB

/// The store's schema, built by forward-only migrations; `schema_version` holds the version for humans and newer-file checks.
enum Schema {
    /// The newest schema version this build knows; bump it with every new migration.
    static let currentVersion = 1

    /// The migrator with every migration in order. Migrations are never edited once released: add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try createVersion1(db) }
        return migrator
    }

    private static func createVersion1(_ db: Database) throws {
        // Times are REAL unix seconds: sortable, cheap to write per metric point, easy to export.
        try db.execute(sql: """
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version (version) VALUES (1);

            CREATE TABLE sessions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('repl', 'notebook', 'replay')),
                notebook_path TEXT,
                notebook_sha256 TEXT,
                replay_of INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
                started REAL NOT NULL,
                ended REAL,
                status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
                pid INTEGER NOT NULL,
                host TEXT NOT NULL
            );

            CREATE TABLE cells (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                title TEXT,
                source TEXT NOT NULL,
                output TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'interrupted')),
                started REAL NOT NULL,
                duration REAL NOT NULL,
                error TEXT,
                UNIQUE (session, idx)
            );

            CREATE TABLE runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed')),
                seed INTEGER,
                config TEXT NOT NULL DEFAULT '{}',
                mnemo_version TEXT NOT NULL,
                host TEXT NOT NULL,
                os TEXT NOT NULL,
                cpu_model TEXT NOT NULL,
                threads INTEGER NOT NULL,
                notebook_sha256 TEXT,
                started REAL NOT NULL,
                ended REAL,
                pid INTEGER NOT NULL,
                error TEXT
            );
            CREATE INDEX runs_by_status ON runs (status);
            CREATE INDEX runs_by_session ON runs (session);

            CREATE TABLE params (
                run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                from_cli INTEGER NOT NULL DEFAULT 0,
                UNIQUE (run, name)
            );
            CREATE TRIGGER params_are_immutable BEFORE UPDATE ON params
            BEGIN SELECT RAISE(ABORT, 'params are immutable'); END;

            -- value is NULL for NaN (SQLite cannot store NaN); readers turn NULL back into NaN.
            -- Plain rowid ids (no AUTOINCREMENT): metrics are the hot insert path.
            CREATE TABLE metrics (
                id INTEGER PRIMARY KEY,
                run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                step INTEGER NOT NULL,
                value REAL,
                time REAL NOT NULL
            );
            CREATE INDEX metrics_by_run_key_step ON metrics (run, key, step);

            -- The value at the highest step per (run, key); ties go to the last written.
            CREATE TABLE metric_latest (
                run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                step INTEGER NOT NULL,
                value REAL,
                PRIMARY KEY (run, key)
            );

            CREATE TABLE evaluations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                after_task INTEGER NOT NULL,
                task TEXT NOT NULL,
                metric TEXT NOT NULL,
                value REAL,
                time REAL NOT NULL
            );
            CREATE INDEX evaluations_by_run ON evaluations (run, metric);

            -- Bytes live once per content hash; artifacts name them, so saving the same
            -- checkpoint twice under two names costs one copy.
            CREATE TABLE blobs (
                sha256 TEXT PRIMARY KEY,
                size INTEGER NOT NULL,
                bytes BLOB NOT NULL
            );

            CREATE TABLE artifacts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run INTEGER REFERENCES runs(id) ON DELETE SET NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                sha256 TEXT NOT NULL REFERENCES blobs(sha256),
                size INTEGER NOT NULL,
                created REAL NOT NULL
            );
            CREATE INDEX artifacts_by_kind_name ON artifacts (kind, name);
            CREATE INDEX artifacts_by_sha256 ON artifacts (sha256);
            CREATE INDEX artifacts_by_run ON artifacts (run);

            CREATE TABLE history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
                line TEXT NOT NULL,
                time REAL NOT NULL
            );
            """)
    }
}
