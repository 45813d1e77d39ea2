import Foundation
import GRDB

extension Store {
    /// Starts a session owned by this process and returns its id.
    public func beginSession(kind: SessionKind, notebookPath: String? = nil, notebookSHA256: String? = nil,
                             replayOf: Int64? = nil, started: Date = Date()) throws -> Int64 {
        try write("begin session") { db in
            if let replayed = replayOf, try !sessionExists(db, replayed) { throw StoreError.unknownSession(replayed) }
            try db.execute(sql: """
                INSERT INTO sessions (kind, notebook_path, notebook_sha256, replay_of, started, status, pid, host)
                VALUES (?, ?, ?, ?, ?, 'running', ?, ?)
                """, arguments: [kind.rawValue, notebookPath, notebookSHA256, replayOf,
                                 started.timeIntervalSince1970, HostInfo.currentProcessID(), HostInfo.hostName()])
            return db.lastInsertedRowID
        }
    }

    /// Ends a session with a final status (finished, failed or interrupted).
    public func endSession(_ id: Int64, status: SessionStatus, ended: Date = Date()) throws {
        try write("end session") { db in
            try db.execute(sql: "UPDATE sessions SET status = ?, ended = ? WHERE id = ?",
                           arguments: [status.rawValue, ended.timeIntervalSince1970, id])
            if db.changesCount == 0 { throw StoreError.unknownSession(id) }
        }
    }

    /// One session by id.
    public func session(_ id: Int64) throws -> SessionRecord {
        try read("read session") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [id]) else {
                throw StoreError.unknownSession(id)
            }
            return RowDecoding.session(row)
        }
    }

    /// The most recent sessions, newest first.
    public func sessions(limit: Int = 50) throws -> [SessionRecord] {
        try read("list sessions") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sessions ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(RowDecoding.session)
        }
    }

    /// Records one executed cell; a second cell with the same session and index is an error.
    public func recordCell(_ cell: CellRecord) throws {
        try write("record cell") { db in
            guard try sessionExists(db, cell.session) else { throw StoreError.unknownSession(cell.session) }
            try db.execute(sql: """
                INSERT INTO cells (session, idx, title, source, output, status, started, duration, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [cell.session, cell.index, cell.title, cell.source, cell.output, cell.status.rawValue,
                                 cell.started.timeIntervalSince1970, cell.duration, cell.error])
        }
    }

    /// The cells of a session in execution order (what `replay` re-runs).
    public func cells(session: Int64) throws -> [CellRecord] {
        try read("read cells") { db in
            guard try sessionExists(db, session) else { throw StoreError.unknownSession(session) }
            return try Row.fetchAll(db, sql: "SELECT * FROM cells WHERE session = ? ORDER BY idx", arguments: [session])
                .map(RowDecoding.cell)
        }
    }

    /// Appends one REPL history entry (a whole multi-line block is one entry).
    public func appendHistory(_ line: String, session: Int64?, time: Date = Date()) throws {
        try write("append history") { db in
            try db.execute(sql: "INSERT INTO history (session, line, time) VALUES (?, ?, ?)",
                           arguments: [session, line, time.timeIntervalSince1970])
        }
    }

    /// The most recent `limit` history entries across all sessions, oldest first (the order to feed libedit).
    public func recentHistory(limit: Int = 1000) throws -> [HistoryEntry] {
        try read("read history") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM (SELECT * FROM history ORDER BY id DESC LIMIT ?) ORDER BY id",
                             arguments: [limit])
                .map { HistoryEntry(session: $0["session"], line: $0["line"], time: RowDecoding.date($0["time"])) }
        }
    }

    func sessionExists(_ db: Database, _ id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = ?)", arguments: [id]) ?? false
    }
}
