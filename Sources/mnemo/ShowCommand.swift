import ArgumentParser
import Foundation
import MnemoPlot
import MnemoStore

/// `mnemo show RUN`: everything recorded about one run.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one run: params, config, provenance, latest metrics, evaluations and artifacts.")

    @ArgumentParser.Argument(help: ArgumentHelp("The run id (see `mnemo runs`).", valueName: "run"))
    var runID: Int64

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingFailures {
            let store = try database.openStore(mustExist: true)
            print(RunReport.text(try store.runDetail(runID), style: terminalStyle()))
        }
    }
}

/// The text of `mnemo show`.
enum RunReport {
    /// The sections of `mnemo show`: heading, params, config, provenance, latest metrics, evaluations, artifacts.
    static func text(_ detail: RunDetail, style: PlotStyle) -> String {
        let run = detail.run
        var out: [String] = ["run \(run.id): \(run.kind) '\(run.name)', \(run.status.rawValue)"]
        var facts = ["started \(DisplayTime.text(run.started))"]
        if let ended = run.ended { facts.append("took \(DisplayTime.duration(ended.timeIntervalSince(run.started)))") }
        if let session = run.session { facts.append("session \(session)") }
        if let seed = run.seed { facts.append("seed \(seed)") }
        out.append("  " + facts.joined(separator: ", "))
        if let error = run.error { out.append("  error: \(error)") }

        out.append("\nparams")
        if detail.params.isEmpty {
            out.append("  (none)")
        } else {
            out.append(indent(Table(headers: ["name", "value", "from"], rows: detail.params.map {
                [.text($0.name), .text($0.value), .text($0.fromCLI ? "-p" : "notebook")]
            }).render(style)))
        }

        out.append("\nconfig")
        out.append(indent(prettyJSON(run.configJSON)))

        let p = run.provenance
        out.append("\nprovenance")
        out.append("  mnemo \(p.mnemoVersion) on \(p.host) (\(p.os)), \(p.cpuModel), \(p.threads) threads")
        if let hash = p.notebookSHA256 { out.append("  notebook sha256 \(hash)") }

        out.append("\nlatest metrics")
        if detail.latestMetrics.isEmpty {
            out.append("  (none)")
        } else {
            out.append(indent(Table(headers: ["metric", "step", "value"], rows: detail.latestMetrics.map {
                [.text($0.key), .number(Double($0.step)), .number($0.value)]
            }, digits: 6).render(style)))
        }

        for matrix in detail.evaluations {
            out.append("\nevaluations: \(matrix.metric) (row: after task, column: task)")
            let rows: [[Table.Cell]] = matrix.afterTasks.enumerated().map { index, afterTask in
                [.text(afterTask < 0 ? "zero-shot" : "after \(afterTask + 1)")]
                    + matrix.values[index].map { $0.map { .number($0) } ?? .empty }
            }
            out.append(indent(Table(headers: [""] + matrix.tasks, rows: rows).render(style)))
        }

        out.append("\nartifacts")
        if detail.artifacts.isEmpty {
            out.append("  (none)")
        } else {
            out.append(indent(Table(headers: ["name", "kind", "bytes", "sha256"], rows: detail.artifacts.map {
                [.text($0.name), .text($0.kind), .number(Double($0.size)), .text(String($0.sha256.prefix(16)))]
            }).render(style)))
        }
        return out.joined(separator: "\n")
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    /// The config as indented JSON with sorted keys (the stored text when it does not parse).
    private static func prettyJSON(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }
}
