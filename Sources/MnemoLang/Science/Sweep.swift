import Foundation
import MnemoPlot

/// Runs a builtin over the cartesian product of its `grid(...)` arguments.
struct Sweep {
    let call: CallContext
    let target: Builtin
    /// Arguments as (name, value); positional ones get their parameter's name.
    var arguments: [(name: String, value: Value)] = []
    var given: Set<String> = []

    init(_ call: CallContext) throws {
        self.call = call
        guard case .handle(let f as FunctionHandle) = call.args["f"] else {
            throw MnemoError(.type, "the first argument of sweep must be a builtin such as continual")
        }
        target = f.builtin
        guard target.name != "sweep" else { throw MnemoError(.argument, "sweep cannot sweep itself") }
        let positional = target.parameters.filter { $0.passing == .positionalOrNamed || $0.passing == .variadic }
        var variadicValues: [Value] = [], variadicName: String?
        for (i, value) in try call.args.list("args").enumerated() {
            guard i < positional.count || variadicName != nil else {
                throw MnemoError(.argument, "too many positional arguments for \(target.name) in sweep")
            }
            let p = i < positional.count ? positional[i] : target.parameter(variadicName!)!
            if p.passing == .variadic { variadicName = p.name; variadicValues.append(value) } else { arguments.append((p.name, value)) }
        }
        if let variadicName { arguments.append((variadicName, .list(variadicValues))) }
        for pair in try call.args.list("options") {
            guard case .list(let kv) = pair, kv.count == 2, case .string(let name) = kv[0] else { continue }
            guard target.parameter(name) != nil else {
                let names = target.parameters.map(\.name)
                throw MnemoError(.argument, "unknown argument '\(name)' to \(target.name)\(Suggestions.hint(for: name, among: names))")
            }
            guard !arguments.contains(where: { $0.name == name }) else {
                throw MnemoError(.argument, "argument '\(name)' given twice to \(target.name)")
            }
            arguments.append((name, kv[1]))
        }
        given = Set(arguments.map(\.name))
    }

    /// Names of the swept arguments and their values, in the order given.
    var axes: [(name: String, values: [Value])] {
        arguments.compactMap { a in (a.value.handle(GridHandle.self)).map { (a.name, $0.values) } }
    }

    func run() throws -> Value {
        let axes = self.axes
        guard !axes.isEmpty else { throw MnemoError(.argument, "sweep needs at least one grid(...) argument") }
        let xName = try call.args.optionalString("x") ?? axes.last!.name
        guard let xAxis = axes.firstIndex(where: { $0.name == xName }) else {
            throw MnemoError(.value, "x: '\(xName)' is not a swept argument (\(axes.map(\.name).joined(separator: ", ")))")
        }
        var combos: [[Int]] = [[]]
        for axis in axes { combos = combos.flatMap { c in axis.values.indices.map { c + [$0] } } }
        var results: [(label: String, combo: [Int], value: Value)] = []
        for (n, combo) in combos.enumerated() {
            try call.checkCancelled()
            var values: [String: Value] = [:]
            for a in arguments { values[a.name] = a.value }
            var label: [String] = []
            for (k, axis) in axes.enumerated() {
                values[axis.name] = axis.values[combo[k]]
                label.append("\(axis.name)=\(short(axis.values[combo[k]]))")
            }
            let point = label.joined(separator: " ")
            call.print("sweep \(n + 1)/\(combos.count): \(point)")
            let value = try invoke(values)
            call.print("  → \(value.summary)")
            results.append((point, combo, value))
            if call.isCancelled { break }
        }
        printPlot(results, axes: axes, xAxis: xAxis)
        return .handle(TableHandle(table(results), style: call.plotStyle))
    }

    func short(_ v: Value) -> String {
        if let m = v.handle(MethodHandle.self) { return m.method.name }
        if case .handle(let h) = v { return h.summary.split(separator: " ").prefix(3).joined(separator: " ") }
        return v.displayText
    }

    /// Binds `values` to the target's parameters (defaults, checks) and calls it.
    func invoke(_ values: [String: Value]) throws -> Value {
        var bound: [String: Value] = [:]
        for p in target.parameters {
            if let v = values[p.name] {
                if p.passing == .variadic, case .list(let items) = v {
                    for item in items { if let e = ArgumentMatcher.problem(with: item, for: p, of: target, at: call.position) { throw e } }
                } else if let e = ArgumentMatcher.problem(with: v, for: p, of: target, at: call.position) { throw e }
                bound[p.name] = v
            } else if let d = p.defaultValue {
                bound[p.name] = d
            } else {
                throw MnemoError(.argument, "missing required argument '\(p.name)' to \(target.name) in sweep")
            }
        }
        let args = BoundArguments(builtinName: target.name, values: bound, given: given)
        return try target.implementation(CallContext(builtin: target, args: args, session: call.session, position: call.position))
    }

    func table(_ results: [(label: String, combo: [Int], value: Value)]) -> Table {
        let runs = results.compactMap { $0.value.handle(ContinualRunHandle.self) }
        if runs.count == results.count {
            return CompareBuiltins.comparisonTable(runs, extraColumn: ("point", results.map(\.label)))
        }
        let rows: [[Table.Cell]] = results.map { r in
            var row: [Table.Cell] = [.text(r.label), .text(r.value.summary)]
            if let run = r.value.handle(RunHandle.self) { row.append(run.metrics["eval_loss"].map { .number($0) } ?? .empty) }
            return row
        }
        return Table(headers: ["point", "result", "eval_loss"], rows: rows, digits: 4)
    }

    /// General-loss rise (continual runs) or eval loss (trainings) against the x argument,
    /// one series per combination of the other grids.
    func printPlot(_ results: [(label: String, combo: [Int], value: Value)], axes: [(name: String, values: [Value])], xAxis: Int) {
        func y(_ v: Value) -> Double? {
            if let r = v.handle(ContinualRunHandle.self) { return r.generalRise }
            if let r = v.handle(RunHandle.self) { return r.metrics["eval_loss"] }
            return nil
        }
        let numericX = axes[xAxis].values.allSatisfy { if case .number = $0 { return true } else { return false } }
        var groups: [String: (xs: [Double], ys: [Double])] = [:], order: [String] = []
        for r in results {
            guard let yv = y(r.value) else { continue }
            let key = axes.indices.filter { $0 != xAxis }.map { "\(axes[$0].name)=\(short(axes[$0].values[r.combo[$0]]))" }
                .joined(separator: " ")
            let xv: Double
            if numericX, case .number(let x) = axes[xAxis].values[r.combo[xAxis]] { xv = x } else { xv = Double(r.combo[xAxis]) }
            if groups[key] == nil { order.append(key) }
            groups[key, default: ([], [])].xs.append(xv)
            groups[key, default: ([], [])].ys.append(yv)
        }
        guard !groups.isEmpty, groups.values.contains(where: { $0.xs.count >= 2 }) else { return }
        let series = order.map { Series($0.isEmpty ? "all" : $0, x: groups[$0]!.xs, y: groups[$0]!.ys) }
        let isContinual = results.first?.value.handle(ContinualRunHandle.self) != nil
        let chart = LineChart(series, title: isContinual ? "general loss rise over the base model" : "held-out loss",
                              xLabel: axes[xAxis].name + (numericX ? "" : " (index)"))
        call.print(chart.render(call.plotStyle))
    }
}
