import Foundation
import Testing

/// `runs`, `show`, `compare`, `export` and `sessions` on runs made by a tiny pretraining notebook.
@Suite(.enabled(if: MnemoBinary.url != nil, Comment(rawValue: MnemoBinary.missingMessage)))
struct StoreCommandTests {
    /// A sandbox whose store holds two runs: steps 12 (run 1) and steps 8 (run 2).
    private func sandboxWithRuns() throws -> Sandbox {
        let box = try Sandbox()
        try box.write("sci.mnemo", TestNotebooks.science)
        let first = try box.mnemo(["run", "sci.mnemo", "--quiet"])
        #expect(first.status == 0, "\(first.transcript)")
        let second = try box.mnemo(["run", "sci.mnemo", "--quiet", "-p", "steps=8"])
        #expect(second.status == 0, "\(second.transcript)")
        return box
    }

    @Test func runsFiltersAndSorts() throws {
        let box = try sandboxWithRuns()
        let all = try box.mnemo(["runs"])
        #expect(all.status == 0, "\(all.transcript)")
        let ids = all.stdout.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").first }
        #expect(ids == ["2", "1"], "newest first: \(all.transcript)")
        #expect(all.stdout.contains("tiny  pretrain  finished"), "\(all.transcript)")

        let filtered = try box.mnemo(["runs", "--where", "status = finished and params.steps = 8"])
        #expect(filtered.status == 0, "\(filtered.transcript)")
        let filteredIDs = filtered.stdout.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").first }
        #expect(filteredIDs == ["2"], "\(filtered.transcript)")

        let none = try box.mnemo(["runs", "--where", "metrics.loss < 0"])
        #expect(none.stdout == "no runs match 'metrics.loss < 0'\n")

        let sorted = try box.mnemo(["runs", "--sort", "params.steps", "--limit", "1"])
        #expect(sorted.stdout.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").first } == ["2"],
                "\(sorted.transcript)")
        // Params that differ between the listed runs are shown; the others are alike and left to `show`.
        #expect(all.stdout.contains("steps=8") && all.stdout.contains("steps=12") && !all.stdout.contains("batch=4"),
                "\(all.transcript)")

        let bad = try box.mnemo(["runs", "--where", "metrics.loss <"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("mnemo: filter, column"), "\(bad.transcript)")
    }

    @Test func showGivesParamsConfigProvenanceAndMetrics() throws {
        let box = try sandboxWithRuns()
        let show = try box.mnemo(["show", "2"])
        #expect(show.status == 0, "\(show.transcript)")
        for expected in ["run 2: pretrain 'tiny', finished", "session 2", "params", "steps", "8", "-p",
                         "config", "\"width\" : 16", "provenance", "mnemo 0.1.0", "notebook sha256",
                         "latest metrics", "eval_loss", "artifacts"] {
            #expect(show.stdout.contains(expected), "missing \(expected): \(show.transcript)")
        }
        let unknown = try box.mnemo(["show", "42"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "mnemo: store: unknown run 42\n")
    }

    @Test func compareShowsDifferingParamsAndMetrics() throws {
        let box = try sandboxWithRuns()
        let compare = try box.mnemo(["compare", "1", "2"])
        #expect(compare.status == 0, "\(compare.transcript)")
        let stepsRow = compare.stdout.split(separator: "\n").first { $0.hasPrefix("steps") }
        #expect(stepsRow.map { $0.contains("12") && $0.contains("8") } == true, "\(compare.transcript)")
        #expect(compare.stdout.contains("same in all: batch=4"))
        #expect(compare.stdout.contains("eval_loss"))
        let one = try box.mnemo(["compare", "1"])
        #expect(one.status != 0)
    }

    @Test func exportWritesCSVAndJSON() throws {
        let box = try sandboxWithRuns()
        let csv = try box.mnemo(["export", "1", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.transcript)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "run,key,step,value,time")
        #expect(lines.filter { $0.hasPrefix("1,loss,") }.count == 12, "one loss per step: \(csv.transcript)")

        let json = try box.mnemo(["export", "2", "--format", "json", "-o", "run2.json"])
        #expect(json.status == 0, "\(json.transcript)")
        #expect(json.stdout.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(try box.read("run2.json").utf8)) as? [String: Any]
        #expect(object?["id"] as? Int == 2)
        #expect(object?["name"] as? String == "tiny")
        let params = object?["params"] as? [[String: Any]] ?? []
        let steps = params.first { $0["name"] as? String == "steps" }
        #expect(steps?["value"] as? String == "8")
        // The -p value is also kept as it was typed, marked as coming from the command line.
        let typed = params.first { $0["name"] as? String == "cli.steps" }
        #expect(typed?["value"] as? String == "8")
        #expect(typed?["from_cli"] as? Bool == true)
        #expect((object?["metrics"] as? [String: Any])?["loss"] != nil)

        let badFormat = try box.mnemo(["export", "1", "--format", "xml"])
        #expect(badFormat.status != 0)
        #expect(badFormat.stderr.contains("xml"))
    }
}
