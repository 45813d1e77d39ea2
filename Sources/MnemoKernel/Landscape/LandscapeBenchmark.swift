import Foundation

/// The `landscape_2d` workload of `mnemo bench` (issue 5's speed target): a 21×21
/// filter-normalised loss surface of the default GPT (d 128, 2 layers, context 64) on 32
/// evaluation windows of 64 bytes of synthetic text, 441 forward passes, on all workers.
public enum LandscapeBenchmark {
    /// Wall-clock seconds of one full surface (after a one-pass warm-up); NaN if the workload
    /// could not be built.
    public static func run(workers: Int = Parallel.workers) -> Double {
        guard let setup = try? prepare() else { return .nan }
        _ = Landscape.lossEvaluators(model: setup.model, windows: setup.windows, workers: 1)[0](setup.model.flatParameters())
        let start = DispatchTime.now().uptimeNanoseconds
        guard let surface = try? Landscape.surface(model: setup.model, windows: setup.windows,
                                                   directions: setup.directions, grid: LandscapeGrid(dimensions: 2, points: 21),
                                                   workers: workers), surface.isComplete else { return .nan }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The model, evaluation windows and two random directions of the workload.
    static func prepare() throws -> (model: GPT, windows: EvaluationWindows, directions: [LandscapeDirection]) {
        let model = GPT(GPTConfig(), seed: 1)
        let stream = TokenStream(documents: SyntheticText.documents(count: 400, seed: 1))
        let windows = try stream.evaluationWindows(context: 64, maxWindows: 32)
        let directions = Directions.random(for: model, seed: 1, count: 2)
        return (model, windows, directions)
    }
}
