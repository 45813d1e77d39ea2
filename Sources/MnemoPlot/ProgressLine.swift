/// Text of a progress report, as pure functions of the counts and times.
public enum ProgressLine {
    /// A single redrawable line such as
    /// `[#####.....]  42%  120/300  3.1k tok/s  ETA 0:57  loss 2.315`, at most `width` columns.
    ///
    /// `rate` is in `unit`s per second; `nil` derives it from `done / elapsed`. The ETA always
    /// comes from `done / elapsed`, since the rate may count other units. Without a known
    /// positive `total` the bar, percentage and ETA are left out. The bar shrinks (down to 10
    /// cells) to fit, then the line is cut.
    public static func render(done: Int, total: Int?, elapsed: Double, rate: Double? = nil, unit: String = "it",
                              extra: String? = nil, width: Int = MnemoPlotInfo.defaultWidth) -> String {
        let speed = rate ?? (elapsed > 0 ? Double(done) / elapsed : nil)
        var parts: [String] = []
        var bar: (fraction: Double, room: Int)?
        if let total, total > 0 {
            let fraction = min(1, max(0, Double(done) / Double(total)))
            parts.append(padLeft("\(Int((fraction * 100).rounded(.down)))%", 4))
            parts.append("\(done)/\(total)")
            bar = (fraction, 0)
        } else {
            parts.append("\(done) \(unit)")
        }
        if let speed, speed.isFinite, speed > 0 { parts.append("\(NumberFormat.compact(speed)) \(unit)/s") }
        if let total, total > 0 {
            let remaining = Double(max(0, total - done))
            let eta = remaining == 0 ? 0 : ProgressLine.eta(remaining: remaining, done: done, elapsed: elapsed)
            parts.append("ETA \(NumberFormat.duration(eta))")
        } else {
            parts.append("elapsed \(NumberFormat.duration(elapsed))")
        }
        if let extra, !extra.isEmpty { parts.append(extra) }
        var text = parts.joined(separator: "  ")
        if let fraction = bar?.fraction {
            let room = min(30, max(10, width - text.count - 4))
            let filled = Int((fraction * Double(room)).rounded(.down))
            text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: room - filled) + "]  " + text
        }
        return text.count > width ? String(text.prefix(max(0, width))) : text
    }

    /// Seconds left at the average pace so far, measured in `done` units: the displayed rate may
    /// count other units (tokens while `done` counts steps), so it is not used here.
    static func eta(remaining: Double, done: Int, elapsed: Double) -> Double {
        guard done > 0, elapsed > 0 else { return .infinity }
        return remaining * elapsed / Double(done)
    }

    /// A self-contained line for logs and pipes, such as
    /// `train 120/300 (40%)  3.1k tok/s  elapsed 0:38  ETA 0:57  loss 2.315`.
    public static func plain(label: String, done: Int, total: Int?, elapsed: Double, rate: Double? = nil,
                             unit: String = "it", extra: String? = nil) -> String {
        let speed = rate ?? (elapsed > 0 ? Double(done) / elapsed : nil)
        var parts: [String] = []
        if let total, total > 0 {
            let percent = Int((min(1, max(0, Double(done) / Double(total))) * 100).rounded(.down))
            parts.append("\(label.isEmpty ? "" : label + " ")\(done)/\(total) (\(percent)%)")
        } else {
            parts.append("\(label.isEmpty ? "" : label + " ")\(done) \(unit)")
        }
        if let speed, speed.isFinite, speed > 0 { parts.append("\(NumberFormat.compact(speed)) \(unit)/s") }
        parts.append("elapsed \(NumberFormat.duration(elapsed))")
        if let total, total > 0, done < total {
            parts.append("ETA \(NumberFormat.duration(eta(remaining: Double(total - done), done: done, elapsed: elapsed)))")
        }
        if let extra, !extra.isEmpty { parts.append(extra) }
        return parts.joined(separator: "  ")
    }
}
