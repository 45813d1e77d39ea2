import Foundation
import MnemoLang
import MnemoStore
import Testing

/// The pieces `mnemo run` and `mnemo replay` are built from, tested without the binary.
struct RecordingUnitTests {
    @Test func printedNumbersKeepResultsAndDropTimingsIdsAndProgress() {
        let output = """
            pretrain 3/25 (12%)  1.5k step/s  elapsed 0:00  ETA 0:00  loss 5.484 · 97.1k tok/s
            run #3 pretrain finished · 20 steps · loss 5.062 · eval 5.041 · 0.8 s
            loss 4.9051 · perplexity 134.978 · took 350 ms at 2026-12-06T03:04:05Z
            session 12 has x1 and d128, -2.5e-3 and .5
            """
        #expect(PrintedNumbers.scan(output) == ["20", "5.062", "5.041", "4.9051", "134.978", "-2.5e-3", ".5"])
        #expect(PrintedNumbers.scan("items 10\r\nnext 3") == ["10", "3"])
        let table = """
            run  method          AP  general  seconds
            ───  ───────────  ─────  ───────  ───────
            #2   ft           0.438        -   0.0269
            #3   tm(w=100.0)  0.438     5.47   0.0784

            total 7 in 12.5 s
            """
        #expect(PrintedNumbers.scan(table) == ["0.438", "100.0", "0.438", "5.47", "7"])
    }

    @Test func valueLiteralsReadBackAsTheSameValues() throws {
        let values: [Value] = [.number(0.00012345678), .number(300), .number(-2), .string("a \"b\"\n"), .bool(true),
                               .nothing, .list([.number(1.5), .string("x")])]
        for value in values {
            let literal = try #require(ValueLiteral.source(value))
            #expect(NotebookParameters.parseValue(literal) == value, "\(literal)")
        }
        #expect(ValueLiteral.source(.number(.nan)) == nil)
        #expect(ValueLiteral.parametersSource("lr = 1e-4\nsteps = 300", overrides: ["steps": .number(5)])
                == "lr = 1e-4\nsteps = 300\nsteps = 5  # -p")
        #expect(ValueLiteral.parametersSource("lr = 1e-4", overrides: [:]) == "lr = 1e-4")
    }

    @Test func recorderStoresCodeCellsAndEndsTheSession() throws {
        let store = try Store.inMemory()
        let notebook = try Notebook(parsing: "# %% [markdown]\n# prose\n# %% parameters\nn = 2\n# %% go\nlen(range(n))\nnope\n# %% after\n1\n")
        let recorder = try SessionRecorder(store: store, kind: .notebook, notebookPath: "x.mnemo", notebookText: "text")
        let session = Session(registry: .mnemo(), output: CapturedOutput())
        recorder.attach(to: session)
        #expect(session.service(SessionContext.self)?.sessionID == recorder.sessionID)
        let runner = NotebookRunner(session: session)
        recorder.observe(runner, overrides: ["n": .number(3)])
        let run = try runner.run(notebook, overrides: ["n": .number(3)])
        try recorder.end(SessionRecorder.status(of: run))

        let cells = try store.cells(session: recorder.sessionID)
        #expect(cells.map(\.title) == ["parameters", "go"], "markdown and skipped cells are not stored")
        #expect(cells[0].source == "n = 2\nn = 3  # -p")
        #expect(cells[1].status == .error)
        #expect(cells[1].output == "3\n")
        #expect(cells[1].error?.contains("unknown name 'nope'") == true)
        let record = try store.session(recorder.sessionID)
        #expect(record.status == .failed)
        #expect(record.notebookSHA256 == SHA256.hex("text"))
    }

    @Test func verifierComparesCellsAndRunMetrics() throws {
        let store = try Store.inMemory()
        let original = try store.beginSession(kind: .repl)
        let replay = try store.beginSession(kind: .replay, replayOf: original)
        let now = Date()
        try store.recordCell(MnemoStore.CellRecord(session: original, index: 0, source: "x", output: "loss 1.25 in 3 s\n", status: .ok,
                                        started: now, duration: 0))
        try store.recordCell(MnemoStore.CellRecord(session: replay, index: 0, source: "x", output: "loss 1.25 in 9 s\n", status: .ok,
                                        started: now, duration: 0))
        #expect(try ReplayVerifier.differences(store: store, original: original, replay: replay).isEmpty)

        let provenance = Provenance.current(mnemoVersion: "test")
        let a = try store.beginRun(RunStart(session: original, name: "r", kind: "pretrain", provenance: provenance))
        let b = try store.beginRun(RunStart(session: replay, name: "r", kind: "pretrain", provenance: provenance))
        try store.logMetrics(run: a, [("loss", 10, 2.0), ("seconds", 10, 1.0)])
        try store.logMetrics(run: b, [("loss", 10, 2.0 + 1e-9), ("seconds", 10, 5.0)])
        let exact = try ReplayVerifier.differences(store: store, original: original, replay: replay)
        #expect(exact.count == 1)
        #expect(exact.first?.description.contains("metric loss was 2.0 at step 10") == true, "\(exact)")
        #expect(try ReplayVerifier.differences(store: store, original: original, replay: replay, tolerance: 1e-6).isEmpty)
    }
}
