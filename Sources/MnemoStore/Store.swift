import Foundation
import GRDB

/// One mnemo database: sessions, cells, runs, metrics, evaluations, artifacts and history in one SQLite file.
///
/// Opens the file in WAL mode with a busy timeout so several processes (a REPL and a batch run) can
/// write at once, migrates it forward, and marks runs whose process has died as interrupted.
/// All methods are synchronous, thread-safe and throw `StoreError`.
public final class Store {
    /// The file this store was opened on (":memory:" for an in-memory store).
    public let path: String
    /// Runs found `running` at open whose process was gone; they are now `interrupted`.
    public private(set) var recoveredRuns: [Int64] = []  // set once, during init
    /// How long a writer waits by default for another writer's lock before failing with `StoreError.locked`.
    public static let defaultBusyTimeout: TimeInterval = 10
    /// This store's wait for another writer's lock.
    public let busyTimeout: TimeInterval

    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path`, migrates it, and recovers stale runs.
    public init(path: String, busyTimeout: TimeInterval = Store.defaultBusyTimeout) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        do {
            writer = try DatabasePool(path: path, configuration: Store.configuration(busyTimeout: busyTimeout))
        } catch {
            throw StoreError.from(error, path: path, operation: "open", busySeconds: busyTimeout)
        }
        try prepare()
    }

    /// A private in-memory store: for tests, and as a fallback when the file cannot be opened.
    public static func inMemory() throws -> Store {
        try Store(inMemory: ())
    }

    /// Opens `path`, or when that fails (locked past the timeout, not a database, newer schema, unwritable)
    /// an in-memory store plus the reason, so a REPL still starts and can say why nothing will be kept.
    /// Throws only if even the in-memory store cannot be opened.
    public static func openWithFallback(path: String) throws -> (store: Store, problem: StoreError?) {
        do {
            return (try Store(path: path), nil)
        } catch {
            let problem = error as? StoreError ?? .cannotOpen(path: path, reason: String(describing: error))
            return (try Store.inMemory(), problem)
        }
    }

    private init(inMemory: Void) throws {
        path = ":memory:"
        busyTimeout = Store.defaultBusyTimeout
        do {
            writer = try DatabaseQueue(configuration: Store.configuration(busyTimeout: busyTimeout))
        } catch {
            throw StoreError.from(error, path: path, operation: "open", busySeconds: busyTimeout)
        }
        try prepare()
    }

    /// The database path when no `--db` flag is given: `MNEMO_DB` if set and not empty, else `./mnemo.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        resolvePath(dbFlag: nil, environment: environment)
    }

    /// The database path from a `--db` flag (wins when given), then `MNEMO_DB`, then `./mnemo.sqlite`.
    public static func resolvePath(dbFlag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag = dbFlag, !flag.isEmpty { return flag }
        if let fromEnvironment = environment["MNEMO_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        return "./mnemo.sqlite"
    }

    /// The schema version recorded in the file's `schema_version` table.
    public func schemaVersion() throws -> Int {
        try read("read schema version") { db in
            try Int.fetchOne(db, sql: "SELECT version FROM schema_version") ?? 0
        }
    }

    /// The SQLite journal mode in effect ("wal" for files, "memory" for in-memory stores).
    public func journalMode() throws -> String {
        try read("read journal mode") { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown"
        }
    }

    private static func configuration(busyTimeout: TimeInterval) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "mnemo"
        config.prepareDatabase { db in
            // WAL without fsync on every commit: a crash may lose the last commits, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            db.add(function: NumericText.sqlFunction)
        }
        return config
    }

    private func prepare() throws {
        let found = try read("read schema version") { db -> Int in
            guard try db.tableExists("schema_version") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT MAX(version) FROM schema_version") ?? 0
        }
        let superseded = try read("check migrations") { db in try Schema.migrator.hasBeenSuperseded(db) }
        if found > Schema.currentVersion || superseded {
            throw StoreError.newerSchema(path: path, found: max(found, Schema.currentVersion + 1),
                                         supported: Schema.currentVersion)
        }
        do {
            try Schema.migrator.migrate(writer)
        } catch {
            throw StoreError.from(error, path: path, operation: "migrate", busySeconds: busyTimeout)
        }
        recoveredRuns = try recoverStaleWork()
    }

    /// Marks runs and sessions left `running` by a dead process on this host as interrupted.
    private func recoverStaleWork() throws -> [Int64] {
        let host = HostInfo.hostName()
        let now = Date().timeIntervalSince1970
        return try write("recover interrupted runs") { db in
            let runs = try Row.fetchAll(db, sql: "SELECT id, pid FROM runs WHERE status = 'running' AND host = ?",
                                        arguments: [host])
            var recovered: [Int64] = []
            for row in runs where !HostInfo.processIsAlive(row["pid"]) {
                let id: Int64 = row["id"]
                try db.execute(sql: """
                    UPDATE runs SET status = 'interrupted', ended = ?,
                        error = COALESCE(error, 'process ended without finishing the run') WHERE id = ?
                    """, arguments: [now, id])
                recovered.append(id)
            }
            let sessions = try Row.fetchAll(db, sql: "SELECT id, pid FROM sessions WHERE status = 'running' AND host = ?",
                                            arguments: [host])
            for row in sessions where !HostInfo.processIsAlive(row["pid"]) {
                try db.execute(sql: "UPDATE sessions SET status = 'interrupted', ended = ? WHERE id = ?",
                               arguments: [now, row["id"] as Int64])
            }
            return recovered
        }
    }

    /// Runs `body` in one write transaction, mapping failures to `StoreError`.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.from(error, path: path, operation: operation, busySeconds: busyTimeout)
        }
    }

    /// Runs `body` in a read-only snapshot, mapping failures to `StoreError`.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.from(error, path: path, operation: operation, busySeconds: busyTimeout)
        }
    }
}

// All stored properties are constants after init and GRDB's writers are thread-safe,
// so one Store can be shared by the REPL, training threads and a metrics writer.
extension Store: @unchecked Sendable {}
