import Foundation
import MnemoLang
import Testing

/// Every notebook shipped in `Notebooks/` runs to the end with small parameters.
///
/// Notebooks keep their cost in their parameters cell, so the test can shrink it: a bool `quick` or
/// `smoke` is set to true, and integer sizes with well-known names (steps, docs, tokens, generations,
/// epochs, iters, samples, windows, grid, count, tasks, n) are lowered. A notebook still slower than
/// `budget` is stopped and reported as a known issue: it should take a `quick` parameter.
@Suite(.enabled(if: MnemoBinary.url != nil, Comment(rawValue: MnemoBinary.missingMessage)))
struct NotebookFolderTests {
    /// The repository's Notebooks folder, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Notebooks")

    /// Seconds one notebook may take (the test target must stay fast); `MNEMO_E2E_NOTEBOOK_SECONDS` raises it.
    static let budget: TimeInterval = ProcessInfo.processInfo.environment["MNEMO_E2E_NOTEBOOK_SECONDS"].flatMap(Double.init) ?? 15

    static let notebooks: [URL] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".mnemo") }.sorted().map { folder.appendingPathComponent($0) }
    }()

    @Test(.enabled(if: !notebooks.isEmpty, "Notebooks/ holds no .mnemo files yet"), arguments: notebooks)
    func notebookRunsWithSmallParameters(_ notebook: URL) throws {
        let text = try String(contentsOf: notebook, encoding: .utf8)
        let overrides = try Self.smallParameters(of: Notebook(parsing: text))
        let box = try Sandbox()
        let check = try box.mnemo(["check", notebook.path], useDatabase: false)
        #expect(check.status == 0, "\(check.transcript)")
        let run = try box.mnemo(["run", notebook.path, "--quiet", "--report", "report.md"] + overrides.flatMap { ["-p", $0] },
                                timeout: Self.budget)
        if run.status == -1 {
            // Too slow for a test run even when shrunk: visible, but not a failure of mnemo.
            let why = "\(notebook.lastPathComponent) takes over \(Int(Self.budget)) s with \(overrides); give it a "
                + "`quick` parameter that shrinks it (or raise MNEMO_E2E_NOTEBOOK_SECONDS)"
            withKnownIssue(Comment(rawValue: why)) {
                Issue.record("timed out")
            }
            return
        }
        #expect(run.status == 0, "\(notebook.lastPathComponent) with \(overrides): \(run.transcript)")
        #expect(try box.read("report.md").contains("**ok**"))
    }

    /// `-p` texts that make a notebook quick (see the suite's comment).
    static func smallParameters(of notebook: Notebook) -> [String] {
        guard let cell = notebook.parametersCell else { return [] }
        let small: [(suffix: String, value: Int)] = [("steps", 3), ("docs", 40), ("tokens", 8), ("generations", 2),
                                                    ("epochs", 1), ("iters", 2), ("samples", 16), ("windows", 4),
                                                    ("grid", 3), ("count", 2), ("tasks", 2)]
        var overrides: [String] = []
        for line in cell.source.split(separator: "\n") {
            let parts = line.split(separator: "#", maxSplits: 1).first?.split(separator: "=", maxSplits: 1) ?? []
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            guard notebook.parameterNames.contains(name) else { continue }
            let lower = name.lowercased()
            if ["quick", "smoke"].contains(lower), value == "false" {
                overrides.append("\(name)=true")
            } else if let number = Int(value.replacingOccurrences(of: "_", with: "")),
                      let rule = small.first(where: { lower == $0.suffix || lower.hasSuffix("_" + $0.suffix) || lower.hasPrefix($0.suffix + "_") })
                        ?? (lower == "n" ? ("n", 2) : nil),
                      rule.value < number {
                overrides.append("\(name)=\(rule.value)")
            }
        }
        return overrides
    }

    @Test func smallParametersShrinkKnownSizesOnly() throws {
        let notebook = try Notebook(parsing: "# %% parameters\nsteps = 300\npretrain_steps = 800   # comment\nlr = 1e-4\n"
                                    + "docs = 10\nquick = false\nname = \"x\"\n")
        #expect(Self.smallParameters(of: notebook) == ["steps=3", "pretrain_steps=3", "quick=true"])
    }
}
