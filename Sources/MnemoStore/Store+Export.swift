import Foundation
import GRDB

extension Store {
    /// A run as pretty JSON with sorted keys: the run, its params, config (embedded as JSON), provenance,
    /// latest metrics, full metric series, evaluations and artifact metadata.
    /// Non-finite numbers (NaN, infinities) become null since JSON cannot hold them.
    public func exportJSON(run id: Int64) throws -> String {
        let detail = try runDetail(id)
        let series = try metricSeries(run: id)
        let run = detail.run
        let config = (try? JSONSerialization.jsonObject(with: Data(run.configJSON.utf8), options: [.fragmentsAllowed]))
            ?? run.configJSON
        let object: [String: Any] = [
            "id": run.id,
            "session": Export.json(run.session),
            "name": run.name,
            "kind": run.kind,
            "status": run.status.rawValue,
            "seed": Export.json(run.seed),
            "started": Export.timestamp(run.started),
            "ended": Export.json(run.ended.map(Export.timestamp)),
            "pid": Int(run.pid),
            "error": Export.json(run.error),
            "config": config,
            "provenance": [
                "mnemo_version": run.provenance.mnemoVersion, "host": run.provenance.host, "os": run.provenance.os,
                "cpu_model": run.provenance.cpuModel, "threads": run.provenance.threads,
                "notebook_sha256": Export.json(run.provenance.notebookSHA256),
            ] as [String: Any],
            "params": detail.params.map { ["name": $0.name, "value": $0.value, "from_cli": $0.fromCLI] as [String: Any] },
            "latest_metrics": Dictionary(detail.latestMetrics.map {
                ($0.key, ["step": $0.step, "value": Export.number($0.value)] as [String: Any])
            }, uniquingKeysWith: { first, _ in first }),
            "metrics": series.mapValues { points in
                points.map { ["step": $0.step, "value": Export.number($0.value), "time": Export.timestamp($0.time)] as [String: Any] }
            },
            "evaluations": detail.evaluations.map { matrix in
                ["metric": matrix.metric, "after_tasks": matrix.afterTasks, "tasks": matrix.tasks,
                 "values": matrix.values.map { $0.map { Export.number($0) } }] as [String: Any]
            },
            "artifacts": detail.artifacts.map {
                ["id": $0.id, "name": $0.name, "kind": $0.kind, "sha256": $0.sha256, "size": $0.size,
                 "created": Export.timestamp($0.created)] as [String: Any]
            },
        ]
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            throw StoreError.sqlite(operation: "export run \(id) as JSON", message: String(describing: error))
        }
    }

    /// A run's metrics as CSV in long format: `run,key,step,value,time` (time in unix seconds), ordered by key then step.
    public func exportCSV(run id: Int64) throws -> String {
        let series = try metricSeries(run: id)
        var lines = ["run,key,step,value,time"]
        for key in series.keys.sorted() {
            for point in series[key] ?? [] {
                lines.append([String(id), Export.csvField(key), String(point.step), Export.csvNumber(point.value),
                              String(format: "%.3f", point.time.timeIntervalSince1970)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Small conversions shared by the exporters.
enum Export {
    static func json<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? NSNull() }

    static func number(_ value: Double?) -> Any {
        guard let value, value.isFinite else { return NSNull() }
        return value
    }

    /// ISO 8601 in UTC with milliseconds, the form spreadsheets and pandas parse.
    static func timestamp(_ date: Date) -> String { isoFormatter.string(from: date) }

    // One formatter for a whole export: building one per metric point is the slow part of a big export.
    private static let isoFormatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    /// Shortest round-trip text; "nan", "inf", "-inf" for non-finite values.
    static func csvNumber(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    /// Quotes a field when it holds a comma, quote or line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
