import Foundation
import Testing
import MnemoKernel
import MnemoStore
@testable import MnemoLang

/// The landscape builtins through the language, with a tiny model.
@Suite struct LandscapeBuiltinsTests {
    static let setup = """
    seed(2)
    general = corpus.synthetic(docs: 120)
    base = gpt(ctx: 32, d: 16, layers: 1, heads: 2)
    pre = pretrain(base, general, steps: 20, lr: 3e-3, batch: 8)
    seq = tasks.synthetic(count: 2, train: 20, test: 8)
    R = replay(general, n: 20)
    run = continual(base, seq, steps: 4, lr: 3e-3, replay: R, method: tm(w: 1), snapshots: true, general_windows: 4)
    """

    func session(_ store: Store) throws -> (Session, CapturedOutput) {
        let out = CapturedOutput()
        let s = Session(registry: .mnemo(), output: out)
        s.attach(SessionContext(store: store, sessionID: try store.beginSession(kind: .notebook)))
        let results = s.execute(Self.setup)
        #expect(results.allSatisfy { $0.succeeded }, "\(results.compactMap { $0.error })")
        return (s, out)
    }

    @Test func surfaceCentreIsTheModelsLossAndIsStored() throws {
        let store = try Store.inMemory()
        let (s, out) = try session(store)
        let results = s.execute("""
        L = landscape(run, data: general, grid: 3, windows: 4)
        e = eval(run.model, general, windows: 4)
        plot(L)
        """)
        #expect(results.allSatisfy { $0.succeeded }, "\(results.compactMap { $0.error })")
        #expect(abs(try s.number("L.centre") - s.number("e.loss")) < 1e-9)
        #expect(out.text.contains("X the model"))
        let runs = try store.runs(where: "kind = landscape")
        #expect(runs.count == 1 && runs[0].run.status == .finished)
        #expect(try store.metricSeries(run: runs[0].run.id, key: "point")["point"]?.count == 9)
        #expect(try store.artifacts(run: runs[0].run.id).contains { $0.kind == "landscape" })
    }

    /// Passes output on and cancels the computation at its first progress line (10 % of the
    /// points: the reporter writes one line per tenth when not on a terminal), so the test
    /// interrupts the surface part-way on any machine, fast or slow.
    final class CancelAtFirstProgressLine: OutputSink {
        let forward: OutputSink, flag: CancellationFlag, prefix: String
        init(forward: OutputSink, flag: CancellationFlag, prefix: String) {
            self.forward = forward; self.flag = flag; self.prefix = prefix
        }
        var isTerminal: Bool { false }
        func write(_ text: String) {
            if text.hasPrefix(prefix) { flag.cancel() }
            forward.write(text)
        }
    }

    @Test func anInterruptedSurfaceResumesFromTheStore() throws {
        let store = try Store.inMemory()
        let (s, out) = try session(store)
        _ = s.execute("big = gpt(ctx: 64, d: 64, layers: 2, heads: 2, seed: 1)")
        s.output = CancelAtFirstProgressLine(forward: out, flag: s.cancellation, prefix: "landscape ")
        _ = s.execute("L1 = landscape(big, data: general, grid: 21, windows: 4, seed: 5)")
        s.output = out
        let first = try store.runs(where: "kind = landscape")
        let stopped = try #require(first.first)
        #expect(stopped.run.status == .interrupted)
        let stored = try store.metricSeries(run: stopped.run.id, key: "point")["point"]?.count ?? 0
        #expect(stored > 0 && stored < 441, "points stored before the interruption: \(stored)")
        let results = s.execute("L2 = landscape(big, data: general, grid: 21, windows: 4, seed: 5)")
        #expect(results.allSatisfy { $0.succeeded }, "\(results.compactMap { $0.error })")
        #expect(out.text.contains("resuming:"))
        // A fresh computation of the same grid gives the same values as the resumed one.
        let fresh = Session(registry: .mnemo(), output: CapturedOutput())
        _ = fresh.execute(Self.setup)
        _ = fresh.execute("big = gpt(ctx: 64, d: 64, layers: 2, heads: 2, seed: 1)\nL = landscape(big, data: general, grid: 21, windows: 4, seed: 5)")
        #expect(try s.evaluate("L2.values").displayText == fresh.evaluate("L.values").displayText)
    }

    @Test func interpolationPcaAfterTaskAndSharpness() throws {
        let store = try Store.inMemory()
        let (s, out) = try session(store)
        let results = s.execute("""
        i = interpolate(base, run, data: general, points: 5, windows: 4)
        a = interpolate(base, run, data: seq, points: 3, test_limit: 4)
        P = landscape(run, data: general, grid: 3, windows: 4, directions: "pca")
        T = landscape(run, data: seq, dims: 1, grid: 3, after_task: 1, test_limit: 4)
        C = landscape(run, data: general, dims: 1, grid: 3, windows: 4, directions: "checkpoints")
        h = sharpness(run, data: general, windows: 2, iterations: 3)
        """)
        #expect(results.allSatisfy { $0.succeeded }, "\(results.compactMap { $0.error })")
        #expect(try s.evaluate("len(i.values)").displayText == "7")
        // Progress counts every point evaluated, the two end models included (it said 7/5).
        #expect(out.text.contains("interpolate 7/7") && !out.text.contains("7/5"), "\(out.text)")
        let pca = try s.evaluate("P").summary
        #expect(pca.contains("PC1"), "\(pca)")
        #expect(pca.contains("0 base"), "\(pca)")
        #expect(out.text.contains("loss from model"))
        #expect(try s.number("h.trace").isFinite)
        let bad = s.execute("landscape(base, data: general, after_task: 1)")
        #expect(bad.first?.error?.description.contains("snapshots: true") == true)
    }
}
