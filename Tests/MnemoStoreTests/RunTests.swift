import Foundation
import GRDB
import Testing
@testable import MnemoStore

@Suite struct RunTests {
    @Test func runLifecycleRecordsProvenanceAndStatus() throws {
        let store = try Store.inMemory()
        let session = try store.beginSession(kind: .notebook, notebookPath: "nb.mnemo", notebookSHA256: "abc")
        let start = RunStart(session: session, name: "base", kind: "pretrain", seed: 7, configJSON: #"{"d": 128}"#,
                             params: [RunParam(name: "lr", value: "0.0003", fromCLI: true), RunParam(name: "steps", value: "800")],
                             provenance: Provenance.current(mnemoVersion: "0.1", threads: 2, notebookSHA256: "abc"))
        let id = try store.beginRun(start)
        var run = try store.run(id)
        #expect(run.status == .running)
        #expect(run.session == session)
        #expect(run.seed == 7)
        #expect(run.configJSON == #"{"d": 128}"#)
        #expect(run.pid == HostInfo.currentProcessID())
        #expect(run.provenance.threads == 2)
        #expect(run.provenance.notebookSHA256 == "abc")
        #expect(!run.provenance.host.isEmpty && !run.provenance.cpuModel.isEmpty)
        #expect(try store.params(run: id) == [RunParam(name: "lr", value: "0.0003", fromCLI: true),
                                              RunParam(name: "steps", value: "800")])
        try store.finishRun(id, status: .failed, error: "loss became NaN at step 12")
        run = try store.run(id)
        #expect(run.status == .failed)
        #expect(run.error == "loss became NaN at step 12")
        #expect(run.ended != nil)
    }

    @Test func paramsAreImmutable() throws {
        let store = try Store.inMemory()
        let id = try beginTestRun(store, params: ["lr": "1e-4"])
        #expect(throws: (any Error).self) {
            try store.write("t") { db in try db.execute(sql: "UPDATE params SET value = '1' WHERE run = ?", arguments: [id]) }
        }
        #expect(throws: (any Error).self) {
            try store.write("t") { db in
                try db.execute(sql: "INSERT INTO params (run, name, value) VALUES (?, 'lr', '2')", arguments: [id])
            }
        }
        #expect(try store.params(run: id).map(\.value) == ["1e-4"])
        #expect(throws: StoreError.duplicateParam("lr")) {
            _ = try store.beginRun(RunStart(name: "x", kind: "k",
                                            params: [RunParam(name: "lr", value: "1"), RunParam(name: "lr", value: "2")],
                                            provenance: testProvenance))
        }
    }

    @Test func badInputsGiveStoreErrors() throws {
        let store = try Store.inMemory()
        #expect(throws: StoreError.unknownRun(42)) { try store.finishRun(42, status: .finished) }
        #expect(throws: StoreError.unknownRun(42)) { _ = try store.run(42) }
        #expect(throws: StoreError.unknownRun(42)) { _ = try store.metricWriter(run: 42) }
        #expect(throws: StoreError.unknownSession(9)) { try store.endSession(9, status: .finished) }
        #expect(throws: StoreError.unknownSession(9)) {
            _ = try store.beginRun(RunStart(session: 9, name: "x", kind: "k", provenance: testProvenance))
        }
        #expect {
            _ = try store.beginRun(RunStart(name: "x", kind: "k", configJSON: "{not json", provenance: testProvenance))
        } throws: { error in
            guard case .invalidConfig? = error as? StoreError else { return false }
            return true
        }
        #expect(StoreError.unknownRun(42).description == "store: unknown run 42")
    }

    @Test func evaluationsFormAMatrixPerMetric() throws {
        let store = try Store.inMemory()
        let id = try beginTestRun(store)
        try store.recordEvaluations(run: id, [Evaluation(afterTask: 0, task: "t1", metric: "acc", value: 0.9)])
        try store.recordEvaluations(run: id, [
            Evaluation(afterTask: 1, task: "t1", metric: "acc", value: 0.5),
            Evaluation(afterTask: 1, task: "t2", metric: "acc", value: 0.8),
            Evaluation(afterTask: 1, task: "general", metric: "loss", value: 2.5),
        ])
        let matrices = try store.evaluations(run: id)
        #expect(matrices.map(\.metric) == ["acc", "loss"])
        let acc = matrices[0]
        #expect(acc.afterTasks == [0, 1])
        #expect(acc.tasks == ["t1", "t2"])
        #expect(acc.values == [[0.9, nil], [0.5, 0.8]])
        #expect(matrices[1].values == [[2.5]])
    }

    @Test func artifactsAreDedupedBySHA256() throws {
        let store = try Store.inMemory()
        let id = try beginTestRun(store)
        let bytes = Data((0..<4096).map { UInt8($0 % 251) })
        let first = try store.putArtifact(name: "base", kind: "checkpoint", bytes: bytes, run: id)
        let second = try store.putArtifact(name: "base-copy", kind: "checkpoint", bytes: bytes)
        #expect(first.sha256 == SHA256.hex(bytes))
        #expect(first.sha256 == second.sha256 && first.id != second.id)
        #expect(first.size == 4096)
        let blobCount = try store.read("t") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs") }
        #expect(blobCount == 1)
        #expect(try store.artifactBytes(sha256: first.sha256) == bytes)
        #expect(try store.artifactBytes(sha256: SHA256.hex("nothing")) == nil)
        #expect(try store.artifact(kind: "checkpoint", name: "base-copy")?.id == second.id)
        #expect(try store.artifact(kind: "replay", name: "base") == nil)
        #expect(try store.artifacts(sha256: first.sha256).map(\.id) == [first.id, second.id])
        #expect(try store.artifacts(run: id).map(\.name) == ["base"])
        let newer = try store.putArtifact(name: "base", kind: "checkpoint", bytes: Data([1, 2, 3]), run: id)
        #expect(try store.artifact(kind: "checkpoint", name: "base")?.id == newer.id)
    }

    @Test func sessionsCellsAndHistory() throws {
        let store = try Store.inMemory()
        let first = try store.beginSession(kind: .repl)
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        try store.recordCell(CellRecord(session: first, index: 0, source: "x = 1", status: .ok, started: start, duration: 0.01))
        try store.recordCell(CellRecord(session: first, index: 1, title: "train", source: "train(m)", output: "oops",
                                        status: .error, started: start, duration: 0.5, error: "line 1: boom"))
        #expect(throws: (any Error).self) {
            try store.recordCell(CellRecord(session: first, index: 1, source: "again", status: .ok, started: start, duration: 0))
        }
        let cells = try store.cells(session: first)
        #expect(cells.map(\.source) == ["x = 1", "train(m)"])
        #expect(cells[1].error == "line 1: boom" && cells[1].status == .error && cells[1].title == "train")
        #expect(cells[0].started == start)
        try store.endSession(first, status: .finished)
        #expect(try store.session(first).status == .finished)
        let replay = try store.beginSession(kind: .replay, replayOf: first)
        #expect(try store.session(replay).replayOf == first)
        #expect(try store.sessions().map(\.id) == [replay, first])

        try store.appendHistory("a = 1", session: first)
        try store.appendHistory("b = [1,\n 2]", session: first)
        try store.appendHistory("c = 3", session: replay)
        #expect(try store.recentHistory(limit: 2).map(\.line) == ["b = [1,\n 2]", "c = 3"])
        #expect(try store.recentHistory().count == 3)
        #expect(try store.recentHistory().last?.session == replay)
    }
}
