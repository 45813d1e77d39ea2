/// Terminal graphics for mnemo: pure functions from data to text.
///
/// Every renderer (`LineChart`, `Heatmap`, `MatrixHeatmap`, `Histogram`, `BarChart`, `Table`,
/// `ProgressLine`) takes a `PlotStyle` (width, height, colour, charset, canvas) and returns a
/// `String` without a trailing newline; nothing here prints or reads the environment, except
/// `TerminalInfo.current()`, which callers use once to build a style.
///
/// Choices made where the design is silent, and why:
/// - Output is readable without colour: series differ by glyph (markers on the braille/block
///   canvas, the glyph itself on the ASCII canvas), heatmap levels by a glyph ramp; colour is only
///   ever added on top, so logs, CI and `NO_COLOR` terminals lose nothing.
/// - `NO_COLOR` beats `FORCE_COLOR`: the first is the reader's wish, the second usually a tool's
///   default; an explicit option beats both.
/// - Series without x values use x = 0, 1, 2... (a list of per-task values starts with the base
///   model at 0).
/// - The y axis of line charts is widened to tidy ticks (labels on the top and bottom rows);
///   x axes and heatmap axes keep the data range and label the tidy values inside it.
/// - Nothing to draw (no series, only NaN, empty grid) gives a one-line message starting with
///   the title, never an empty frame or a crash; non-finite values are skipped and counted.
/// - Every drawn line fits the style's width: legends, footers and notes are wrapped.
public enum MnemoPlotInfo {
    /// Columns used when the output is not a terminal, so piped output is deterministic.
    public static let defaultWidth = 80
}
