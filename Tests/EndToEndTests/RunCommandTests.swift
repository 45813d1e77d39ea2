import Foundation
import Testing

/// `mnemo run` and `mnemo check` on notebooks written by the tests.
@Suite(.enabled(if: MnemoBinary.url != nil, Comment(rawValue: MnemoBinary.missingMessage)))
struct RunCommandTests {
    @Test func runStreamsEveryCellAndRecordsTheSession() throws {
        let box = try Sandbox()
        try box.write("nb.mnemo", TestNotebooks.language)
        let run = try box.mnemo(["run", "nb.mnemo"])
        #expect(run.status == 0, "\(run.transcript)")
        #expect(run.stdout == "4\nitems 10\n3.25\n", "\(run.transcript)")
        #expect(run.stderr.hasPrefix("mnemo: nb.mnemo: 3 code cells in "), "\(run.transcript)")
        #expect(run.stderr.hasSuffix("session 1 recorded in \(box.database)\n"), "\(run.transcript)")

        let sessions = try box.mnemo(["sessions"])
        #expect(sessions.status == 0)
        #expect(sessions.stdout.contains("notebook  finished"), "\(sessions.transcript)")
        #expect(sessions.stdout.contains("nb.mnemo"))
        // Three code cells recorded (parameters, count, last); the markdown cell is not code.
        let rows = sessions.stdout.split(separator: "\n").filter { $0.contains("notebook") && $0.contains("finished") }
        #expect(rows.count == 1)
        #expect(rows.first.map { $0.split(separator: " ", omittingEmptySubsequences: true).contains("3") } == true,
                "\(sessions.transcript)")
    }

    @Test func parameterOverrideChangesTheRunAndIsKeptForReplay() throws {
        let box = try Sandbox()
        try box.write("nb.mnemo", TestNotebooks.language)
        let run = try box.mnemo(["run", "nb.mnemo", "-p", "n=6", "-p", "label=\"things\""])
        #expect(run.status == 0, "\(run.transcript)")
        #expect(run.stdout == "6\nthings 15\n5.25\n", "\(run.transcript)")
        // The replay has no -p: the recorded parameters cell must carry the overrides itself.
        let replay = try box.mnemo(["replay", "1", "--verify"])
        #expect(replay.status == 0, "\(replay.transcript)")
        #expect(replay.stdout.hasPrefix("6\nthings 15\n5.25\n"), "\(replay.transcript)")
    }

    @Test func unknownParameterIsAnErrorListingTheParameters() throws {
        let box = try Sandbox()
        try box.write("nb.mnemo", TestNotebooks.language)
        let run = try box.mnemo(["run", "nb.mnemo", "-p", "m=3"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty, "nothing runs with a bad -p")
        #expect(run.stderr.contains("unknown parameter 'm'"), "\(run.transcript)")
        #expect(run.stderr.contains("n, label"), "\(run.transcript)")
        #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.transcript)")

        let badType = try box.mnemo(["run", "nb.mnemo", "-p", "n=many"])
        #expect(badType.status == 1)
        #expect(badType.stderr.contains("parameter 'n' is a number"), "\(badType.transcript)")
        let malformed = try box.mnemo(["run", "nb.mnemo", "-p", "n"])
        #expect(malformed.status == 1)
        #expect(malformed.stderr.contains("name=value"), "\(malformed.transcript)")
    }

    @Test func reportHoldsEachCellSourceAndOutput() throws {
        let box = try Sandbox()
        try box.write("nb.mnemo", TestNotebooks.language)
        let run = try box.mnemo(["run", "nb.mnemo", "--report", "out.md", "--quiet", "-p", "n=5"])
        #expect(run.status == 0, "\(run.transcript)")
        #expect(run.stdout.isEmpty, "--quiet streams nothing")
        let report = try box.read("out.md")
        #expect(report.hasPrefix("# nb\n"))
        #expect(report.contains("**ok**"))
        #expect(report.contains("`n = 5` (-p)"))
        #expect(report.contains("A notebook that needs no science builtins."))
        #expect(report.contains("## count\n\n```mnemo\nxs = range(n)"))
        #expect(report.contains("```text\n5\nitems 12.5\n```"), "\(report)")
        #expect(report.contains("```text\n4.25\n```"), "\(report)")
    }

    @Test func failingCellStopsTheRunWithExitCodeOneAndACaret() throws {
        let box = try Sandbox()
        try box.write("bad.mnemo", TestNotebooks.failing)
        let run = try box.mnemo(["run", "bad.mnemo", "--report", "r.md"])
        #expect(run.status == 1, "\(run.transcript)")
        #expect(run.stdout == "6\n", "the first cell ran, the third did not: \(run.transcript)")
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("bad.mnemo:6:1: unknown name 'bogus_name'") == true, "\(run.transcript)")
        #expect(lines.first?.contains("(in cell 'second')") == true)
        #expect(lines.count > 2 && lines[1] == "    bogus_name + b" && lines[2] == "    ^", "\(run.transcript)")
        #expect(run.stderr.contains("session 1 recorded as failed"))
        let report = try box.read("r.md")
        #expect(report.contains("**failed** at second"))
        #expect(report.contains("not run (an earlier cell stopped the run)"))

        let sessions = try box.mnemo(["sessions"])
        #expect(sessions.stdout.contains("notebook  failed"), "\(sessions.transcript)")
    }

    @Test func missingOrMalformedNotebookIsOneLineNamingTheFile() throws {
        let box = try Sandbox()
        let missing = try box.mnemo(["run", "nowhere.mnemo"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "mnemo: nowhere.mnemo: no such notebook\n", "\(missing.transcript)")

        try box.write("two.mnemo", "# %% parameters\na = 1\n# %% parameters\nb = 2\n")
        let malformed = try box.mnemo(["run", "two.mnemo"])
        #expect(malformed.status == 1)
        #expect(malformed.stderr.hasPrefix("mnemo: two.mnemo:3:1: a notebook has at most one parameters cell"),
                "\(malformed.transcript)")
    }

    @Test func checkReportsEveryProblemWithItsPosition() throws {
        let box = try Sandbox()
        try box.write("m.mnemo", TestNotebooks.mistakes)
        let check = try box.mnemo(["check", "m.mnemo"], useDatabase: false)
        #expect(check.status == 1, "\(check.transcript)")
        #expect(check.stderr.contains("m.mnemo:4:11: unknown name 'stpes' (did you mean 'steps'?)"), "\(check.transcript)")
        #expect(check.stderr.contains("m.mnemo:5:"), "\(check.transcript)")
        #expect(check.stderr.contains("2 problems"), "\(check.transcript)")
        #expect(!FileManager.default.fileExists(atPath: box.database), "check opens no store")

        try box.write("ok.mnemo", TestNotebooks.language)
        let fine = try box.mnemo(["check", "ok.mnemo"], useDatabase: false)
        #expect(fine.status == 0, "\(fine.transcript)")
        #expect(fine.stdout == "ok.mnemo: ok (3 code cells)\n")
        let badOverride = try box.mnemo(["check", "ok.mnemo", "-p", "size=3"], useDatabase: false)
        #expect(badOverride.status == 1)
        #expect(badOverride.stderr.contains("unknown parameter 'size'"))
    }

    @Test func ctrlCStopsTrainingAndRecordsTheRunAsInterrupted() throws {
        let box = try Sandbox()
        try box.write("long.mnemo", TestNotebooks.science.replacingOccurrences(of: "steps = 12", with: "steps = 1000000"))
        let run = try box.mnemo(["run", "long.mnemo", "--report", "r.md"], timeout: 60) { process in
            // Long enough to be inside the training loop, far from its end.
            usleep(1_500_000)
            process.interrupt()
        }
        #expect(run.status == 130, "\(run.transcript)")
        #expect(run.stderr.contains("recorded as interrupted"), "\(run.transcript)")
        let runs = try box.mnemo(["runs"])
        #expect(runs.stdout.contains("interrupted"), "\(runs.transcript)")
        let sessions = try box.mnemo(["sessions"])
        #expect(sessions.stdout.contains("notebook  interrupted"), "\(sessions.transcript)")
        #expect(try box.read("r.md").contains("**Interrupted**"))
    }

    @Test func readingCommandsDoNotCreateAMissingStore() throws {
        let box = try Sandbox()
        for arguments in [["runs"], ["sessions"], ["show", "1"], ["replay", "1"], ["export", "1", "--format", "csv"]] {
            let result = try box.mnemo(arguments)
            #expect(result.status == 2, "\(arguments): \(result.transcript)")
            #expect(result.stderr.hasPrefix("mnemo: store \(box.database): no such file"), "\(result.transcript)")
        }
        #expect(!FileManager.default.fileExists(atPath: box.database))
    }

    @Test func unusableStoreIsExitCodeTwoWithOneLine() throws {
        let box = try Sandbox()
        try box.write("test.sqlite", "this is not a database, just text long enough to have a header......\n")
        try box.write("nb.mnemo", TestNotebooks.language)
        for arguments in [["runs"], ["sessions"], ["run", "nb.mnemo"], ["replay", "1"]] {
            let result = try box.mnemo(arguments)
            #expect(result.status == 2, "\(arguments): \(result.transcript)")
            #expect(result.stderr == "mnemo: store \(box.database): file is not an SQLite database\n", "\(result.transcript)")
        }
    }
}
