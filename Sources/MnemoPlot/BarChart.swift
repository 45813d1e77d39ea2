/// A horizontal bar chart: one labelled bar per value, with a zero line when values have both
/// signs (for example backward transfer of several methods).
public struct BarChart: Sendable {
    /// One label per value.
    public var labels: [String]
    /// Bar lengths; non-finite values are shown as text without a bar.
    public var values: [Double]
    /// First line of the output.
    public var title: String?
    /// Significant digits of the printed values.
    public var digits: Int

    /// Creates a bar chart; extra labels or values beyond the shorter list are ignored.
    public init(labels: [String], values: [Double], title: String? = nil, digits: Int = 3) {
        self.labels = labels
        self.values = values
        self.title = title
        self.digits = max(1, digits)
    }

    /// The chart as `label  value  bar` lines joined by newlines, or a one-line message when
    /// there is nothing to draw.
    public func render(_ style: PlotStyle) -> String {
        let name = title.map { "\($0): " } ?? ""
        let count = min(labels.count, values.count)
        if count == 0 { return "\(name)nothing to plot (no bars)" }
        let shown = Array(values.prefix(count))
        let finite = shown.filter(\.isFinite)
        if finite.isEmpty { return "\(name)nothing to plot (no finite values)" }
        let texts = shown.map { NumberFormat.significant($0, digits: digits) }
        let labelWidth = labels.prefix(count).map(\.count).max() ?? 0
        let valueWidth = texts.map(\.count).max() ?? 0
        let lo = min(0, finite.min() ?? 0), hi = max(0, finite.max() ?? 0)
        let twoSided = lo < 0 && hi > 0
        // Room for bars: two more cells are kept on two-sided charts for the zero line and for
        // the partial cell that rounding can add on the negative side.
        let room = max(5, style.width - labelWidth - valueWidth - 4 - (twoSided ? 2 : 0))
        let span = hi - lo > 0 ? hi - lo : 1
        let negativeRoom = twoSided ? Int((Double(room) * -lo / span).rounded(.up)) : (lo < 0 ? room : 0)
        let zero: Character = style.unicode ? "│" : "|"
        var lines: [String] = []
        if let title { lines.append(title) }
        for k in 0..<count {
            let v = shown[k]
            var bar = ""
            if v.isFinite {
                let length = abs(v) / span * Double(room)
                let body = Bars.horizontal(length, unicode: style.unicode)
                let colour: AnsiColour = v < 0 ? .basic(31) : .basic(34)
                if v < 0 {
                    bar = String(repeating: " ", count: max(0, negativeRoom - body.count))
                        + Ansi.paint(body, colour, on: style.colour) + (twoSided ? String(zero) : "")
                } else {
                    bar = String(repeating: " ", count: negativeRoom) + (twoSided ? String(zero) : "")
                        + Ansi.paint(body, colour, on: style.colour)
                }
            }
            lines.append(padRight(labels[k], labelWidth) + "  " + padLeft(texts[k], valueWidth) + "  " + bar)
        }
        return lines.map(rightTrimmed).joined(separator: "\n")
    }
}
