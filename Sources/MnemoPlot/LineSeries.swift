/// One named curve of a line chart: y values, with x values or implicit 0, 1, 2...
public struct Series: Sendable {
    /// Name shown in the legend.
    public var name: String
    /// X coordinates; `nil` means the index of each y value (0-based).
    public var xs: [Double]?
    /// Y values; NaN and infinities are skipped (and counted in the summary).
    public var ys: [Double]
    /// Marker glyph; `nil` picks the next one of the chart's cycle.
    public var glyph: Character?
    /// Colour; `nil` picks the next one of `AnsiColour.seriesCycle`.
    public var colour: AnsiColour?

    /// A series of y values at x = 0, 1, 2...
    public init(_ name: String, _ ys: [Double], glyph: Character? = nil, colour: AnsiColour? = nil) {
        self.name = name
        self.xs = nil
        self.ys = ys
        self.glyph = glyph
        self.colour = colour
    }

    /// A series of (x, y) pairs; extra values of the longer array are ignored.
    public init(_ name: String, x: [Double], y: [Double], glyph: Character? = nil, colour: AnsiColour? = nil) {
        self.name = name
        self.xs = x
        self.ys = y
        self.glyph = glyph
        self.colour = colour
    }

    /// The (x, y) pairs in order, `nil` where a value is not finite (a gap in the line).
    var pairs: [(x: Double, y: Double)?] {
        let count = xs.map { min($0.count, ys.count) } ?? ys.count
        return (0..<count).map { i in
            let x = xs?[i] ?? Double(i), y = ys[i]
            return x.isFinite && y.isFinite ? (x, y) : nil
        }
    }
}

/// A labelled vertical line across a chart, e.g. a task boundary.
public struct VerticalMarker: Sendable {
    /// Position on the x axis.
    public var x: Double
    /// Text written above the chart at that position.
    public var label: String

    /// Creates a marker at `x`.
    public init(x: Double, label: String) {
        self.x = x
        self.label = label
    }
}

/// Glyphs given to series in order: distinct shapes so curves are told apart without colour.
enum SeriesGlyphs {
    static let unicode: [Character] = ["●", "■", "▲", "◆", "○", "□", "△", "◇"]
    static let plain: [Character] = ["*", "o", "x", "#", "@", "%", "&", "="]

    static func glyph(_ index: Int, unicode: Bool) -> Character {
        let cycle = unicode ? self.unicode : plain
        return cycle[index % cycle.count]
    }
}
