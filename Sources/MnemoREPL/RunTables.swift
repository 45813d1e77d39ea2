import Foundation
import MnemoPlot
import MnemoStore

/// Text renderings of what the store keeps: run listings, one run in detail, runs side by side,
/// sessions. Used by `.runs`, `.show`, `.compare` and `.sessions`; the command line may use them
/// for `mnemo runs/show/compare` so both look the same.
public enum RunTables {
    /// One row per run: id, name, kind, status, start, duration, latest metrics, and the params
    /// whose values differ between the listed runs (`.show` has all of them).
    public static func list(_ runs: [RunSummary], style: PlotStyle) -> String {
        guard !runs.isEmpty else { return "no runs" }
        let differing = differingParamNames(runs)
        let rows: [[Table.Cell]] = runs.map { summary in
            let run = summary.run
            return [.number(Double(run.id)), .text(run.name), .text(run.kind), .text(run.status.rawValue),
                    .text(shortTimestamp(run.started)), .text(duration(from: run.started, to: run.ended)),
                    .text(summary.latestMetrics.map { "\($0.key)=\(number($0.value))" }.joined(separator: " ")),
                    .text(summary.params.filter { differing.contains($0.name) }.map { "\($0.name)=\($0.value)" }
                            .joined(separator: " "))]
        }
        return Table(headers: ["id", "name", "kind", "status", "started", "time", "metrics", "params that differ"], rows: rows)
            .render(style)
    }

    /// Names of params that are missing from some runs or take more than one value.
    static func differingParamNames(_ runs: [RunSummary]) -> Set<String> {
        var values: [String: Set<String>] = [:]
        var counts: [String: Int] = [:]
        for param in runs.flatMap(\.params) {
            values[param.name, default: []].insert(param.value)
            counts[param.name, default: 0] += 1
        }
        return Set(values.filter { $0.value.count > 1 || (counts[$0.key] ?? 0) < runs.count }.keys)
    }

    /// Everything about one run: header lines, params, latest metrics, evaluation matrices, artifacts.
    public static func detail(_ detail: RunDetail, style: PlotStyle) -> String {
        let run = detail.run
        var parts: [String] = []
        var header = "run \(run.id) \(quoted(run.name)) (\(run.kind)): \(run.status.rawValue)"
        header += "\n  started \(timestamp(run.started)), took \(duration(from: run.started, to: run.ended))"
        if let seed = run.seed { header += ", seed \(seed)" }
        if let session = run.session { header += ", session \(session)" }
        header += "\n  mnemo \(run.provenance.mnemoVersion) on \(run.provenance.host) (\(run.provenance.os), "
            + "\(run.provenance.cpuModel), \(run.provenance.threads) threads)"
        if let error = run.error { header += "\n  error: \(error)" }
        parts.append(header)
        if !detail.params.isEmpty {
            parts.append(Table(headers: ["param", "value", "from"],
                               rows: detail.params.map { [.text($0.name), .text($0.value), .text($0.fromCLI ? "-p" : "")] })
                .render(style))
        }
        if !detail.latestMetrics.isEmpty {
            parts.append(Table(headers: ["metric", "step", "latest"],
                               rows: detail.latestMetrics.map { [.text($0.key), .number(Double($0.step)), .number($0.value)] })
                .render(style))
        }
        for matrix in detail.evaluations {
            let rows: [[Table.Cell]] = zip(matrix.afterTasks, matrix.values).map { after, values in
                [.text(after < 0 ? "before training" : "after task \(after + 1)")] + values.map { $0.map(Table.Cell.number) ?? .empty }
            }
            parts.append(Table(headers: [matrix.metric] + matrix.tasks, rows: rows).render(style))
        }
        if !detail.artifacts.isEmpty {
            parts.append(Table(headers: ["artifact", "kind", "bytes", "sha256"],
                               rows: detail.artifacts.map { [.text($0.name), .text($0.kind), .number(Double($0.size)),
                                                             .text(String($0.sha256.prefix(12)))] })
                .render(style))
        }
        return parts.joined(separator: "\n\n")
    }

    /// Runs side by side: a column per run; params that differ, then latest metrics; equal params on one line.
    public static func comparison(_ comparison: RunComparison, style: PlotStyle) -> String {
        let headers = [""] + comparison.runs.map { "run \($0.id) \($0.name)" }
        var rows: [[Table.Cell]] = [[.text("status")] + comparison.runs.map { .text($0.status.rawValue) }]
        rows += comparison.differingParams.map { row in
            [.text(row.name)] + row.values.map { $0.map(Table.Cell.text) ?? .empty }
        }
        rows += comparison.metrics.map { row in
            [.text(row.key)] + row.values.map { $0.map(Table.Cell.number) ?? .empty }
        }
        var text = Table(headers: headers, rows: rows).render(style)
        if !comparison.sameParams.isEmpty {
            text += "\nsame in all: " + comparison.sameParams.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        }
        return text
    }

    /// One row per session: id, kind, status, start, duration, notebook.
    public static func sessions(_ sessions: [SessionRecord], style: PlotStyle) -> String {
        guard !sessions.isEmpty else { return "no sessions" }
        let rows: [[Table.Cell]] = sessions.map { session in
            [.number(Double(session.id)), .text(session.kind.rawValue), .text(session.status.rawValue),
             .text(timestamp(session.started)), .text(duration(from: session.started, to: session.ended)),
             session.notebookPath.map(Table.Cell.text) ?? .empty]
        }
        return Table(headers: ["id", "kind", "status", "started", "time", "notebook"], rows: rows).render(style)
    }

    /// `12-06 03:10` in local time (listings).
    static func shortTimestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// `2026-12-06 03:10:42` in local time.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// `12.3 s`, `4 min 05 s`, or `-` while still running.
    static func duration(from start: Date, to end: Date?) -> String {
        guard let end else { return "-" }
        let seconds = max(end.timeIntervalSince(start), 0)
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    static func number(_ value: Double) -> String { Table.format(value, digits: 4) }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }
}
