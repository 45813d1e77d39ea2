import Foundation
import MnemoKernel
import MnemoStore

/// Records one run of a builtin in the store: its parameters (immutable), configuration,
/// provenance, metrics (batched through a ``MetricWriter``) and final status. Without a
/// recorded session every method does nothing, so builtins need no special case.
final class RunRecorder {
    let id: Int64?
    private let store: Store?
    private let writer: MetricWriter?
    private var finished = false

    /// The mnemo version written into provenance.
    static let version = "0.1.0"

    /// Begins a run of `kind` for the call `ctx`, recording every argument (handles by their
    /// summary) plus the notebook's `-p` values.
    init(_ ctx: CallContext, kind: String, seed: UInt64?, config: [String: Any], extraParams: [String: String] = [:]) throws {
        guard let rec = ctx.recording else { id = nil; store = nil; writer = nil; return }
        var params: [RunParam] = []
        for (name, value) in ctx.args.allValues.sorted(by: { $0.key < $1.key }) {
            let text: String
            switch value {
            case .handle(let h): text = h.summary
            case .string(let s): text = s
            default: text = value.displayText
            }
            params.append(RunParam(name: name, value: text, fromCLI: false))
        }
        for (name, value) in extraParams.sorted(by: { $0.key < $1.key }) {
            params.append(RunParam(name: name, value: value, fromCLI: false))
        }
        for (name, value) in rec.cliParameters.sorted(by: { $0.key < $1.key }) {
            params.append(RunParam(name: "cli.\(name)", value: value, fromCLI: true))
        }
        let configData = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        let name = (try? ctx.args.optionalString("name")) ?? nil
        let start = RunStart(session: rec.sessionID, name: name ?? kind, kind: kind, seed: seed.map { Int64(bitPattern: $0) },
                             configJSON: String(decoding: configData, as: UTF8.self), params: params,
                             provenance: Provenance.current(mnemoVersion: Self.version, threads: BLAS.threads,
                                                            notebookSHA256: rec.notebookSHA256))
        let runID = try rec.store.beginRun(start)
        id = runID
        store = rec.store
        writer = try rec.store.metricWriter(run: runID)
    }

    /// Buffers one metric point (written in batches).
    func log(_ key: String, step: Int, _ value: Double) {
        try? writer?.log(key, step: step, value: value)
    }

    /// Records accuracy-matrix entries (the store's after_task is 0-based; -1 is zero-shot).
    func evaluations(_ rows: [Evaluation]) {
        guard let store, let id else { return }
        try? store.recordEvaluations(run: id, rows)
    }

    /// Stores bytes as an artifact of this run.
    func artifact(name: String, kind: String, bytes: Data) throws {
        guard let store else { return }
        _ = try store.putArtifact(name: name, kind: kind, bytes: bytes, run: id)
    }

    /// Ends a computation that may have been stopped by Ctrl-C: records finished or interrupted,
    /// says so on the output when interrupted, and returns the status word for the run handle.
    func conclude(_ call: CallContext, interrupted: Bool, message: @autoclosure () -> String) -> String {
        guard interrupted else { finish(.finished); return "finished" }
        finish(.interrupted)
        call.print(message())
        return "interrupted"
    }

    /// Flushes metrics and records the final status (once).
    func finish(_ status: RunStatus, error: String? = nil) {
        guard !finished else { return }
        finished = true
        try? writer?.flush()
        if let id { try? store?.finishRun(id, status: status, error: error) }
    }

    deinit { finish(.failed, error: "run ended without a status") }
}
