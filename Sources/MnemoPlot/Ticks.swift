import Foundation

/// Tick values of an axis: tidy numbers (1, 2 or 5 times a power of ten) inside `[lo, hi]`.
///
/// Picks the smallest such step that gives at most `maxCount` ticks; when that leaves fewer than
/// three, a 2.5 step is tried too. Non-finite bounds give no ticks; `lo == hi` gives one.
public func niceTicks(_ lo: Double, _ hi: Double, maxCount: Int = 6) -> [Double] {
    guard lo.isFinite, hi.isFinite else { return [] }
    let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
    if a == b { return [a] }
    let limit = max(2, maxCount)
    var best: [Double] = []
    for step in TickStep.candidates(for: b - a, mantissas: [1, 2, 5]) {
        let ticks = step.values(from: a, to: b)
        if ticks.count <= limit { best = ticks; break }
    }
    if best.count < 3 {
        for step in TickStep.candidates(for: b - a, mantissas: [25]) {
            let ticks = step.values(from: a, to: b)
            if ticks.count <= limit {
                if ticks.count > best.count { best = ticks }
                break
            }
        }
    }
    return best
}

/// An axis widened to tick multiples: `lo` and `hi` are ticks, with at most `maxCount` ticks.
public func niceAxis(_ lo: Double, _ hi: Double, maxCount: Int = 6) -> (lo: Double, hi: Double, ticks: [Double]) {
    guard lo.isFinite, hi.isFinite else { return (0, 1, [0, 1]) }
    var (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
    if a == b {
        let pad = a == 0 ? 1 : abs(a) * 0.1
        (a, b) = (a - pad, b + pad)
    }
    for step in TickStep.candidates(for: b - a, mantissas: [1, 2, 5]) {
        let first = (a / step.size).rounded(.down), last = (b / step.size).rounded(.up)
        guard abs(first) < 1e15, abs(last) < 1e15 else { break }
        if Int(last - first) + 1 <= max(2, maxCount) {
            let widened = step.values(from: step.value(Int(first)), to: step.value(Int(last)))
            return (widened.first ?? a, widened.last ?? b, widened)
        }
    }
    return (a, b, [a, b])
}

/// Ticks of a log axis: powers of ten inside `[lo, hi]` (every k-th decade when there are too
/// many); when fewer than two decades fit, 1-2-5 multiples, then linear tidy ticks.
public func logTicks(_ lo: Double, _ hi: Double, maxCount: Int = 6) -> [Double] {
    guard lo.isFinite, hi.isFinite, lo > 0, hi > 0 else { return [] }
    let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
    let first = Int(ceil(log10(a) - 1e-9)), last = Int(floor(log10(b) + 1e-9))
    let decades = last >= first ? Array(first...last) : []
    if decades.count >= 2 {
        let stride = Int(ceil(Double(decades.count) / Double(max(2, maxCount))))
        return decades.enumerated().filter { $0.offset % stride == 0 }.map { pow10($0.element) }
    }
    var multiples: [Double] = []
    for e in (first - 1)...(last + 1) {
        for m in [1.0, 2, 5] {
            let v = m * pow10(e)
            if v >= a * (1 - 1e-12), v <= b * (1 + 1e-12) { multiples.append(v) }
        }
    }
    if multiples.count >= 2, multiples.count <= max(2, maxCount) { return multiples }
    return niceTicks(a, b, maxCount: maxCount)
}

/// Text of a tick value with as many decimals as `step` needs (`0.002`, `1.5`, `0.25`);
/// exponent notation from 1e6 up and below 1e-3 (`1e6`, `5e-4`).
public func tickLabel(_ value: Double, step: Double) -> String {
    let magnitude = abs(value)
    if value != 0, magnitude >= 1e6 || magnitude < 1e-3 { return NumberFormat.exponent(value, digits: 3) }
    guard step > 0, step.isFinite else { return NumberFormat.significant(value, digits: 3) }
    return String(format: "%.\(exactDecimals([value, step], tolerance: step * 1e-6))f", value)
}

/// Labels for a whole tick list, all in one notation with one number of decimals, so an axis
/// reads `0.0 0.5 1.0` or `0 5e5 1e6`, never a mixture (log axes label each decade on its own).
func tickLabels(_ ticks: [Double], log: Bool = false) -> [String] {
    if log { return ticks.map { tickLabel($0, step: $0) } }
    let magnitudes = ticks.map { abs($0) }.filter { $0 > 0 }
    guard let biggest = magnitudes.max() else { return ticks.map { _ in "0" } }
    if biggest >= 1e6 || biggest < 1e-3 {
        return ticks.map { $0 == 0 ? "0" : NumberFormat.exponent($0, digits: 3) }
    }
    let gaps = zip(ticks.dropFirst(), ticks).map { abs($0 - $1) }.filter { $0 > 0 }
    let step = gaps.min() ?? biggest
    let decimals = exactDecimals(ticks + [step], tolerance: step * 1e-6)
    return ticks.map { String(format: "%.\(decimals)f", $0) }
}

/// The fewest decimals (at most 10) that print every value within `tolerance`.
func exactDecimals(_ values: [Double], tolerance: Double) -> Int {
    (0...10).first { d in
        values.allSatisfy { abs((Double(String(format: "%.\(d)f", $0)) ?? $0) - $0) <= tolerance }
    } ?? 10
}

func pow10(_ e: Int) -> Double { e >= 0 ? pow(10, Double(e)) : 1 / pow(10, Double(-e)) }

/// A tick step `mantissa * 10^exponent`, computed so that multiples print exactly (no 0.30000004).
struct TickStep {
    let mantissa: Int
    let exponent: Int

    var size: Double { Double(mantissa) * pow10(exponent) }

    func value(_ k: Int) -> Double {
        let n = Double(k * mantissa)
        return exponent >= 0 ? n * pow(10, Double(exponent)) : n / pow(10, Double(-exponent))
    }

    func values(from a: Double, to b: Double) -> [Double] {
        let slack = size * 1e-9
        let lowest = ((a - slack) / size).rounded(.up), highest = ((b + slack) / size).rounded(.down)
        // Multiples beyond 2^53 are not exact, and beyond Int they cannot be counted at all.
        guard lowest.isFinite, highest.isFinite, abs(lowest) < 1e15, abs(highest) < 1e15 else { return [] }
        let first = Int(lowest), last = Int(highest)
        guard last >= first, last - first < 10_000 else { return [] }
        return (first...last).map(value)
    }

    /// Steps in increasing size, from well below to well above `range`.
    static func candidates(for range: Double, mantissas: [Int]) -> [TickStep] {
        guard range.isFinite, range > 0 else { return [] }
        let order = Int(floor(log10(range)))
        var steps: [TickStep] = []
        for e in (order - 3)...(order + 1) {
            for m in mantissas {
                // 25 stands for 2.5: one order lower.
                steps.append(m == 25 ? TickStep(mantissa: 25, exponent: e - 1) : TickStep(mantissa: m, exponent: e))
            }
        }
        return steps.sorted { $0.size < $1.size }
    }
}

extension Double {
    /// Removes the noise of `pow(10, log10(x))` round trips so log ticks print as `100`, not `99.99999`.
    func rounded(toSignificant digits: Int) -> Double {
        guard isFinite, self != 0 else { return self }
        return Double(String(format: "%.\(digits - 1)e", self)) ?? self
    }
}

/// Labels for values that are not tidy (bin edges): one number of decimals for all, the fewest
/// that keep each label within a tenth of `step` of its value; exponent notation for extremes.
func edgeLabels(_ values: [Double], step: Double) -> [String] {
    let magnitudes = values.filter { $0 != 0 }.map { abs($0) }
    if let biggest = magnitudes.max(), let smallest = magnitudes.min(), biggest >= 1e5 || smallest < 1e-3 {
        return values.map { NumberFormat.significant($0, digits: 3) }
    }
    let tolerance = step > 0 && step.isFinite ? step / 10 : 0
    let decimals = (0...8).first { d in
        values.allSatisfy { abs((Double(String(format: "%.\(d)f", $0)) ?? $0) - $0) <= tolerance }
    } ?? 8
    return values.map { String(format: "%.\(decimals)f", $0) }
}
