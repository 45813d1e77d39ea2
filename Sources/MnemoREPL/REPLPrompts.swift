/// The prompts of the interactive shell.
public enum REPLPrompts {
    /// Shown when a new statement may start.
    public static let primary = "mnemo> "
    /// Shown while a statement is still open (an unclosed bracket or string).
    public static let continuation = "...> "
}
