import Foundation
import GRDB

/// Buffers a run's metric points and writes them in one transaction every `flushEvery` points or
/// `flushInterval` seconds, and on `flush()`. Training calls `log` once per step: it only appends to
/// an array until a flush is due. Safe to share between threads.
public final class MetricWriter {
    /// The run the points belong to.
    public let run: Int64
    /// Flush after this many buffered points.
    public let flushEvery: Int
    /// Flush when a point arrives this many seconds after the last flush.
    public let flushInterval: TimeInterval
    private let store: Store
    private let lock = NSLock()
    private var buffer: [MetricRow] = []
    private var lastFlush: TimeInterval
    private var written = 0
    private var flushes = 0

    init(store: Store, run: Int64, flushEvery: Int, flushInterval: TimeInterval) {
        self.store = store
        self.run = run
        self.flushEvery = max(1, flushEvery)
        self.flushInterval = flushInterval
        lastFlush = Date().timeIntervalSince1970
        buffer.reserveCapacity(self.flushEvery)
    }

    /// Points stored so far (not counting those still buffered).
    public var pointsWritten: Int { lock.withLock { written } }
    /// Transactions used so far.
    public var flushCount: Int { lock.withLock { flushes } }
    /// Points waiting for the next flush.
    public var pendingCount: Int { lock.withLock { buffer.count } }

    /// Buffers one point (NaN and infinities allowed); flushes when the batch is full or old.
    /// If a flush fails the points stay buffered and the next flush retries them.
    public func log(_ key: String, step: Int, value: Double, time: Date? = nil) throws {
        let now = time?.timeIntervalSince1970 ?? Date().timeIntervalSince1970
        let due: Bool = lock.withLock {
            buffer.append(MetricRow(key: key, step: step, value: value, time: now))
            // A clock stepped backwards also forces a flush rather than waiting forever.
            return buffer.count >= flushEvery || now - lastFlush >= flushInterval || now < lastFlush
        }
        if due { try flush() }
    }

    /// Buffers several metrics of one step, e.g. `[("loss", 2.31), ("lr", 3e-4)]`.
    public func log(step: Int, _ values: [(key: String, value: Double)], time: Date? = nil) throws {
        let stamp = time ?? Date()
        for (key, value) in values { try log(key, step: step, value: value, time: stamp) }
    }

    /// Writes every buffered point now, in one transaction, with the latest-value table.
    public func flush() throws {
        try lock.withLock {
            guard !buffer.isEmpty else { return }
            let batch = buffer
            try store.write("write metrics of run \(run)") { db in try Store.insertMetrics(db, run: run, rows: batch) }
            buffer.removeAll(keepingCapacity: true)
            written += batch.count
            flushes += 1
            lastFlush = Date().timeIntervalSince1970
        }
    }
}

/// One buffered metric point.
struct MetricRow {
    var key: String
    var step: Int
    var value: Double
    var time: TimeInterval
}

extension Store {
    /// A buffered writer for a run's metrics; call `flush()` before `finishRun`.
    public func metricWriter(run: Int64, flushEvery: Int = 1000, flushInterval: TimeInterval = 2) throws -> MetricWriter {
        try read("open metric writer") { db in
            guard try runExists(db, run) else { throw StoreError.unknownRun(run) }
        }
        return MetricWriter(store: self, run: run, flushEvery: flushEvery, flushInterval: flushInterval)
    }

    /// Writes a few points at once without a writer (for occasional values such as a final eval loss).
    public func logMetrics(run: Int64, _ points: [(key: String, step: Int, value: Double)], time: Date = Date()) throws {
        let rows = points.map { MetricRow(key: $0.key, step: $0.step, value: $0.value, time: time.timeIntervalSince1970) }
        try write("write metrics of run \(run)") { db in
            guard try runExists(db, run) else { throw StoreError.unknownRun(run) }
            try Store.insertMetrics(db, run: run, rows: rows)
        }
    }

    /// Inserts rows and raises metric_latest to each key's highest step, inside the caller's transaction.
    static func insertMetrics(_ db: Database, run: Int64, rows: [MetricRow]) throws {
        // Many rows per INSERT statement: per-statement overhead dominates single-row inserts.
        var start = 0
        while start < rows.count {
            let count = min(Store.metricRowsPerInsert, rows.count - start)
            let insert = try db.cachedStatement(sql: "INSERT INTO metrics (run, key, step, value, time) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?)", count: count).joined(separator: ", "))
            var values: [DatabaseValue] = []
            values.reserveCapacity(count * 5)
            for row in rows[start..<(start + count)] {
                values.append(run.databaseValue)
                values.append(row.key.databaseValue)
                values.append(row.step.databaseValue)
                values.append(storable(row.value).databaseValue)
                values.append(row.time.databaseValue)
            }
            // The values match the placeholders by construction, so GRDB's per-call check is skipped.
            insert.setUncheckedArguments(StatementArguments(values))
            try insert.execute()
            start += count
        }
        var latest: [String: MetricRow] = [:]
        for row in rows {
            if let seen = latest[row.key], seen.step > row.step { continue }
            latest[row.key] = row
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO metric_latest (run, key, step, value) VALUES (?, ?, ?, ?)
            ON CONFLICT (run, key) DO UPDATE SET step = excluded.step, value = excluded.value
            WHERE excluded.step >= metric_latest.step
            """)
        for row in latest.values {
            try upsert.execute(arguments: [run, row.key, row.step, storable(row.value)])
        }
    }

    /// Rows per multi-row INSERT; remainders use smaller cached statements.
    static let metricRowsPerInsert = 64

    /// SQLite turns NaN into NULL anyway; being explicit keeps the column's meaning documented in one place.
    static func storable(_ value: Double) -> Double? { value.isNaN ? nil : value }
}

// Every mutable property is guarded by `lock`.
extension MetricWriter: @unchecked Sendable {}
