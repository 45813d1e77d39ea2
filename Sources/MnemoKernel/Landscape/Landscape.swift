import Foundation

/// Loss landscapes (Li et al. 2018): values of a metric at parameter points around a model,
/// on a 1-D or 2-D grid along given directions, or along the segment between two models.
/// The evaluation is a closure of the parameter vector, so the same code draws a language
/// model's loss, a task's accuracy, or a toy function's value.
public enum Landscape {
    /// Evaluates `centre + α·d₁ (+ β·d₂)` at every point of `grid` that is not in `finished`
    /// (index → value, from an interrupted earlier run), with one evaluator per worker thread
    /// (each evaluator is called from one thread only, so each can own a model copy).
    ///
    /// The centre's own value is computed first, by `evaluators[0]` on the caller's thread
    /// settings, so it equals the model's value exactly; at the grid's centre point the
    /// parameters are exactly `centre`. `onPoint` is called once per newly finished point, one
    /// call at a time (possibly from a worker thread). When `cancel` is set the points already
    /// started finish and the partial surface is returned; passing its ``LandscapeSurface/finishedPoints``
    /// back as `finished` continues where it stopped and yields the same grid.
    public static func surface(centre: [Float], directions: [LandscapeDirection], grid: LandscapeGrid,
                               evaluators: [([Float]) -> Double], finished: [Int: Double] = [:],
                               metric: String = "loss", cancel: CancellationFlag? = nil,
                               onPoint: ((LandscapePoint) -> Void)? = nil) throws -> LandscapeSurface {
        try grid.validate()
        guard directions.count == grid.dimensions else {
            throw LandscapeError.directionCount(count: directions.count, dimensions: grid.dimensions)
        }
        for (k, d) in directions.enumerated() where d.values.count != centre.count {
            throw LandscapeError.sizeMismatch(what: "direction \(k + 1)", count: d.values.count, expected: centre.count)
        }
        guard !evaluators.isEmpty else {
            throw LandscapeError.invalidArgument(name: "evaluators", value: "[]", reason: "at least one evaluator")
        }
        let start = Date()
        var values = [Double?](repeating: nil, count: grid.count)
        for (i, v) in finished where i >= 0 && i < grid.count { values[i] = v }
        var done = values.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        let report: (Int, Double) -> Void = { index, value in
            values[index] = value
            done += 1
            onPoint?(LandscapePoint(index: index, coefficients: grid.coefficients(of: index), value: value,
                                    finished: done, total: grid.count, elapsed: Date().timeIntervalSince(start)))
        }

        var centreValue = grid.centreIndex.flatMap { values[$0] }
        if centreValue == nil && cancel?.isCancelled != true {
            let value = evaluators[0](centre)
            centreValue = value
            if let c = grid.centreIndex { report(c, value) }
        }
        let vectors = directions.map(\.values)
        let pending = (0..<grid.count).filter { values[$0] == nil }
        _ = PointRunner.run(pending: pending, evaluators: evaluators, fill: { index, buffer in
            LandscapeMath.combine(centre: centre, directions: vectors, coefficients: grid.coefficients(of: index), into: &buffer)
        }, cancel: cancel, done: report)

        return LandscapeSurface(grid: grid, values: values, centreValue: centreValue,
                                directions: directions.map(\.origin), directionNorms: directions.map(\.norm),
                                metric: metric, seconds: Date().timeIntervalSince(start))
    }

    /// A GPT's mean next-token loss on `windows` over `grid` around its current weights, with
    /// `workers` model copies evaluating points in parallel (the model itself is not changed).
    /// See ``surface(centre:directions:grid:evaluators:finished:metric:cancel:onPoint:)`` for
    /// resuming, cancelling and the callback.
    public static func surface(model: GPT, windows: EvaluationWindows, directions: [LandscapeDirection],
                               grid: LandscapeGrid, workers: Int = Parallel.workers, batch: Int = 32,
                               finished: [Int: Double] = [:], cancel: CancellationFlag? = nil,
                               onPoint: ((LandscapePoint) -> Void)? = nil) throws -> LandscapeSurface {
        try ModelChecks.validate(model: model, windows: windows, batch: batch)
        return try surface(centre: model.flatParameters(), directions: directions, grid: grid,
                    evaluators: lossEvaluators(model: model, windows: windows, workers: workers, batch: batch),
                    finished: finished, metric: "loss", cancel: cancel, onPoint: onPoint)
    }

    /// One loss closure per worker, each over its own copy of `model`: the closure loads a flat
    /// parameter vector into the copy and returns the same value as
    /// ``LanguageModeling/evaluate(_:on:batch:)`` would for it (reusing its buffers).
    public static func lossEvaluators(model: GPT, windows: EvaluationWindows, workers: Int = Parallel.workers,
                                      batch: Int = 32) -> [([Float]) -> Double] {
        (0..<max(1, workers)).map { _ in
            let evaluator = ReplicaLossEvaluator(model: model, windows: windows, batch: batch)
            return { evaluator.loss($0) }
        }
    }
}

extension GPT {
    /// A deep copy including LoRA adapters (merged or not), so its flat parameters line up with
    /// this model's; ``copy()`` leaves adapters out.
    func landscapeReplica() -> GPT {
        let other = copy()
        var rng = SeededRandom(seed: 0)
        for (mine, theirs) in zip(other.linears, linears) {
            guard let adapter = theirs.layer.lora else { continue }
            mine.layer.attachLoRA(rank: adapter.rank, alpha: adapter.scale * Float(adapter.rank), rng: &rng)
            guard let copied = mine.layer.lora else { continue }
            copied.a.copy(from: adapter.a)
            copied.b.copy(from: adapter.b)
            copied.isMerged = adapter.isMerged
        }
        for (mine, theirs) in zip(other.parameters, parameters) { mine.requiresGrad = theirs.requiresGrad }
        return other
    }
}
