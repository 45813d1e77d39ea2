/// A point drawn over a heatmap with a glyph outside the level ramp (`X` trained point, digits
/// for checkpoints), listed under the map with its label and the value of its cell.
public struct HeatmapMarker: Sendable {
    /// Position on the x axis (grid coordinates).
    public var x: Double
    /// Position on the y axis (grid coordinates).
    public var y: Double
    /// Glyph drawn in the cell (both columns when cells are two wide).
    public var glyph: Character
    /// Text of the legend line.
    public var label: String

    /// Creates a marker.
    public init(x: Double, y: Double, glyph: Character, label: String) {
        self.x = x
        self.y = y
        self.glyph = glyph
        self.label = label
    }
}

/// Palettes for colour on top of the glyph ramp (256-colour backgrounds, dark to light).
enum HeatPalette {
    static let backgrounds: [Int] = [17, 19, 25, 31, 37, 72, 107, 143, 185, 227]

    static func background(level: Int, of count: Int) -> AnsiColour {
        let k = count <= 1 ? 0 : Int((Double(level) / Double(count - 1) * Double(backgrounds.count - 1)).rounded())
        return .palette(backgrounds[min(max(k, 0), backgrounds.count - 1)])
    }

    /// Light text on the dark half, dark text on the light half.
    static func foreground(level: Int, of count: Int) -> AnsiColour {
        Double(level) < Double(count) / 2 ? .basic(97) : .basic(30)
    }
}
