import Foundation
import GRDB

extension Store {
    /// A run's metric series, key -> points ordered by step (then by write order); one key or all.
    public func metricSeries(run: Int64, key: String? = nil) throws -> [String: [MetricPoint]] {
        try read("read metric series") { db in
            guard try runExists(db, run) else { throw StoreError.unknownRun(run) }
            var sql = "SELECT key, step, value, time FROM metrics WHERE run = ?"
            var arguments: StatementArguments = [run]
            if let key {
                sql += " AND key = ?"
                arguments += [key]
            }
            sql += " ORDER BY key, step, id"
            var series: [String: [MetricPoint]] = [:]
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let point = MetricPoint(step: row["step"], value: RowDecoding.metricValue(row["value"]),
                                        time: RowDecoding.date(row["time"]))
                series[row["key"], default: []].append(point)
            }
            return series
        }
    }

    /// A run's latest value per metric key (the value at the highest step), in key order.
    public func latestMetrics(run: Int64) throws -> [LatestMetric] {
        try read("read latest metrics") { db in
            guard try runExists(db, run) else { throw StoreError.unknownRun(run) }
            return try fetchLatest(db, runs: [run])[run] ?? []
        }
    }

    func fetchLatest(_ db: Database, runs: [Int64]) throws -> [Int64: [LatestMetric]] {
        guard !runs.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: runs.count).joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM metric_latest WHERE run IN (\(marks)) ORDER BY run, key",
                                    arguments: StatementArguments(runs))
        var latest: [Int64: [LatestMetric]] = [:]
        for row in rows { latest[row["run"], default: []].append(RowDecoding.latestMetric(row)) }
        return latest
    }
}
