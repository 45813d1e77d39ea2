import Foundation
import Testing
@testable import MnemoStore

/// Four runs with different statuses, params and metrics, to query.
private func seededStore() throws -> (Store, [String: Int64]) {
    let store = try Store.inMemory()
    var ids: [String: Int64] = [:]
    let specs: [(String, String, Int64, [String: String], Double?, RunStatus)] = [
        ("naive", "continual", 1, ["lr": "0.0001", "method": "none"], 2.5, .finished),
        ("gere", "continual", 2, ["lr": "1e-4", "method": "tm"], 1.5, .finished),
        ("gere-hot", "continual", 3, ["lr": "0.001", "method": "tm"], 1.9, .failed),
        ("base", "pretrain", 4, [:], nil, .running),
    ]
    for (offset, spec) in specs.enumerated() {
        let id = try store.beginRun(RunStart(name: spec.0, kind: spec.1, seed: spec.2,
                                             params: spec.3.map { RunParam(name: $0.key, value: $0.value) },
                                             provenance: testProvenance),
                                    started: Date(timeIntervalSince1970: 1_000 + Double(offset)))
        if let loss = spec.4 {
            try store.logMetrics(run: id, [("loss", 0, 9.0), ("loss", 10, loss)])
        }
        if spec.5 != .running { try store.finishRun(id, status: spec.5) }
        ids[spec.0] = id
    }
    return (store, ids)
}

private func names(_ store: Store, _ filter: String, sort: String = "started") throws -> [String] {
    try store.runs(where: filter, sort: sort).map(\.run.name)
}

@Suite struct RunQueryTests {
    @Test func theExampleFromTheDesign() throws {
        let (store, _) = try seededStore()
        #expect(try names(store, "status = finished and metrics.loss < 2.0 and params.lr = 1e-4") == ["gere"])
    }

    @Test func eachOperatorOnRunFields() throws {
        let (store, _) = try seededStore()
        #expect(try names(store, "status = finished") == ["naive", "gere"])
        #expect(try names(store, "status != finished") == ["gere-hot", "base"])
        #expect(try names(store, "seed < 2") == ["naive"])
        #expect(try names(store, "seed <= 2") == ["naive", "gere"])
        #expect(try names(store, "seed > 3") == ["base"])
        #expect(try names(store, "seed >= 3") == ["gere-hot", "base"])
        #expect(try names(store, "name ~ GERE") == ["gere", "gere-hot"])
        #expect(try names(store, "kind = pretrain") == ["base"])
        #expect(try names(store, "status ~ fin") == ["naive", "gere"])
        #expect(try names(store, "") == ["naive", "gere", "gere-hot", "base"])
    }

    @Test func paramsCompareAsNumbersOrText() throws {
        let (store, ids) = try seededStore()
        // "0.0001" and "1e-4" are the same number.
        #expect(try names(store, "params.lr = 0.0001") == ["naive", "gere"])
        #expect(try names(store, "params.lr > 1e-4") == ["gere-hot"])
        #expect(try names(store, "params.lr != 1e-4") == ["gere-hot"])
        #expect(try names(store, "params.method = tm") == ["gere", "gere-hot"])
        #expect(try names(store, "params.method ~ T") == ["gere", "gere-hot"])
        #expect(try names(store, "params.method = '1'").isEmpty)
        // A quoted number compares as text, exactly.
        #expect(try names(store, "params.lr = '1e-4'") == ["gere"])
        // Runs without the param never match, not even with !=.
        #expect(try names(store, "params.missing != 3").isEmpty)
        #expect(try names(store, "id = \(ids["base"]!)") == ["base"])
    }

    @Test func metricsUseTheLatestValue() throws {
        let (store, _) = try seededStore()
        // Every run logged 9.0 at step 0; only the latest (step 10) counts.
        #expect(try names(store, "metrics.loss > 5").isEmpty)
        #expect(try names(store, "metrics.loss <= 1.9") == ["gere", "gere-hot"])
        #expect(try names(store, "metrics.acc > 0").isEmpty)
    }

    @Test func sortingAndLimits() throws {
        let (store, _) = try seededStore()
        #expect(try names(store, "", sort: "metrics.loss") == ["gere", "gere-hot", "naive", "base"])
        // Runs without the metric stay last when descending too.
        #expect(try names(store, "", sort: "-metrics.loss") == ["naive", "gere-hot", "gere", "base"])
        #expect(try names(store, "", sort: "-started") == ["base", "gere-hot", "gere", "naive"])
        #expect(try names(store, "", sort: "params.lr,name") == ["gere", "naive", "gere-hot", "base"])
        #expect(try store.runs(sort: "-started", limit: 2).map(\.run.name) == ["base", "gere-hot"])
        let best = try #require(try store.runs(sort: "metrics.loss", limit: 1).first)
        #expect(best.latestMetrics == [LatestMetric(key: "loss", step: 10, value: 1.5)])
        #expect(best.params == [RunParam(name: "lr", value: "1e-4"), RunParam(name: "method", value: "tm")])
        #expect(throws: StoreError.invalidSort("los")) { _ = try store.runs(sort: "los") }
    }

    @Test func valuesAreBoundNotSpliced() throws {
        let (store, _) = try seededStore()
        #expect(try names(store, "name = \"x' OR '1'='1\"").isEmpty)
        #expect(try names(store, "params.\"lr = 1\" = 2").isEmpty)
        #expect(try store.runs().count == 4)
    }
}
