import Foundation
import MnemoKernel
import MnemoPlot

/// Builtins that put runs side by side: compare, matrix, sweep.
enum CompareBuiltins {
    static let category = "continual"

    static var all: [Builtin] { [compare, matrix, grid, sweep] }

    static let compare = Builtin(
        name: "compare", category: category,
        parameters: [.variadic("runs", .of(ContinualRunHandle.self), doc: "continual runs")],
        returns: .of(TableHandle.self),
        doc: "One table of continual runs: method, AP, forgetting F, BWT, FWT, final general loss and its rise over the base model, "
            + "and wall time.",
        example: "compare(naive, gere)"
    ) { call in
        let runs = try call.args.handles(ContinualRunHandle.self, "runs")
        guard !runs.isEmpty else { throw MnemoError(.argument, "compare needs at least one run") }
        return .handle(TableHandle(comparisonTable(runs), style: call.plotStyle))
    }

    static func comparisonTable(_ runs: [ContinualRunHandle], extraColumn: (String, [String])? = nil) -> Table {
        func cell(_ x: Double?) -> Table.Cell { x.map { .number($0) } ?? .empty }
        var headers = ["run", "method", "AP", "F", "BWT", "FWT", "general", "rise", "seconds"]
        if let extra = extraColumn { headers.insert(extra.0, at: 2) }
        let rows: [[Table.Cell]] = runs.enumerated().map { i, r in
            let m = r.metrics
            var row: [Table.Cell] = [.text(r.id.map { "#\($0)" } ?? "-"), .text(r.method), cell(m?.ap), cell(m?.forgetting),
                                     cell(m?.bwt), cell(m?.fwt ?? nil), cell(r.general.last), cell(r.generalRise), cell(r.seconds)]
            if let extra = extraColumn { row.insert(.text(extra.1[i]), at: 2) }
            return row
        }
        return Table(headers: headers, rows: rows, digits: 3)
    }

    static let matrix = Builtin(
        name: "matrix", category: category,
        parameters: [.required("run", .of(ContinualRunHandle.self), doc: "a continual run")],
        returns: .of(TextHandle.self),
        doc: "The accuracy matrix of a continual run (row k: after training task k; column i: task i) as a labelled heatmap, "
            + "with the zero-shot row first when measured.",
        example: "matrix(gere)"
    ) { call in
        let run = try call.args.handle(ContinualRunHandle.self, "run")
        guard !run.accuracy.isEmpty else { throw MnemoError(.value, "the run finished no task, so it has no accuracy matrix") }
        var rows = run.accuracy, labels = run.taskNames.prefix(run.accuracy.count).map { "after \($0)" }
        if let zero = run.zeroShot { rows.insert(zero, at: 0); labels.insert("zero-shot", at: 0) }
        let heatmap = MatrixHeatmap(rows, rowLabels: labels, columnLabels: run.taskNames,
                                    title: "accuracy, \(run.method) (run \(run.id.map { "#\($0)" } ?? "unrecorded"))")
        return .handle(TextHandle(heatmap.render(call.plotStyle)))
    }

    static let grid = Builtin(
        name: "grid", category: category,
        parameters: [.variadic("values", .any, doc: "the values one argument takes")],
        returns: .of(GridHandle.self),
        doc: "Marks the values of one argument of a sweep: every combination of the grids is run.",
        example: "sweep(continual, base, seq, replay: R, method: grid(ft(), tm()), lr: grid(1e-3, 3e-3, 1e-2))"
    ) { call in
        let values = try call.args.list("values")
        guard !values.isEmpty else { throw MnemoError(.argument, "grid needs at least one value") }
        return .handle(GridHandle(values))
    }

    static let sweep = Builtin(
        name: "sweep", category: category,
        parameters: [
            .required("f", .function, doc: "the builtin to run, e.g. continual"),
            .variadic("args", .any, doc: "its positional arguments"),
            .optional("x", .string, .none, default: .nothing, namedOnly: true, doc: "the grid argument on the plot's x axis (default: the last grid)"),
            .keywords("options", doc: "named arguments of f; grid(...) values are swept"),
        ],
        returns: .of(TableHandle.self),
        doc: "Runs a builtin over every combination of its grid(...) arguments (named arguments of f pass through; "
            + "named arguments may be grids). Each point is its own run in the store. Prints a plot of the general-loss "
            + "rise (continual runs) and returns a table of all points.",
        example: "sweep(continual, base, seq, replay: R, steps: 60, method: grid(replay(), tm()), lr: grid(1e-3, 3e-3, 1e-2))"
    ) { call in try Sweep(call).run() }
}
