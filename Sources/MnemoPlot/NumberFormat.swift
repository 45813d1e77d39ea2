import Foundation

/// Number-to-text rules shared by ticks, legends, tables and progress lines.
public enum NumberFormat {
    /// `value` with `digits` significant digits: fixed notation between 1e-3 and 1e9, exponent
    /// notation (`1.2e-5`) outside; integral magnitudes are never rounded away (`12345` stays).
    /// With `trim`, trailing zeros after the point are dropped (`0.5` instead of `0.500`).
    public static func significant(_ value: Double, digits: Int = 3, trim: Bool = true) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let digits = max(1, digits)
        let magnitude = abs(value)
        if magnitude >= 1e9 || magnitude < 1e-3 {
            return exponent(value, digits: digits, trim: trim)
        }
        let order = Int(floor(log10(magnitude)))
        let decimals = max(0, digits - 1 - order)
        var text = String(format: "%.\(decimals)f", value)
        if trim { text = trimZeros(text) }
        // Rounding can carry into a new order (9.996 -> 10.00); one fewer decimal then.
        if !trim, decimals > 0, Int(floor(log10(abs(Double(text) ?? value)))) > order {
            text = String(format: "%.\(decimals - 1)f", value)
        }
        return text == "-0" ? "0" : text
    }

    /// Exponent notation with a short exponent: `1.5e-5`, `2e6`.
    public static func exponent(_ value: Double, digits: Int = 3, trim: Bool = true) -> String {
        let text = String(format: "%.\(max(0, digits - 1))e", value)
        guard let e = text.firstIndex(of: "e") else { return text }
        var mantissa = String(text[..<e])
        if trim { mantissa = trimZeros(mantissa) }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    /// Compact magnitude with a suffix for rates and counts: `950`, `3.1k`, `12M`, `1.5G`.
    public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return significant(value) }
        let magnitude = abs(value)
        let units: [(Double, String)] = [(1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in units where magnitude >= scale * 0.9995 {
            return significant(value / scale, digits: 2) + suffix
        }
        return magnitude >= 100 ? String(format: "%.0f", value) : significant(value, digits: 2)
    }

    /// Seconds as `m:ss` or `h:mm:ss` (`0:57`, `1:02:03`); `--:--` when unknown.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 360_000_000 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = text
        while out.hasSuffix("0") { out.removeLast() }
        if out.hasSuffix(".") { out.removeLast() }
        return out
    }
}
