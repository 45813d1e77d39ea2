import Foundation
import GRDB

extension Store {
    /// Everything about a run for `mnemo show`: params, latest metrics, evaluation matrices, artifacts.
    public func runDetail(_ id: Int64) throws -> RunDetail {
        try read("read run detail") { db in
            let run = try fetchRun(db, id)
            return RunDetail(run: run, params: try fetchParams(db, id),
                             latestMetrics: try fetchLatest(db, runs: [id])[id] ?? [],
                             evaluations: try fetchEvaluations(db, run: id),
                             artifacts: try fetchArtifacts(db, run: id))
        }
    }

    /// Runs side by side for `mnemo compare`: which params differ, which agree, and every latest metric.
    /// Runs keep the order given; an unknown id is an error.
    public func compareRuns(_ ids: [Int64]) throws -> RunComparison {
        try read("compare runs") { db in
            let runs = try ids.map { try fetchRun(db, $0) }
            let params = try ids.map { id in
                Dictionary(try fetchParams(db, id).map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            }
            let latest = try fetchLatest(db, runs: ids)
            let metrics = ids.map { id in
                Dictionary((latest[id] ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            }
            var differing: [RunComparison.ParamRow] = []
            var same: [RunParam] = []
            for name in Set(params.flatMap(\.keys)).sorted() {
                let values = params.map { $0[name] }
                if let first = values.first ?? nil, values.allSatisfy({ $0 == first }) {
                    same.append(RunParam(name: name, value: first))
                } else {
                    differing.append(RunComparison.ParamRow(name: name, values: values))
                }
            }
            let metricRows = Set(metrics.flatMap(\.keys)).sorted().map { key in
                RunComparison.MetricRow(key: key, values: metrics.map { $0[key] })
            }
            return RunComparison(runs: runs, differingParams: differing, sameParams: same, metrics: metricRows)
        }
    }
}
