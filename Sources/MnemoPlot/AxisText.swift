/// Text pieces shared by charts with a left value axis and a bottom axis: tick rows, the bottom
/// rule with tick marks, and labels centred under their ticks without overlapping.
struct AxisText {
    let unicode: Bool

    var vertical: Character { unicode ? "│" : "|" }
    var tick: Character { unicode ? "┤" : "+" }
    var corner: Character { unicode ? "└" : "+" }
    var horizontal: Character { unicode ? "─" : "-" }
    var bottomTick: Character { unicode ? "┬" : "+" }

    /// The bottom rule: a corner then `columns` dashes with tick marks at `tickColumns`.
    func rule(columns: Int, tickColumns: [Int]) -> String {
        var chars = Array(repeating: horizontal, count: columns)
        for c in tickColumns where c >= 0 && c < columns { chars[c] = bottomTick }
        return String(corner) + String(chars)
    }

    /// Labels centred on absolute positions, skipping any that would touch a previous one or
    /// leave `width`.
    static func placeLabels(_ labels: [(position: Int, text: String)], width: Int) -> String {
        var chars = Array(repeating: Character(" "), count: width)
        var nextFree = 0
        for (position, text) in labels {
            let count = text.count
            var start = position - (count - 1) / 2
            if start + count > width { start = width - count }
            start = max(start, 0)
            guard start >= nextFree, start + count <= width else { continue }
            for (i, ch) in text.enumerated() { chars[start + i] = ch }
            nextFree = start + count + 1
        }
        return rightTrimmed(String(chars))
    }
}

func rightTrimmed(_ text: String) -> String {
    var out = Substring(text)
    while out.last == " " { out = out.dropLast() }
    return String(out)
}

func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

func padRight(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Maps a data coordinate to a dot or cell index on an axis of `count` positions.
func scaled(_ value: Double, from lo: Double, _ hi: Double, count: Int, flip: Bool = false) -> Int {
    guard hi > lo, count > 1 else { return 0 }
    let t = (value - lo) / (hi - lo)
    let position = ((flip ? 1 - t : t) * Double(count - 1)).rounded()
    // Clamp before converting: far outliers (clipped values) must not overflow Int.
    guard position.isFinite else { return position > 0 ? count - 1 : 0 }
    return Int(min(max(position, 0), Double(count - 1)))
}
