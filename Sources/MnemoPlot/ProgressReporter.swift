import Foundation

/// Decides when to redraw a progress report and writes it through a caller's closure.
///
/// On a TTY the line is redrawn in place (`\r`, padded to clear the previous text) at most every
/// `minInterval` seconds, plus once at the end. Otherwise a full line (ending in `\n`) is written
/// each time another `everyPercent` of the total is done or `everySeconds` have passed, plus once
/// at the end, so logs stay short and readable. Call it from one thread (the training loop).
public final class ProgressReporter {
    /// Text before the counts in plain lines (and before the bar on a TTY).
    public let label: String
    /// Expected number of units, if known.
    public let total: Int?
    /// Name of one unit (`step`, `tok`, `point`).
    public let unit: String

    private let isTTY: Bool
    private let width: Int
    private let minInterval: Double
    private let everyPercent: Double
    private let everySeconds: Double
    private let clock: () -> Double
    private let write: (String) -> Void
    private let start: Double
    private var lastDraw: Double?
    private var lastPercentStep = 0
    private var lastLength = 0
    private var finished = false

    /// Creates a reporter; `clock` returns seconds (monotonic by default) and `write` receives
    /// the text to output, escapes and line ends included.
    public init(label: String = "", total: Int?, unit: String = "it", isTTY: Bool,
                width: Int = MnemoPlotInfo.defaultWidth, minInterval: Double = 0.1,
                everyPercent: Double = 10, everySeconds: Double = 30,
                clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime },
                write: @escaping (String) -> Void) {
        self.label = label
        self.total = total
        self.unit = unit
        self.isTTY = isTTY
        self.width = max(20, width)
        self.minInterval = minInterval
        self.everyPercent = max(1, everyPercent)
        self.everySeconds = max(0.1, everySeconds)
        self.clock = clock
        self.write = write
        self.start = clock()
    }

    /// Reports that `done` units are finished; writes only when the redraw policy says so.
    public func update(done: Int, extra: String? = nil) {
        guard !finished else { return }
        let now = clock()
        let complete = total.map { $0 > 0 && done >= $0 } ?? false
        if isTTY {
            if let lastDraw, now - lastDraw < minInterval, !complete { return }
            draw(done: done, extra: extra, now: now)
        } else {
            let step = percentStep(done)
            let due = step > lastPercentStep || now - (lastDraw ?? start) >= everySeconds || complete
            guard due else { return }
            lastPercentStep = step
            draw(done: done, extra: extra, now: now)
        }
    }

    /// Writes the final state (always) and ends the line; later updates are ignored.
    public func finish(done: Int, extra: String? = nil) {
        guard !finished else { return }
        draw(done: done, extra: extra, now: clock())
        if isTTY { write("\n") }
        finished = true
    }

    private func percentStep(_ done: Int) -> Int {
        guard let total, total > 0 else { return 0 }
        return Int((Double(done) / Double(total) * 100 / everyPercent).rounded(.down))
    }

    private func draw(done: Int, extra: String?, now: Double) {
        let elapsed = now - start
        lastDraw = now
        if isTTY {
            let prefix = label.isEmpty ? "" : label + " "
            let line = prefix + ProgressLine.render(done: done, total: total, elapsed: elapsed, unit: unit,
                                                    extra: extra, width: width - prefix.count - 1)
            let padding = String(repeating: " ", count: max(0, lastLength - line.count))
            lastLength = line.count
            write("\r" + line + padding)
        } else {
            write(ProgressLine.plain(label: label, done: done, total: total, elapsed: elapsed, unit: unit,
                                     extra: extra) + "\n")
        }
    }
}
