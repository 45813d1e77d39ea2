extension BuiltinRegistry {
    /// Every builtin of mnemo: the language's own (`print`, `len`, ...) and the science
    /// builtins (models, corpora, training, runs, plots). The REPL, `mnemo run`, `check` and
    /// the reference docs all start from this registry.
    public static func mnemo() -> BuiltinRegistry {
        let registry = BuiltinRegistry.standard()
        ScienceBuiltins.register(into: registry)
        return registry
    }
}

/// Registers the science builtins; each is a thin adapter over the kernel, the store and
/// the plots.
public enum ScienceBuiltins {
    /// Adds every science builtin to `registry`.
    public static func register(into registry: BuiltinRegistry) {
        for builtin in CorpusBuiltins.all + ModelBuiltins.all + TrainingBuiltins.all + PlotBuiltins.all
            + ContinualBuiltins.all + CompareBuiltins.all + LandscapeBuiltins.all {
            // The declarations are static and checked by the tests, so a failure is a programming error.
            try! registry.register(builtin)
        }
    }
}
