import MnemoLang

/// How to start a ``REPL``. Every field has a default, so `REPL(options: REPLOptions()).run()`
/// is the whole of `mnemo repl`.
public struct REPLOptions {
    /// The store file; nil means `MNEMO_DB` or `./mnemo.sqlite` (see `Store.resolvePath`).
    public var storePath: String?
    /// The builtins; nil means `BuiltinRegistry.mnemo()`.
    public var registry: BuiltinRegistry?
    /// Force interactive (true) or script (false) mode; nil decides by whether stdin and stdout are both terminals.
    public var interactive: Bool?
    /// The version shown in the interactive banner.
    public var version: String
    /// How many past history entries are loaded into the line editor at start.
    public var historyLimit: Int

    /// Creates options; see each property for what nil means.
    public init(storePath: String? = nil, registry: BuiltinRegistry? = nil, interactive: Bool? = nil,
                version: String = "", historyLimit: Int = 1000) {
        self.storePath = storePath
        self.registry = registry
        self.interactive = interactive
        self.version = version
        self.historyLimit = historyLimit
    }
}
