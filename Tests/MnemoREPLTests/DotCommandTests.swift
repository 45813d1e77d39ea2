import Foundation
import MnemoLang
import MnemoStore
import Testing
@testable import MnemoREPL

@Suite struct DotCommandTests {
    @Test func saveThenLoadRebuildsTheSessionFromSuccessfulStatements() throws {
        let h = try Harness()
        let file = h.directory.appendingPathComponent("saved.mnemo").path
        h.feed("a = 2", "b = [a,", "a]", "c = nope", "shout(\"x\")")
        _ = h.take()
        h.feed(".save \(file)")
        let saved = h.take()
        #expect(saved.output == "saved 3 statements to \(file)\n")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("b = [a,\na]"))
        #expect(!text.contains("nope"))
        #expect(try Notebook(parsing: text).cells.contains { $0.kind == .code })

        let fresh = try Harness()
        fresh.feed(".load \(file)")
        let loaded = fresh.take()
        #expect(loaded.errors.isEmpty)
        #expect(loaded.output.contains("X\n"))
        #expect(loaded.output.contains("loaded \(file)"))
        fresh.feed("len(b) + a")
        #expect(fresh.take().output == "4\n")
        // The loaded cell is recorded in the new session with its output.
        let cells = try fresh.store.cells(session: try #require(fresh.core.sessionID))
        #expect(cells.count == 2)
        #expect(cells[0].source.contains("shout"))
        #expect(cells[0].output == "X\n")
    }

    @Test func saveAndLoadReportBadFiles() throws {
        let h = try Harness()
        h.feed(".save \(h.directory.path)/x.mnemo")
        #expect(h.take().errors.contains("nothing to save yet"))
        h.feed("a = 1", ".save")
        #expect(h.take().errors.contains("usage: .save FILE"))
        h.feed(".save /nonexistent-dir-\(UUID().uuidString)/x.mnemo")
        #expect(h.take().errors.hasPrefix(".save: cannot write"))
        h.feed(".load \(h.directory.path)/missing.mnemo")
        #expect(h.take().errors.hasPrefix(".load: cannot read"))
        let broken = h.directory.appendingPathComponent("broken.mnemo").path
        try "# %%\nz = 5\n# %% second\nlen(5)\nnever = 1\n".write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(h.core.feed(".load \(broken)") == .completed(entry: ".load \(broken)", status: .failed))
        let shown = h.take()
        #expect(shown.errors.contains("line 4, col"))
        #expect(shown.errors.contains("stopped at second"))
        #expect(h.core.session.value(of: "z") != nil)
        #expect(h.core.session.value(of: "never") == nil)
    }

    /// Two finished runs with params and a metric, as a training builtin would leave them.
    func addRuns(_ store: Store, session: Int64?) throws -> (Int64, Int64) {
        let provenance = Provenance.current(mnemoVersion: "test")
        var ids: [Int64] = []
        for (lr, loss) in [("0.001", 2.5), ("0.0003", 1.75)] {
            let id = try store.beginRun(RunStart(session: session, name: "pretrain", kind: "pretrain", seed: 7,
                                                 params: [RunParam(name: "lr", value: lr), RunParam(name: "steps", value: "300")],
                                                 provenance: provenance))
            try store.logMetrics(run: id, [(key: "loss", step: 300, value: loss)])
            try store.finishRun(id, status: .finished)
            ids.append(id)
        }
        return (ids[0], ids[1])
    }

    @Test func runsShowAndCompareReadTheStore() throws {
        let h = try Harness()
        let (first, second) = try addRuns(h.store, session: h.core.sessionID)
        h.feed(".runs")
        let listing = h.take().output
        #expect(listing.contains("pretrain"))
        #expect(listing.contains("lr=0.0003"))
        #expect(listing.contains("loss=1.75"))
        #expect(!listing.contains("steps=300"), "params equal in every listed run are left to .show")
        h.feed(".runs metrics.loss < 2")
        let filtered = h.take().output
        #expect(filtered.contains("loss=1.75") && !filtered.contains("loss=2.5"))
        h.feed(".runs bogus ===")
        #expect(h.take().errors.hasPrefix(".runs: filter"))

        h.feed(".show \(first)")
        let detail = h.take().output
        #expect(detail.contains("run \(first) \"pretrain\" (pretrain): finished"))
        #expect(detail.contains("seed 7"))
        #expect(detail.contains("0.001"))
        #expect(detail.contains("loss"))
        h.feed(".show 9999")
        #expect(h.take().errors == ".show: store: unknown run 9999\n")
        h.feed(".show abc")
        #expect(h.take().errors.contains("expected an id"))

        h.feed(".compare \(first) #\(second)")
        let comparison = h.take().output
        #expect(comparison.contains("lr"))
        #expect(comparison.contains("2.5"))
        #expect(comparison.contains("1.75"))
        #expect(comparison.contains("same in all: steps=300"))
        h.feed(".compare \(first)")
        #expect(h.take().errors.contains("at least two"))
    }

    @Test func sessionsAndReplay() throws {
        let directory = try makeTemporaryDirectory()
        let earlier = try Harness(directory: directory)
        earlier.feed("n = 20", "bad(", ")", "shout(\"again\")")
        earlier.core.finish(.finished)
        let earlierID = try #require(earlier.core.sessionID)

        let h = try Harness(directory: directory)
        h.feed(".sessions")
        let sessions = h.take().output
        #expect(sessions.contains("repl"))
        #expect(sessions.contains("finished"))
        #expect(sessions.contains("running"))
        h.feed(".replay \(earlierID)")
        let replayed = h.take()
        #expect(replayed.errors.isEmpty)
        #expect(replayed.output.contains("AGAIN\n"))
        h.feed("n + 1")
        #expect(h.take().output == "21\n")
        h.feed(".replay \(try #require(h.core.sessionID))")
        #expect(h.take().errors.contains("is this session"))
        h.feed(".replay 424242")
        #expect(h.take().errors.contains("unknown session 424242"))
    }

    @Test func completionsCoverCommandsBuiltinsArgumentsAndNames() throws {
        let h = try Harness()
        #expect(h.core.completions(for: ".hi").candidates == [".history"])
        #expect(h.core.completions(for: ".s").candidates == [".save", ".sessions", ".show"])
        #expect(h.core.completions(for: "sp").candidates == ["spin"])
        #expect(h.core.completions(for: "shout(").candidates.first == "text:")
        #expect(h.core.completions(for: "spin(sec").candidates == ["seconds:"])
        h.feed("speed = 3")
        #expect(h.core.completions(for: "x = sp").candidates == ["speed", "spin"])
        #expect(h.core.completions(for: "?sho").candidates == ["shout"])
    }

    @Test func loadAndSaveCompleteFileNames() throws {
        let h = try Harness()
        let base = h.directory.path
        try FileManager.default.createDirectory(atPath: base + "/notes", withIntermediateDirectories: true)
        for name in ["quick.mnemo", "quiet.mnemo", ".hidden.mnemo"] {
            try "x = 1\n".write(toFile: base + "/" + name, atomically: true, encoding: .utf8)
        }
        let completion = h.core.completions(for: ".load \(base)/qu")
        #expect(completion.word == "\(base)/qu")
        #expect(completion.candidates == ["\(base)/quick.mnemo", "\(base)/quiet.mnemo"])
        #expect(h.core.completions(for: ".save \(base)/no").candidates == ["\(base)/notes/"])
        #expect(h.core.completions(for: ".load \(base)/.hi").candidates == ["\(base)/.hidden.mnemo"])
        #expect(h.core.completions(for: ".load \(base)/zzz").candidates.isEmpty)
    }
}
