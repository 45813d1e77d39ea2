import Foundation
import Testing

/// `mnemo replay --verify`: reproduces sessions exactly, and notices when results differ.
@Suite(.enabled(if: MnemoBinary.url != nil, Comment(rawValue: MnemoBinary.missingMessage)))
struct ReplayTests {
    @Test func replayOfALanguageNotebookVerifies() throws {
        let box = try Sandbox()
        try box.write("nb.mnemo", TestNotebooks.language)
        #expect(try box.mnemo(["run", "nb.mnemo", "--quiet"]).status == 0)
        let replay = try box.mnemo(["replay", "1", "--verify"])
        #expect(replay.status == 0, "\(replay.transcript)")
        #expect(replay.stdout == "4\nitems 10\n3.25\nverify: session 2 reproduces session 1\n", "\(replay.transcript)")
        #expect(replay.stderr.contains("replayed session 1 as session 2: 3 of 3 cells, finished"))
        let sessions = try box.mnemo(["sessions"])
        #expect(sessions.stdout.contains("replay    finished"), "\(sessions.transcript)")
        #expect(sessions.stdout.contains("replay of 1"))
    }

    @Test func tamperedOutputIsADifference() throws {
        let box = try Sandbox()
        try box.write("nb.mnemo", TestNotebooks.language)
        #expect(try box.mnemo(["run", "nb.mnemo", "--quiet"]).status == 0)
        guard let tamper = try box.sqlite("UPDATE cells SET output = '4' || char(10) || 'items 11' || char(10) WHERE session = 1 AND title = 'count'")
        else { return }
        #expect(tamper.status == 0, "\(tamper.transcript)")
        let replay = try box.mnemo(["replay", "1", "--verify", "--quiet"])
        #expect(replay.status == 1, "\(replay.transcript)")
        #expect(replay.stdout.contains("verify: 1 difference"), "\(replay.transcript)")
        #expect(replay.stdout.contains("cell 2 (count): printed number 2 was 11, now 10"), "\(replay.transcript)")
    }

    @Test func replayOfTrainingReproducesMetricsAndDetectsATamperedOne() throws {
        let box = try Sandbox()
        try box.write("sci.mnemo", TestNotebooks.science)
        let run = try box.mnemo(["run", "sci.mnemo", "-p", "steps=10"])
        #expect(run.status == 0, "\(run.transcript)")
        #expect(run.stdout.contains("loss"), "\(run.transcript)")

        let replay = try box.mnemo(["replay", "1", "--verify", "--quiet"])
        #expect(replay.status == 0, "\(replay.transcript)")
        #expect(replay.stdout.contains("verify: session 2 reproduces session 1"), "\(replay.transcript)")
        let runs = try box.mnemo(["runs", "--where", "session = 2"])
        #expect(runs.stdout.contains("tiny"), "the replay recorded its own run: \(runs.transcript)")
        let compare = try box.mnemo(["compare", "1", "2"])
        let rows = compare.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(!rows.contains("steps") && !rows.contains("cli.steps"), "no param differs: \(compare.transcript)")
        #expect(compare.stdout.contains("cli.steps=10"), "the -p value is kept in the replay: \(compare.transcript)")
        let show = try box.mnemo(["show", "2"])
        let hash = try #require(show.stdout.split(separator: "\n").first { $0.contains("notebook sha256") })
        #expect(try box.mnemo(["show", "1"]).stdout.contains(hash), "same notebook hash in provenance")

        guard let tamper = try box.sqlite("UPDATE metric_latest SET value = value + 0.5 WHERE run = 1 AND key = 'eval_loss'")
        else { return }
        #expect(tamper.status == 0, "\(tamper.transcript)")
        let again = try box.mnemo(["replay", "1", "--verify", "--quiet"])
        #expect(again.status == 1, "\(again.transcript)")
        #expect(again.stdout.contains("metric eval_loss was"), "\(again.transcript)")
    }

    @Test func aReplayWithAnotherThreadCountSaysSo() throws {
        let box = try Sandbox()
        try box.write("sci.mnemo", TestNotebooks.science)
        let run = try box.mnemo(["run", "sci.mnemo", "-p", "steps=4"], environment: ["MNEMO_THREADS": "2"])
        #expect(run.status == 0, "\(run.transcript)")
        let same = try box.mnemo(["replay", "1", "--verify", "--quiet"], environment: ["MNEMO_THREADS": "2"])
        #expect(same.status == 0, "\(same.transcript)")
        #expect(!same.stderr.contains("threads"), "\(same.transcript)")
        let other = try box.mnemo(["replay", "1", "--verify", "--quiet"], environment: ["MNEMO_THREADS": "1"])
        #expect(other.stderr.contains("recorded with 2 threads and this replay used 1"), "\(other.transcript)")
        #expect(other.stderr.contains("MNEMO_THREADS=2 reproduces it"), "\(other.transcript)")
    }

    @Test func replayOfContinualRunsVerifiesDespiteTimingColumns() throws {
        let box = try Sandbox()
        try box.write("cont.mnemo", TestNotebooks.continual)
        let run = try box.mnemo(["run", "cont.mnemo"])
        #expect(run.status == 0, "\(run.transcript)")
        #expect(run.stdout.contains("seconds"), "compare prints a timing column: \(run.transcript)")
        let replay = try box.mnemo(["replay", "1", "--verify", "--quiet"])
        #expect(replay.status == 0, "\(replay.transcript)")
        #expect(replay.stdout.contains("verify: session 2 reproduces session 1"), "\(replay.transcript)")
    }

    @Test func replayOfAREPLSessionVerifies() throws {
        let box = try Sandbox()
        // `mnemo` with no command is the REPL; piped input runs as a script.
        let script = try box.mnemo([], input: "x = 2\nx * 1.5\nys = [1,\n  2]\nprint(\"sum\", ys[0] + ys[1] + x)\n")
        #expect(script.status == 0, "\(script.transcript)")
        #expect(script.stdout == "3\nsum 5\n", "\(script.transcript)")
        let replay = try box.mnemo(["replay", "1", "--verify"])
        #expect(replay.status == 0, "\(replay.transcript)")
        #expect(replay.stdout == "3\nsum 5\nverify: session 2 reproduces session 1\n", "\(replay.transcript)")
    }

    @Test func unknownSessionIsOneLine() throws {
        let box = try Sandbox()
        try box.write("nb.mnemo", TestNotebooks.language)
        #expect(try box.mnemo(["run", "nb.mnemo", "--quiet"]).status == 0)
        let replay = try box.mnemo(["replay", "9"])
        #expect(replay.status == 1)
        #expect(replay.stderr == "mnemo: store: unknown session 9\n", "\(replay.transcript)")
    }
}
