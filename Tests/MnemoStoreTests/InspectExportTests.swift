import Foundation
import Testing
@testable import MnemoStore

/// Two finished runs that share a seed and differ in lr and method.
private func twoRuns() throws -> (Store, Int64, Int64) {
    let store = try Store.inMemory()
    let a = try beginTestRun(store, name: "naive", params: ["lr": "1e-4", "method": "none", "steps": "300"])
    let b = try beginTestRun(store, name: "gere", params: ["lr": "3e-4", "steps": "300", "w": "100"])
    try store.logMetrics(run: a, [("loss", 0, 3.0), ("loss", 1, 2.0), ("ppl", 1, 7.4)], time: Date(timeIntervalSince1970: 100))
    try store.logMetrics(run: b, [("loss", 0, 3.0), ("loss", 1, 1.5)], time: Date(timeIntervalSince1970: 100))
    return (store, a, b)
}

@Suite struct InspectExportTests {
    @Test func detailGathersParamsMetricsEvaluationsArtifacts() throws {
        let (store, a, _) = try twoRuns()
        try store.recordEvaluations(run: a, [Evaluation(afterTask: 0, task: "t1", metric: "acc", value: 0.75)])
        try store.putArtifact(name: "ckpt", kind: "checkpoint", bytes: Data("weights".utf8), run: a)
        let detail = try store.runDetail(a)
        #expect(detail.run.name == "naive")
        #expect(detail.params.map(\.name) == ["lr", "method", "steps"])
        #expect(detail.latestMetrics == [LatestMetric(key: "loss", step: 1, value: 2.0), LatestMetric(key: "ppl", step: 1, value: 7.4)])
        #expect(detail.evaluations.first?.values == [[0.75]])
        #expect(detail.artifacts.map(\.name) == ["ckpt"])
        #expect(throws: StoreError.unknownRun(999)) { _ = try store.runDetail(999) }
    }

    @Test func compareSplitsDifferingAndSameParams() throws {
        let (store, a, b) = try twoRuns()
        let comparison = try store.compareRuns([b, a])
        #expect(comparison.runs.map(\.id) == [b, a])
        #expect(comparison.differingParams == [
            .init(name: "lr", values: ["3e-4", "1e-4"]),
            .init(name: "method", values: [nil, "none"]),
            .init(name: "w", values: ["100", nil]),
        ])
        #expect(comparison.sameParams == [RunParam(name: "steps", value: "300")])
        #expect(comparison.metrics == [.init(key: "loss", values: [1.5, 2.0]), .init(key: "ppl", values: [nil, 7.4])])
        #expect(throws: StoreError.unknownRun(5)) { _ = try store.compareRuns([a, 5]) }
    }

    @Test func csvIsLongFormat() throws {
        let (store, a, _) = try twoRuns()
        try store.logMetrics(run: a, [("odd,key", 0, .nan)], time: Date(timeIntervalSince1970: 100))
        let csv = try store.exportCSV(run: a)
        #expect(csv == """
            run,key,step,value,time
            \(a),loss,0,3.0,100.000
            \(a),loss,1,2.0,100.000
            \(a),"odd,key",0,nan,100.000
            \(a),ppl,1,7.4,100.000

            """)
    }

    @Test func jsonHoldsTheWholeRun() throws {
        let (store, a, _) = try twoRuns()
        try store.recordEvaluations(run: a, [Evaluation(afterTask: 0, task: "t1", metric: "acc", value: 0.5)])
        try store.finishRun(a, status: .finished)
        let text = try store.exportJSON(run: a)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "naive")
        #expect(object["status"] as? String == "finished")
        #expect(object["seed"] as? Int == 7)
        #expect((object["config"] as? [String: Any])?.isEmpty == true)
        let params = try #require(object["params"] as? [[String: Any]])
        #expect(params.compactMap { $0["name"] as? String } == ["lr", "method", "steps"])
        let metrics = try #require(object["metrics"] as? [String: [[String: Any]]])
        #expect(metrics["loss"]?.compactMap { $0["value"] as? Double } == [3.0, 2.0])
        let provenance = try #require(object["provenance"] as? [String: Any])
        #expect(provenance["cpu_model"] as? String == "TestCPU")
        let evaluations = try #require(object["evaluations"] as? [[String: Any]])
        #expect(evaluations.first?["metric"] as? String == "acc")
        #expect((object["ended"] as? String)?.hasSuffix("Z") == true)
        #expect(throws: StoreError.unknownRun(404)) { _ = try store.exportJSON(run: 404) }
    }
}
