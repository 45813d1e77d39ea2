import Foundation
import MnemoKernel
import MnemoPlot
import MnemoStore

/// Builtins for loss landscapes: interpolation, surfaces, sharpness.
enum LandscapeBuiltins {
    static let category = "landscapes"

    static var all: [Builtin] { [interpolate, landscape, sharpness] }

    /// A GPT from a model or a continual run (its final model).
    static func model(_ call: CallContext, _ name: String) throws -> (GPT, String, ContinualRunHandle?) {
        switch call.args[name] {
        case .handle(let m as ModelHandle): return (try m.gpt(for: call.builtin.name), "model", nil)
        case .handle(let r as ContinualRunHandle):
            guard let m = r.model else { throw MnemoError(.value, "the run has no final model") }
            return (try m.gpt(for: call.builtin.name), "run \(r.id.map { "#\($0)" } ?? "") \(r.method)", r)
        default: throw MnemoError(.type, "argument '\(name)' of \(call.builtin.name) expects model or run")
        }
    }

    static func windows(_ call: CallContext, _ corpus: CorpusHandle, context: Int) throws -> EvaluationWindows {
        let docs = corpus.heldOut.isEmpty ? corpus.train : corpus.heldOut
        return try TokenStream(documents: docs).evaluationWindows(context: context, maxWindows: try call.positiveInt("windows"))
    }

    static let interpolate = Builtin(
        name: "interpolate", category: category,
        parameters: [
            .required("a", .of(ModelHandle.self), .of(ContinualRunHandle.self), doc: "the start (a model, or a run's final model)"),
            .required("b", .of(ModelHandle.self), .of(ContinualRunHandle.self), doc: "the end"),
            .required("data", .of(CorpusHandle.self), .of(TasksHandle.self), namedOnly: true,
                      doc: "a corpus (held-out loss) or tasks (mean accuracy)"),
            .optional("points", .integer, default: .number(41), namedOnly: true, doc: "points along the segment"),
            .optional("extend", .number, default: .number(0.25), namedOnly: true, doc: "how far beyond each end, as a fraction"),
            .optional("windows", .integer, default: .number(32), namedOnly: true, doc: "evaluation windows (corpus)"),
            .optional("test_limit", .integer, default: .number(40), namedOnly: true, doc: "test examples per task (tasks)"),
        ],
        returns: .of(LandscapeHandle.self),
        doc: "The loss (or task accuracy) along the straight line from a to b and a little beyond: "
            + "(1−α)·a + α·b for α from −extend to 1+extend. A wide flat valley around b means a stable solution.",
        example: "interpolate(base, gere, data: general)"
    ) { call in
        let (a, aName, _) = try model(call, "a"), (b, bName, _) = try model(call, "b")
        guard a.config == b.config else { throw MnemoError(.value, "a and b must have the same architecture") }
        let points = try call.positiveInt("points")
        guard points >= 3 else { throw MnemoError(.value, "points must be at least 3") }
        let extend = try call.args.number("extend")
        // The two end models are evaluated too when the even spacing misses them.
        let total = Interpolation.alphas(points: points, extend: extend).count
        let progress = ProgressReporter(label: "interpolate", total: total, unit: "point", isTTY: call.output.isTerminal,
                                        width: call.plotStyle.width) { call.output.write($0) }
        let result: Interpolation
        let metric: String
        switch call.args["data"] {
        case .handle(let c as CorpusHandle):
            metric = "loss"
            result = try Landscape.interpolate(model: a, from: a.flatParameters(), to: b.flatParameters(),
                                                   windows: try windows(call, c, context: a.config.context), points: points,
                                                   extend: extend, cancel: call.cancellation) { p in progress.update(done: p.finished) }
        case .handle(let t as TasksHandle):
            metric = "accuracy"
            let replica = a.copy()
            let limit = try call.positiveInt("test_limit")
            result = try Landscape.interpolate(from: a.flatParameters(), to: b.flatParameters(), evaluate: { w in
                replica.loadFlatParameters(w)
                let accs = t.tasks.map { TaskScorer.accuracy(replica, task: $0, limit: limit) }
                return accs.reduce(0, +) / Double(max(accs.count, 1))
            }, points: points, extend: extend, cancel: call.cancellation) { p in progress.update(done: p.finished) }
        default: throw MnemoError(.type, "data must be a corpus or tasks")
        }
        progress.finish(done: result.values.compactMap { $0 }.count)
        let chart = LineChart([Series(metric, x: result.alphas, y: result.values.map { $0 ?? .nan })],
                              title: "\(metric) from \(aName) (α=0) to \(bName) (α=1)", xLabel: "α",
                              markers: [VerticalMarker(x: 0, label: "a"), VerticalMarker(x: 1, label: "b")])
        call.print(chart.render(call.plotStyle))
        return .handle(InterpolationHandle(result, metric: metric))
    }

    static let landscape = Builtin(
        name: "landscape", category: category,
        parameters: [
            .required("model", .of(ModelHandle.self), .of(ContinualRunHandle.self), doc: "a model, or a continual run (its final model)"),
            .required("data", .of(CorpusHandle.self), .of(TasksHandle.self), namedOnly: true,
                      doc: "a corpus (its held-out loss is mapped) or tasks (their mean test accuracy)"),
            .optional("test_limit", .integer, default: .number(40), namedOnly: true, doc: "test examples per task (tasks)"),
            .optional("dims", .integer, default: .number(2), namedOnly: true, doc: "1 or 2"),
            .optional("grid", .integer, default: .number(21), namedOnly: true, doc: "points per axis (odd keeps the model at the centre)"),
            .optional("span", .number, default: .number(1), namedOnly: true, doc: "coordinates run from −span to span (pca: fitted to the trajectory unless given)"),
            .optional("directions", .string, default: .string("random"), allowed: ["random", "checkpoints", "pca"], namedOnly: true,
                      doc: "random filter-normalised; for a run: base → final then random, or the principal directions of its trajectory (snapshots: true)"),
            .optional("after_task", .integer, .none, default: .nothing, namedOnly: true,
                      doc: "for a run with snapshots: centre on the model after this task (0: the base)"),
            .optional("windows", .integer, default: .number(32), namedOnly: true, doc: "evaluation windows of the context length"),
            .optional("biases", .string, default: .string("zero"), allowed: ["zero", "keep"], namedOnly: true,
                      doc: "random directions: zero on biases and LayerNorm parameters (Li et al.), or keep them normalised"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "direction seed"),
        ],
        returns: .of(LandscapeHandle.self),
        doc: "The loss surface around a model along filter-normalised random directions (Li et al. 2018), drawn as a "
            + "contour heatmap (2-D) or a curve (1-D). Uses both cores; every finished point is stored, so an "
            + "interrupted computation continues where it stopped when run again. plot(L) redraws it.",
        example: "L = landscape(gere, data: general, dims: 2, grid: 21, span: 1.0)"
    ) { call in try computeLandscape(call) }

    static func computeLandscape(_ call: CallContext) throws -> Value {
        var (gpt, label, run) = try model(call, "model")
        let corpus = call.args["data"].handle(CorpusHandle.self)
        let taskData = call.args["data"].handle(TasksHandle.self)
        if let k = try call.args.optionalInt("after_task") {
            guard let run, !run.snapshots.isEmpty else {
                throw MnemoError(.value, "after_task needs a continual run made with snapshots: true")
            }
            guard (0..<run.snapshots.count).contains(k) else {
                throw MnemoError(.value, "after_task must be between 0 (the base) and \(run.snapshots.count - 1), got \(k)")
            }
            let copy = gpt.copy()
            guard copy.parameterCount == run.snapshots[k].count else { throw MnemoError(.value, "the snapshot does not fit the model (LoRA kept unmerged?)") }
            copy.loadFlatParameters(run.snapshots[k])
            gpt = copy
            label += k == 0 ? " (base)" : " after task \(k)"
        }
        let dims = try call.args.int("dims")
        guard dims == 1 || dims == 2 else { throw MnemoError(.value, "dims must be 1 or 2, got \(dims)") }
        let points = try call.positiveInt("grid")
        var span = try call.positiveNumber("span")
        let seed = try call.seed()
        let kind = try call.args.string("directions")
        var directions: [LandscapeDirection] = []
        var trajectory: [[Double]] = []
        if kind == "pca" {
            guard let run, run.snapshots.count >= 3 else {
                throw MnemoError(.value, "directions: \"pca\" needs a continual run made with snapshots: true (base plus at least two tasks)")
            }
            let pca = try Directions.principal(of: run.snapshots, count: dims)
            directions = pca.directions
            trajectory = try Landscape.project(run.snapshots, centre: gpt.flatParameters(), directions: directions)
        } else if kind == "checkpoints" {
            guard let run, let base = run.base else { throw MnemoError(.value, "directions: \"checkpoints\" needs a continual run as model") }
            let start = try base.gpt(for: "landscape").flatParameters()
            // Centred on the final model: the first axis points back towards the base.
            directions.append(try Directions.difference(from: gpt.flatParameters(), to: start, fromLabel: "final", toLabel: "base"))
        }
        while directions.count < dims {
            let oneD: OneDimensionalParameters = try call.args.string("biases") == "keep" ? .normalised : .zeroed
            directions.append(Directions.random(for: gpt, seed: seed, axis: directions.count, oneDimensional: oneD))
        }
        if kind == "pca" && !call.args.isGiven("span") {
            // PCA axes are unit vectors in weight space: size the grid to hold the whole trajectory.
            let reach = trajectory.flatMap { $0 }.map(abs).max() ?? 1
            span = max(1e-3, (reach * 1.2 * 100).rounded(.up) / 100)
        }
        let grid = LandscapeGrid(dimensions: dims, points: points, span: span)
        try grid.validate()
        let evaluators: [([Float]) -> Double]
        let dataLabel: String
        if let corpus {
            let windows = try windows(call, corpus, context: gpt.config.context)
            evaluators = Landscape.lossEvaluators(model: gpt, windows: windows)
            dataLabel = "\(corpus.summary) \(windows.count)"
        } else if let taskData {
            let limit = try call.positiveInt("test_limit")
            evaluators = (0..<Parallel.workers).map { _ in
                let replica = gpt.copy()
                return { w in
                    replica.loadFlatParameters(w)
                    let accs = taskData.tasks.map { TaskScorer.accuracy(replica, task: $0, limit: limit) }
                    return accs.reduce(0, +) / Double(max(accs.count, 1))
                }
            }
            dataLabel = "\(taskData.summary) \(limit)"
        } else {
            throw MnemoError(.type, "data must be a corpus or tasks")
        }
        let weights = gpt.flatParameters().withUnsafeBufferPointer { Data(buffer: $0) }
        let key = "\(SHA256.hex(weights).prefix(12))-\(kind)-\(try call.args.string("biases"))-\(seed)-\(dims)x\(points)-\(span)-\(SHA256.hex(dataLabel).prefix(8))"
        var finished: [Int: Double] = [:]
        if let rec = call.recording, !rec.isReplay, let store = Optional(rec.store),
           let previous = try store.runs(where: "kind = landscape and params.key = \"\(key)\"", sort: "-started", limit: 1).first {
            for p in try store.metricSeries(run: previous.run.id, key: "point")["point"] ?? [] { finished[p.step] = p.value }
            if !finished.isEmpty { call.print("resuming: \(finished.count) of \(grid.count) points already computed (run #\(previous.run.id))") }
        }
        let recorder = try RunRecorder(call, kind: "landscape", seed: seed,
                                       config: ["model": label, "directions": directions.map(\.origin.label), "grid": points,
                                                "span": span, "dims": dims, "data": dataLabel],
                                       extraParams: ["key": key])
        for (i, v) in finished { recorder.log("point", step: i, v) }
        let progress = ProgressReporter(label: "landscape", total: grid.count, unit: "point", isTTY: call.output.isTerminal,
                                        width: call.plotStyle.width) { call.output.write($0) }
        let surface = try Landscape.surface(centre: gpt.flatParameters(), directions: directions, grid: grid,
                                            evaluators: evaluators, finished: finished,
                                            metric: corpus == nil ? "accuracy" : "loss", cancel: call.cancellation) { p in
            recorder.log("point", step: p.index, p.value)
            progress.update(done: p.finished)
        }
        progress.finish(done: surface.finishedCount)
        if !surface.isComplete {
            recorder.finish(.interrupted)
            call.print("interrupted with \(surface.finishedCount) of \(grid.count) points; run the same line again to continue")
        } else {
            try recorder.artifact(name: "landscape-\(key)", kind: "landscape", bytes: try surface.serialized())
            if let c = surface.centreValue { recorder.log("centre_loss", step: 0, c) }
            recorder.finish(.finished)
        }
        let handle = LandscapeHandle(surface, title: "\(surface.metric) landscape around \(label)", id: recorder.id)
        handle.trajectory = trajectory
        handle.style = call.plotStyle
        return .handle(handle)
    }

    static let sharpness = Builtin(
        name: "sharpness", category: category,
        parameters: [
            .required("model", .of(ModelHandle.self), .of(ContinualRunHandle.self), doc: "a model, or a continual run (its final model)"),
            .required("data", .of(CorpusHandle.self), namedOnly: true, doc: "corpus for the loss (held-out part)"),
            .optional("windows", .integer, default: .number(16), namedOnly: true, doc: "evaluation windows (a fixed batch)"),
            .optional("iterations", .integer, default: .number(20), namedOnly: true, doc: "at most this many Hessian-vector products per estimate"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "seed of the random vectors"),
        ],
        returns: .of(SharpnessHandle.self),
        doc: "Curvature of the loss at the model: the top Hessian eigenvalue by power iteration and the Hutchinson trace "
            + "estimate, both from Hessian-vector products (central differences of gradients). Larger means sharper.",
        example: "sharpness(gere, data: general)"
    ) { call in
        let (gpt, label, _) = try model(call, "model")
        guard case .handle(let corpus as CorpusHandle) = call.args["data"] else { throw MnemoError(.type, "data must be a corpus") }
        let settings = Sharpness.Settings(maxIterations: try call.positiveInt("iterations"), minimumSamples: min(10, try call.positiveInt("iterations")),
                                          seed: try call.seed())
        let report = try Sharpness.measure(model: gpt, windows: try windows(call, corpus, context: gpt.config.context),
                                           settings: settings, cancel: call.cancellation)
        return .handle(SharpnessHandle(report, label: label))
    }
}

/// A 1-D interpolation between two models.
public final class InterpolationHandle: MnemoHandle {
    public static let typeName = "interpolation"
    public let result: Interpolation
    public let metric: String
    init(_ result: Interpolation, metric: String) { self.result = result; self.metric = metric }
    public var summary: String {
        let vals = result.values.compactMap { $0 }
        return String(format: "interpolation of %@ · %d points · at a %.4f · at b %.4f · max %.4f", metric, vals.count,
                      result.startValue ?? .nan, result.endValue ?? .nan, vals.max() ?? .nan)
    }
    public var attributeNames: [String] { ["alphas", "values"] }
    public func attribute(_ name: String) -> Value? {
        switch name {
        case "alphas": .list(result.alphas.map { .number($0) })
        case "values": .list(result.values.map { $0.map { .number($0) } ?? .nothing })
        default: nil
        }
    }
}
