import Foundation

/// The Markdown report of a notebook run (`mnemo run NB --report out.md`).
public enum NotebookReport {
    /// Markdown with a header (when, how long, outcome, parameters), then each cell: markdown
    /// cells as prose, code cells as a heading, the fenced source, the fenced output, and the error.
    public static func markdown(title: String, run: NotebookRun) -> String {
        var out = "# \(title)\n\n"
        let when = ISO8601DateFormatter().string(from: run.startedAt)
        let ran = run.records.filter { $0.status != .skipped && $0.cell.kind != .markdown }.count
        out += "Run \(when), \(ran) code cell\(ran == 1 ? "" : "s") in \(seconds(run.duration)): "
        if let failed = run.failedRecord {
            out += "**\(failed.status.rawValue)** at \(failed.cell.displayName).\n\n"
        } else {
            out += "**ok**.\n\n"
        }
        let parameters = run.parameters
        if !parameters.isEmpty {
            out += "Parameters: " + parameters.map { "`\($0.name) = \($0.value.summary)`" + ($0.overridden ? " (-p)" : "") }
                .joined(separator: ", ") + "\n\n"
        }
        for record in run.records {
            out += section(record)
        }
        return out
    }

    private static func section(_ record: CellRecord) -> String {
        let cell = record.cell
        if cell.kind == .markdown { return cell.markdownText.trimmingSpaces.isEmpty ? "" : cell.markdownText + "\n\n" }
        var out = "## \(cell.displayName)\n\n"
        if !cell.source.trimmingSpaces.isEmpty { out += MarkdownText.fenced(cell.source, info: "mnemo") + "\n" }
        if !record.output.isEmpty { out += MarkdownText.fenced(record.output, info: "text") + "\n" }
        switch record.status {
        case .ok: out += "*ok, \(seconds(record.duration))*\n\n"
        case .skipped: out += "*not run (an earlier cell stopped the run)*\n\n"
        case .failed, .interrupted:
            out += "**\(record.status == .failed ? "Error" : "Interrupted")** after \(seconds(record.duration)):\n\n"
            if let error = record.error { out += MarkdownText.fenced(error.rendered, info: "text") + "\n" }
        }
        return out
    }

    private static func seconds(_ t: TimeInterval) -> String {
        t < 10 ? String(format: "%.2f s", t) : String(format: "%.1f s", t)
    }
}

extension NotebookRun {
    /// The Markdown report of this run (see `NotebookReport.markdown`).
    public func markdownReport(title: String) -> String { NotebookReport.markdown(title: title, run: self) }
}

/// Turns REPL statements back into a notebook (`.save FILE`).
public enum NotebookWriter {
    /// Notebook text: a markdown cell with `title` (if any), then one code cell holding `statements`
    /// in order. The result parses back into the same statements.
    public static func notebookText(statements: [String], title: String? = nil) -> String {
        var cells: [NotebookCell] = []
        if let title, !title.trimmingSpaces.isEmpty {
            let prose = title.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }.joined(separator: "\n")
            cells.append(NotebookCell(index: 0, kind: .markdown, title: nil, source: prose, firstLine: 2, markerLine: 1))
        }
        cells.append(NotebookCell(index: cells.count, kind: .code, title: nil, source: statements.joined(separator: "\n"),
                                  firstLine: 0, markerLine: 0))
        return Notebook(cells: cells).text
    }
}

extension Session {
    /// The statements that succeeded in this session, as notebook text (`.save FILE`).
    public func notebookText(title: String? = nil) -> String {
        NotebookWriter.notebookText(statements: successfulStatements, title: title)
    }
}
