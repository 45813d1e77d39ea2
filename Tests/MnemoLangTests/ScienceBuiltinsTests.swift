import Foundation
import Testing
import MnemoKernel
import MnemoStore
@testable import MnemoLang

/// The science builtins end to end through the language, with tiny models.
@Suite struct ScienceBuiltinsTests {
    static let script = """
    seed(1)
    c = corpus.synthetic(docs: 200)
    m = gpt(ctx: 16, d: 16, layers: 1, heads: 2)
    r = pretrain(m, c, steps: 40, lr: 3e-3, batch: 8)
    e = eval(m, c, windows: 16)
    g = generate(m, "The ", tokens: 12)
    """

    func session(recordingIn store: Store? = nil) throws -> (Session, CapturedOutput) {
        let out = CapturedOutput()
        let s = Session(registry: .mnemo(), output: out)
        if let store {
            let id = try store.beginSession(kind: .notebook)
            s.attach(SessionContext(store: store, sessionID: id))
        }
        return (s, out)
    }

    @Test func pretrainLearnsAndIsRecorded() throws {
        let store = try Store.inMemory()
        let (s, _) = try session(recordingIn: store)
        let results = s.execute(Self.script)
        #expect(results.allSatisfy { $0.succeeded }, "\(results.compactMap { $0.error })")
        let first = try s.number("r.loss[0]"), last = try s.number("r.final_loss")
        #expect(first > 5 && last < first - 1)
        #expect(try s.number("e.loss") < 4.5)
        guard case .string(let text) = try s.evaluate("g") else { Issue.record("generate gave no string"); return }
        #expect(text.hasPrefix("The ") && text.count > 4)  // invalid UTF-8 bytes decode as U+FFFD
        let runs = try store.runs()
        #expect(runs.count == 1)
        #expect(runs[0].run.status == .finished && runs[0].run.kind == "pretrain")
        #expect(try store.metricSeries(run: runs[0].run.id, key: "loss")["loss"]?.count == 40)
        #expect(runs[0].params.contains { $0.name == "lr" && $0.value == "0.003" })
        #expect(runs[0].latestMetrics.contains { $0.key == "eval_loss" })
    }

    @Test func sameSeedSameNumbers() throws {
        func finalLoss() throws -> Double {
            let (s, _) = try session()
            _ = s.execute(Self.script)
            return try s.number("r.final_loss")
        }
        #expect(try finalLoss() == finalLoss())
    }

    @Test func interruptedTrainingKeepsTheModelAndIsRecorded() throws {
        let store = try Store.inMemory()
        let (s, out) = try session(recordingIn: store)
        _ = s.execute("c = corpus.synthetic(docs: 50)\nm = gpt(ctx: 16, d: 16, layers: 1, heads: 2)")
        let flag = s.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { flag.cancel() }
        _ = s.execute("r = pretrain(m, c, steps: 1000000, batch: 2)")
        #expect(out.text.contains("interrupted at step"))
        #expect(try s.number("m.steps") > 0)
        #expect(try store.runs()[0].run.status == .interrupted)
    }

    @Test func plotsParamsSaveAndLoad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-sci-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (s, out) = try session()
        let path = dir.appendingPathComponent("m.safetensors").path
        let results = s.execute("""
        m = gpt(ctx: 8, d: 8, layers: 1, heads: 2)
        params(m)
        plot([3, 2, 1.5, 1.2, 1.1], [3, 2.5, 2.2, 2], labels: ["a", "b"], title: "losses")
        save(m, "\(path)")
        m2 = load("\(path)")
        m2
        """)
        #expect(results.allSatisfy { $0.succeeded }, "\(results.compactMap { $0.error })")
        #expect(out.text.contains("transformer.h.0.attn.c_attn.weight"))
        #expect(out.text.contains("losses"))
        #expect(out.text.contains("gpt ctx 8 · d 8 · 2 heads · 1 layers · tied head"))
    }

    @Test func badArgumentsGiveOneLineErrors() throws {
        let (s, _) = try session()
        func error(_ source: String) -> String {
            s.execute(source).compactMap(\.error).first?.description ?? "no error"
        }
        #expect(error("gpt(d: 30, heads: 4)").contains("d (30) must be divisible by heads (4)"))
        #expect(error("corpus(\"/nonexistent/x.jsonl\")").contains("/nonexistent/x.jsonl"))
        _ = s.execute("c = corpus.synthetic(docs: 20)\nm = gpt(ctx: 8, d: 8, layers: 1, heads: 2)")
        #expect(error("pretrain(m, c, stpes: 3)").contains("did you mean 'steps'"))
        #expect(error("pretrain(m, c, lr: \"fast\")").contains("expects number, got string"))
        #expect(error("pretrain(m, c, steps: 0)").contains("must be positive"))
        #expect(error("pretrain(c, m)").contains("expects model"))
        #expect(error("pretrain(m, c, lr: 1e30, steps: 3)").contains("loss became"))
        #expect(error("load(\"/nonexistent.safetensors\")").contains("/nonexistent.safetensors"))
    }
}
