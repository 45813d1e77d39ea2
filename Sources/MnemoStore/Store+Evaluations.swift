import Foundation
import GRDB

extension Store {
    /// Records evaluation results of a run (typically one row of the accuracy matrix) in one transaction.
    public func recordEvaluations(run: Int64, _ evaluations: [Evaluation], time: Date = Date()) throws {
        try write("record evaluations") { db in
            guard try runExists(db, run) else { throw StoreError.unknownRun(run) }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO evaluations (run, after_task, task, metric, value, time) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for evaluation in evaluations {
                try insert.execute(arguments: [run, evaluation.afterTask, evaluation.task, evaluation.metric,
                                               Store.storable(evaluation.value), time.timeIntervalSince1970])
            }
        }
    }

    /// A run's evaluations, one matrix per metric; a value recorded twice keeps the last one.
    public func evaluations(run: Int64) throws -> [EvaluationMatrix] {
        try read("read evaluations") { db in
            guard try runExists(db, run) else { throw StoreError.unknownRun(run) }
            return try fetchEvaluations(db, run: run)
        }
    }

    func fetchEvaluations(_ db: Database, run: Int64) throws -> [EvaluationMatrix] {
        let rows = try Row.fetchAll(db, sql: "SELECT after_task, task, metric, value FROM evaluations WHERE run = ? ORDER BY id",
                                    arguments: [run])
        var metricOrder: [String] = []
        var byMetric: [String: [Evaluation]] = [:]
        for row in rows {
            let evaluation = Evaluation(afterTask: row["after_task"], task: row["task"], metric: row["metric"],
                                        value: RowDecoding.metricValue(row["value"]))
            if byMetric[evaluation.metric] == nil { metricOrder.append(evaluation.metric) }
            byMetric[evaluation.metric, default: []].append(evaluation)
        }
        return metricOrder.map { Store.matrix(metric: $0, byMetric[$0] ?? []) }
    }

    static func matrix(metric: String, _ evaluations: [Evaluation]) -> EvaluationMatrix {
        var tasks: [String] = []
        for evaluation in evaluations where !tasks.contains(evaluation.task) { tasks.append(evaluation.task) }
        let afterTasks = Array(Set(evaluations.map(\.afterTask))).sorted()
        var values = Array(repeating: Array(repeating: Double?.none, count: tasks.count), count: afterTasks.count)
        for evaluation in evaluations {
            if let row = afterTasks.firstIndex(of: evaluation.afterTask),
               let column = tasks.firstIndex(of: evaluation.task) {
                values[row][column] = evaluation.value
            }
        }
        return EvaluationMatrix(metric: metric, afterTasks: afterTasks, tasks: tasks, values: values)
    }
}
