import Foundation
import GRDB

extension Store {
    /// Stores bytes under a name and kind (optionally tied to a run). Identical bytes are kept once:
    /// a second put with the same content adds only a name row pointing at the same blob.
    @discardableResult
    public func putArtifact(name: String, kind: String, bytes: Data, run: Int64? = nil,
                            created: Date = Date()) throws -> ArtifactInfo {
        let hash = SHA256.hex(bytes)
        return try write("put artifact '\(name)'") { db in
            if let run, try !runExists(db, run) { throw StoreError.unknownRun(run) }
            try db.execute(sql: "INSERT INTO blobs (sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                           arguments: [hash, bytes.count, bytes])
            try db.execute(sql: """
                INSERT INTO artifacts (run, name, kind, sha256, size, created) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [run, name, kind, hash, bytes.count, created.timeIntervalSince1970])
            return ArtifactInfo(id: db.lastInsertedRowID, run: run, name: name, kind: kind, sha256: hash,
                                size: bytes.count, created: created)
        }
    }

    /// The bytes with this SHA-256 (lowercase hex), or nil.
    public func artifactBytes(sha256: String) throws -> Data? {
        try read("read artifact bytes") { db in
            try Data.fetchOne(db, sql: "SELECT bytes FROM blobs WHERE sha256 = ?", arguments: [sha256.lowercased()])
        }
    }

    /// The most recently stored artifact with this kind and name, or nil.
    public func artifact(kind: String, name: String) throws -> ArtifactInfo? {
        try read("find artifact") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM artifacts WHERE kind = ? AND name = ? ORDER BY id DESC LIMIT 1",
                             arguments: [kind, name]).map(RowDecoding.artifact)
        }
    }

    /// Artifacts whose content has this SHA-256, oldest first.
    public func artifacts(sha256: String) throws -> [ArtifactInfo] {
        try read("find artifacts") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM artifacts WHERE sha256 = ? ORDER BY id", arguments: [sha256.lowercased()])
                .map(RowDecoding.artifact)
        }
    }

    /// A run's artifacts, oldest first.
    public func artifacts(run: Int64) throws -> [ArtifactInfo] {
        try read("list artifacts") { db in
            guard try runExists(db, run) else { throw StoreError.unknownRun(run) }
            return try fetchArtifacts(db, run: run)
        }
    }

    func fetchArtifacts(_ db: Database, run: Int64) throws -> [ArtifactInfo] {
        try Row.fetchAll(db, sql: "SELECT * FROM artifacts WHERE run = ? ORDER BY id", arguments: [run])
            .map(RowDecoding.artifact)
    }
}
