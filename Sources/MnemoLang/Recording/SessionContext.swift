import MnemoStore

/// What a session knows about where it is recorded; attached to a ``Session`` as a service
/// (`session.attach(SessionContext(...))`) by the REPL or `mnemo run`, and read by builtins
/// that record runs. Without one (tests, `mnemo check`), nothing is recorded.
public final class SessionContext {
    /// The store that receives sessions, cells, runs and metrics.
    public let store: Store
    /// The store's id of this session.
    public let sessionID: Int64
    /// SHA-256 of the notebook being run, if any (run provenance).
    public let notebookSHA256: String?
    /// Parameter values given on the command line with `-p` (name -> source text).
    public let cliParameters: [String: String]
    /// A replay recomputes everything: builtins must not resume from stored partial work
    /// (landscape grids), or `replay --verify` would compare stored numbers with themselves.
    public var isReplay = false

    public init(store: Store, sessionID: Int64, notebookSHA256: String? = nil, cliParameters: [String: String] = [:]) {
        self.store = store
        self.sessionID = sessionID
        self.notebookSHA256 = notebookSHA256
        self.cliParameters = cliParameters
    }
}
