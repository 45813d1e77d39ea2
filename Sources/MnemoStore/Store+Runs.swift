import Foundation
import GRDB

extension Store {
    /// Begins a run owned by this process, with its params inserted once, and returns its id.
    public func beginRun(_ start: RunStart, started: Date = Date()) throws -> Int64 {
        try Store.checkJSON(start.configJSON)
        var seen = Set<String>()
        for param in start.params where !seen.insert(param.name).inserted {
            throw StoreError.duplicateParam(param.name)
        }
        return try write("begin run") { db in
            if let session = start.session, try !sessionExists(db, session) { throw StoreError.unknownSession(session) }
            let p = start.provenance
            try db.execute(sql: """
                INSERT INTO runs (session, name, kind, status, seed, config, mnemo_version, host, os, cpu_model,
                                  threads, notebook_sha256, started, pid)
                VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [start.session, start.name, start.kind, start.seed, start.configJSON, p.mnemoVersion,
                                 p.host, p.os, p.cpuModel, p.threads, p.notebookSHA256,
                                 started.timeIntervalSince1970, HostInfo.currentProcessID()])
            let id = db.lastInsertedRowID
            let insertParam = try db.cachedStatement(sql: "INSERT INTO params (run, name, value, from_cli) VALUES (?, ?, ?, ?)")
            for param in start.params {
                try insertParam.execute(arguments: [id, param.name, param.value, param.fromCLI])
            }
            return id
        }
    }

    /// Ends a run with its final status and, for failed or interrupted runs, the reason.
    /// Flush the run's `MetricWriter` first so its last points are stored.
    public func finishRun(_ id: Int64, status: RunStatus, error: String? = nil, ended: Date = Date()) throws {
        try write("finish run") { db in
            try db.execute(sql: "UPDATE runs SET status = ?, ended = ?, error = ? WHERE id = ?",
                           arguments: [status.rawValue, ended.timeIntervalSince1970, error, id])
            if db.changesCount == 0 { throw StoreError.unknownRun(id) }
        }
    }

    /// One run by id.
    public func run(_ id: Int64) throws -> RunRecord {
        try read("read run") { db in try fetchRun(db, id) }
    }

    /// A run's params in name order.
    public func params(run id: Int64) throws -> [RunParam] {
        try read("read params") { db in
            _ = try fetchRun(db, id)
            return try fetchParams(db, id)
        }
    }

    func fetchRun(_ db: Database, _ id: Int64) throws -> RunRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else {
            throw StoreError.unknownRun(id)
        }
        return RowDecoding.run(row)
    }

    func fetchParams(_ db: Database, _ id: Int64) throws -> [RunParam] {
        try Row.fetchAll(db, sql: "SELECT name, value, from_cli FROM params WHERE run = ? ORDER BY name", arguments: [id])
            .map { RunParam(name: $0["name"], value: $0["value"], fromCLI: $0["from_cli"]) }
    }

    func runExists(_ db: Database, _ id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [id]) ?? false
    }

    static func checkJSON(_ text: String) throws {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw StoreError.invalidConfig((error as NSError).localizedDescription)
        }
    }
}
