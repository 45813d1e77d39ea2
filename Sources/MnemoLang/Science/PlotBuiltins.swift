import MnemoPlot

/// Builtins that draw in the terminal.
enum PlotBuiltins {
    static let category = "plots"

    static var all: [Builtin] { [plot] }

    static let plot = Builtin(
        name: "plot", category: category,
        parameters: [
            .variadic("series", .list, .of(RunHandle.self), .of(ContinualRunHandle.self), .of(LandscapeHandle.self),
                      .of(InterpolationHandle.self),
                      doc: "lists of numbers, runs (their loss per step), or one landscape to redraw"),
            .optional("labels", .list, .none, default: .nothing, namedOnly: true, doc: "a name per series"),
            .optional("title", .string, .none, default: .nothing, namedOnly: true, doc: "a title above the chart"),
            .optional("log_y", .bool, default: .bool(false), namedOnly: true, doc: "logarithmic y axis"),
            .optional("smooth", .integer, default: .number(1), namedOnly: true, doc: "moving-average window (1: raw)"),
            .optional("height", .integer, default: .number(15), namedOnly: true, doc: "rows of the chart"),
        ],
        returns: .of(TextHandle.self),
        doc: "A line chart of one or more series in the terminal (braille dots on UTF-8 terminals, ASCII "
            + "otherwise), with a legend, tidy ticks and a one-line summary per series.",
        example: "plot(run, title: \"pretraining loss\", smooth: 10)"
    ) { call in
        let given = try call.args.list("series")
        guard !given.isEmpty else { throw MnemoError(.argument, "plot needs at least one series") }
        if given.count == 1, let landscape = given[0].handle(LandscapeHandle.self) {
            var style = call.plotStyle
            style.height = max(5, try call.args.int("height"))
            return .handle(TextHandle(landscape.render(style)))
        }
        let labels = call.args.isNone("labels") ? [] : try call.args.strings("labels")
        let window = try call.positiveInt("smooth")
        var series: [Series] = []
        for (i, value) in given.enumerated() {
            var name = i < labels.count ? labels[i] : "series \(i + 1)"
            var ys: [Double]
            switch value {
            case .handle(let run as RunHandle):
                ys = run.losses
                if i >= labels.count { name = run.id.map { "run #\($0) loss" } ?? "\(run.kind) loss" }
            case .handle(let run as ContinualRunHandle):
                ys = run.stepLosses.flatMap { $0 }.map(Double.init)
                if i >= labels.count { name = "\(run.method) loss" }
            case .handle(let interp as InterpolationHandle):
                ys = interp.result.values.map { $0 ?? .nan }
                if i >= labels.count { name = interp.metric }
            case .list(let items):
                ys = try items.map { item -> Double in
                    guard case .number(let x) = item else {
                        throw MnemoError(.type, "series \(i + 1) of plot must hold numbers, found \(item.typeName)")
                    }
                    return x
                }
            default: throw MnemoError(.type, "plot expects lists of numbers or runs, got \(value.typeName)")
            }
            guard !ys.isEmpty else { throw MnemoError(.value, "series \(i + 1) of plot is empty") }
            if window > 1 { ys = movingAverage(ys, window) }
            series.append(Series(name, ys))
        }
        var style = call.plotStyle
        style.height = max(5, try call.args.int("height"))
        let chart = LineChart(series, title: try call.args.optionalString("title"), xLabel: "step",
                              logY: try call.args.bool("log_y"))
        return .handle(TextHandle(chart.render(style)))
    }

    /// Trailing moving average (the first points average what exists so far).
    static func movingAverage(_ ys: [Double], _ w: Int) -> [Double] {
        var out: [Double] = [], sum = 0.0
        for (i, y) in ys.enumerated() {
            sum += y
            if i >= w { sum -= ys[i - w] }
            out.append(sum / Double(min(i + 1, w)))
        }
        return out
    }
}
