/// Terminal graphics for mnemo: pure functions from data to text.
///
/// Every renderer takes a `PlotStyle` (size, colour, charset) and returns a `String`; nothing here
/// prints or reads the environment. `TerminalInfo.detect` turns the environment into a style.
public enum MnemoPlotInfo {
    /// Columns used when the output is not a terminal, so piped output is deterministic.
    public static let defaultWidth = 80
}
