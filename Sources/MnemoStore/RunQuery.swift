import Foundation
import GRDB

/// Turns a parsed filter and sort keys into one SQL query over `runs`, with every value bound as an argument.
struct RunQuery {
    var sql: String
    var arguments: StatementArguments

    init(filter: RunFilter, sort: [RunSortKey], limit: Int?) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        for condition in filter.conditions {
            let (clause, values) = RunQuery.clause(condition)
            clauses.append(clause)
            arguments += StatementArguments(values)
        }
        var sql = "SELECT runs.* FROM runs"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        var orderings: [String] = []
        for key in sort {
            let (expression, values) = RunQuery.sortExpression(key.field)
            // NULLs last in both directions: a run without the metric is not "best" or "worst".
            orderings.append("(\(expression)) IS NULL")
            orderings.append("\(expression) \(key.descending ? "DESC" : "ASC")")
            arguments += StatementArguments(values + values)
        }
        orderings.append("runs.id \(sort.first?.descending ?? true ? "DESC" : "ASC")")
        sql += " ORDER BY " + orderings.joined(separator: ", ")
        if let limit {
            sql += " LIMIT ?"
            arguments += [max(0, limit)]
        }
        self.sql = sql
        self.arguments = arguments
    }

    private static func clause(_ condition: RunFilter.Condition) -> (String, [any DatabaseValueConvertible]) {
        let value = condition.value
        let op = condition.op
        switch condition.field {
        case .status:
            return textComparison("runs.status", op, value.text.lowercased())
        case .name:
            return textComparison("runs.name", op, value.text)
        case .kind:
            return textComparison("runs.kind", op, value.text)
        case .seed:
            return ("runs.seed \(op.rawValue) ?", [value.number ?? 0])
        case .id:
            return ("runs.id \(op.rawValue) ?", [value.number ?? 0])
        case .session:
            return ("runs.session \(op.rawValue) ?", [value.number ?? 0])
        case .param(let name):
            let (test, values): (String, [any DatabaseValueConvertible])
            if let number = value.number, op != .contains {
                // Numbers compare numerically, so "1e-4" matches a stored "0.0001".
                (test, values) = ("mnemo_number(p.value) \(op.rawValue) ?", [number])
            } else {
                (test, values) = textComparison("p.value", op, value.text)
            }
            return ("EXISTS (SELECT 1 FROM params p WHERE p.run = runs.id AND p.name = ? AND \(test))", [name] + values)
        case .metric(let key):
            return ("EXISTS (SELECT 1 FROM metric_latest m WHERE m.run = runs.id AND m.key = ? AND m.value \(op.rawValue) ?)",
                    [key, value.number ?? 0])
        }
    }

    private static func textComparison(_ column: String, _ op: RunFilter.Operator, _ text: String)
        -> (String, [any DatabaseValueConvertible]) {
        if op == .contains { return ("instr(lower(\(column)), lower(?)) > 0", [text]) }
        return ("\(column) \(op.rawValue) ?", [text])
    }

    private static func sortExpression(_ field: RunSortKey.Field) -> (String, [any DatabaseValueConvertible]) {
        switch field {
        case .id: return ("runs.id", [])
        case .name: return ("runs.name", [])
        case .kind: return ("runs.kind", [])
        case .status: return ("runs.status", [])
        case .seed: return ("runs.seed", [])
        case .session: return ("runs.session", [])
        case .started: return ("runs.started", [])
        case .ended: return ("runs.ended", [])
        case .param(let name):
            // Numeric params sort as numbers; text params fall back to text order after them.
            return ("(SELECT COALESCE(mnemo_number(p.value), p.value) FROM params p WHERE p.run = runs.id AND p.name = ?)", [name])
        case .metric(let key):
            return ("(SELECT m.value FROM metric_latest m WHERE m.run = runs.id AND m.key = ?)", [key])
        }
    }
}

extension Store {
    /// Runs matching a filter (see `RunFilter`), sorted by keys like `-metrics.loss` (see `RunSortKey`),
    /// each with its params and latest metrics. Defaults: every run, newest first, no limit.
    public func runs(where filter: String = "", sort: String = "-started", limit: Int? = nil) throws -> [RunSummary] {
        let parsed = try RunFilter.parse(filter)
        let keys = sort.trimmingCharacters(in: .whitespaces).isEmpty ? [] : try RunSortKey.parseList(sort)
        return try runs(where: parsed, sort: keys, limit: limit)
    }

    /// Runs matching an already parsed filter and sort keys.
    public func runs(where filter: RunFilter, sort: [RunSortKey], limit: Int? = nil) throws -> [RunSummary] {
        let query = RunQuery(filter: filter, sort: sort, limit: limit)
        return try read("list runs") { db in
            let records = try Row.fetchAll(db, sql: query.sql, arguments: query.arguments).map(RowDecoding.run)
            let latest = try fetchLatest(db, runs: records.map(\.id))
            return try records.map { RunSummary(run: $0, params: try fetchParams(db, $0.id), latestMetrics: latest[$0.id] ?? []) }
        }
    }
}
