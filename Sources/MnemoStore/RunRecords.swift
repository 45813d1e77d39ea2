import Foundation

/// Where a run stands. `interrupted` covers Ctrl-C and processes that died mid-run.
public enum RunStatus: String, Sendable, CaseIterable {
    case running, finished, interrupted, failed
}

/// One immutable run parameter, stored as text; `fromCLI` marks values given with `-p`.
public struct RunParam: Sendable, Equatable {
    public var name: String
    public var value: String
    public var fromCLI: Bool

    /// A parameter; `fromCLI` is false unless the value came from the command line.
    public init(name: String, value: String, fromCLI: Bool = false) {
        self.name = name
        self.value = value
        self.fromCLI = fromCLI
    }
}

/// Where and with what a run was produced.
public struct Provenance: Sendable, Equatable {
    public var mnemoVersion: String
    public var host: String
    public var os: String
    public var cpuModel: String
    public var threads: Int
    public var notebookSHA256: String?

    /// Explicit provenance (tests, imports); use `current` for the running process.
    public init(mnemoVersion: String, host: String, os: String, cpuModel: String, threads: Int,
                notebookSHA256: String? = nil) {
        self.mnemoVersion = mnemoVersion
        self.host = host
        self.os = os
        self.cpuModel = cpuModel
        self.threads = threads
        self.notebookSHA256 = notebookSHA256
    }

    /// Provenance of this process on this machine; `threads` defaults to the active processor count.
    public static func current(mnemoVersion: String, threads: Int? = nil, notebookSHA256: String? = nil) -> Provenance {
        Provenance(mnemoVersion: mnemoVersion, host: HostInfo.hostName(), os: HostInfo.operatingSystem(),
                   cpuModel: HostInfo.cpuModel(),
                   threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                   notebookSHA256: notebookSHA256)
    }
}

/// What is known when a run begins.
public struct RunStart: Sendable {
    public var session: Int64?
    public var name: String
    /// What the run does, e.g. "pretrain", "continual", "collapse".
    public var kind: String
    public var seed: Int64?
    /// The full configuration as a JSON object or value; checked to be valid JSON.
    public var configJSON: String
    public var params: [RunParam]
    public var provenance: Provenance

    /// Describes a run to begin.
    public init(session: Int64? = nil, name: String, kind: String, seed: Int64? = nil, configJSON: String = "{}",
                params: [RunParam] = [], provenance: Provenance) {
        self.session = session
        self.name = name
        self.kind = kind
        self.seed = seed
        self.configJSON = configJSON
        self.params = params
        self.provenance = provenance
    }
}

/// A run as stored (without its params, metrics and artifacts; see `RunDetail`).
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var session: Int64?
    public var name: String
    public var kind: String
    public var status: RunStatus
    public var seed: Int64?
    public var configJSON: String
    public var provenance: Provenance
    public var started: Date
    public var ended: Date?
    public var pid: Int32
    /// Why a run failed or was interrupted, when known.
    public var error: String?
}

/// One logged metric value. `value` is NaN when NaN was logged.
public struct MetricPoint: Sendable, Equatable {
    public var step: Int
    public var value: Double
    public var time: Date

    /// Equal when step, time and value match, treating two NaNs as equal (a logged NaN reads back as NaN).
    public static func == (lhs: MetricPoint, rhs: MetricPoint) -> Bool {
        lhs.step == rhs.step && lhs.time == rhs.time
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
}

/// The value of a metric at its highest step (what filters and sorts on `metrics.X` see).
public struct LatestMetric: Sendable, Equatable {
    public var key: String
    public var step: Int
    public var value: Double
}

/// One cell of an evaluation matrix: `metric` of `task` measured after training task number `afterTask`.
public struct Evaluation: Sendable, Equatable {
    /// 0-based index of the task just trained; -1 for the zero-shot row before any training.
    public var afterTask: Int
    public var task: String
    public var metric: String
    public var value: Double

    /// One evaluation result.
    public init(afterTask: Int, task: String, metric: String, value: Double) {
        self.afterTask = afterTask
        self.task = task
        self.metric = metric
        self.value = value
    }
}

/// Evaluations of one metric as a matrix: `values[row][column]` is the metric of `tasks[column]`
/// after task `afterTasks[row]`, nil where nothing was recorded. Tasks keep the order first recorded.
public struct EvaluationMatrix: Sendable, Equatable {
    public var metric: String
    public var afterTasks: [Int]
    public var tasks: [String]
    public var values: [[Double?]]
}

/// An artifact's metadata; its bytes are fetched separately.
public struct ArtifactInfo: Sendable, Equatable {
    public var id: Int64
    public var run: Int64?
    public var name: String
    /// What it is, e.g. "checkpoint", "replay", "landscape".
    public var kind: String
    public var sha256: String
    public var size: Int
    public var created: Date
}

/// A run with its params and latest metrics, as listed by `Store.runs(where:sort:limit:)`.
public struct RunSummary: Sendable, Equatable {
    public var run: RunRecord
    /// Params in name order, so listings can show columns such as `params.lr`.
    public var params: [RunParam]
    public var latestMetrics: [LatestMetric]
}

/// Everything about one run except its full metric series.
public struct RunDetail: Sendable, Equatable {
    public var run: RunRecord
    public var params: [RunParam]
    public var latestMetrics: [LatestMetric]
    /// One matrix per evaluation metric, in the order metrics were first recorded.
    public var evaluations: [EvaluationMatrix]
    public var artifacts: [ArtifactInfo]
}

/// Several runs side by side; rows are in name order and `values[i]` belongs to `runs[i]`.
public struct RunComparison: Sendable, Equatable {
    /// One parameter across the compared runs; nil where a run lacks it.
    public struct ParamRow: Sendable, Equatable {
        public var name: String
        public var values: [String?]
    }
    /// One metric's latest value across the compared runs; nil where a run lacks it.
    public struct MetricRow: Sendable, Equatable {
        public var key: String
        public var values: [Double?]
    }
    public var runs: [RunRecord]
    /// Params whose value is not the same in every run (including missing in some).
    public var differingParams: [ParamRow]
    /// Params with the same value in every run.
    public var sameParams: [RunParam]
    public var metrics: [MetricRow]
}
