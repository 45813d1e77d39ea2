import Foundation
import MnemoStore

/// One way a replay's results differ from the recorded ones.
public struct ReplayDifference: Equatable, CustomStringConvertible {
    /// Where: `cell 3 (pretrain)`, `run 2 (pretrain) -> run 7`.
    public let place: String
    /// What differs and how: `printed number 2 was 1.234, now 1.236`.
    public let detail: String

    /// `place: detail`, one line.
    public var description: String { "\(place): \(detail)" }
}

/// Compares a replay session with the session it replayed (`mnemo replay --verify`): each cell's status
/// and printed numbers (see ``PrintedNumbers``), and each run's latest metrics, runs matched in order.
///
/// Metrics that measure time or speed (keys containing time, second, duration, elapsed, throughput,
/// speed, per_s, tok_s, /s) are skipped: they change from run to run by nature.
public enum ReplayVerifier {
    /// Every difference between session `original` and its replay `replay`; empty when they agree.
    /// Numbers agree when equal or, with `tolerance` > 0, within that relative difference.
    public static func differences(store: Store, original: Int64, replay: Int64,
                                   tolerance: Double = 0) throws -> [ReplayDifference] {
        var found: [ReplayDifference] = []
        found += compareCells(try store.cells(session: original), try store.cells(session: replay), tolerance: tolerance)
        found += compareRuns(try store.runs(where: "session = \(original)", sort: "id"),
                             try store.runs(where: "session = \(replay)", sort: "id"), tolerance: tolerance)
        return found
    }

    /// Differences in status and printed numbers, cell by cell.
    static func compareCells(_ original: [MnemoStore.CellRecord], _ replayed: [MnemoStore.CellRecord],
                             tolerance: Double) -> [ReplayDifference] {
        var found: [ReplayDifference] = []
        for (index, cell) in original.enumerated() {
            let place = "cell \(index + 1)" + (cell.title.map { " (\($0))" } ?? "")
            guard index < replayed.count else {
                found.append(ReplayDifference(place: place, detail: "was \(cell.status.rawValue), not run in the replay"))
                continue
            }
            let again = replayed[index]
            if again.status != cell.status {
                let why = again.error.map { ": " + ($0.split(separator: "\n").first.map(String.init) ?? $0) } ?? ""
                found.append(ReplayDifference(place: place, detail: "was \(cell.status.rawValue), now \(again.status.rawValue)\(why)"))
            }
            let before = PrintedNumbers.scan(cell.output)
            let after = PrintedNumbers.scan(again.output)
            if before.count != after.count {
                found.append(ReplayDifference(place: place, detail: "printed \(count(before.count, "number")), now \(after.count)"
                                              + firstMismatch(before, after)))
                continue
            }
            for (position, (a, b)) in zip(before, after).enumerated() where !agree(a, b, tolerance: tolerance) {
                found.append(ReplayDifference(place: place, detail: "printed number \(position + 1) was \(a), now \(b)"))
            }
        }
        return found
    }

    /// Differences in run names, kinds, statuses and latest metrics, runs matched in order.
    static func compareRuns(_ original: [RunSummary], _ replayed: [RunSummary], tolerance: Double) -> [ReplayDifference] {
        var found: [ReplayDifference] = []
        if original.count != replayed.count {
            found.append(ReplayDifference(place: "runs", detail: "the session recorded \(count(original.count, "run")), the replay \(replayed.count)"))
        }
        for (a, b) in zip(original, replayed) {
            let place = "run \(a.run.id) (\(a.run.name)) -> run \(b.run.id)"
            if a.run.name != b.run.name || a.run.kind != b.run.kind {
                found.append(ReplayDifference(place: place, detail: "was \(a.run.kind) '\(a.run.name)', now \(b.run.kind) '\(b.run.name)'"))
            }
            if a.run.status != b.run.status {
                found.append(ReplayDifference(place: place, detail: "status was \(a.run.status.rawValue), now \(b.run.status.rawValue)"))
            }
            let before = Dictionary(a.latestMetrics.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            let after = Dictionary(b.latestMetrics.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            for key in Set(before.keys).union(after.keys).sorted() where !isTiming(key) {
                switch (before[key], after[key]) {
                case let (x?, y?):
                    if x.step != y.step || !agree(x.value, y.value, tolerance: tolerance) {
                        found.append(ReplayDifference(place: place, detail: "metric \(key) was \(format(x.value)) at step \(x.step), "
                                                      + "now \(format(y.value)) at step \(y.step)"))
                    }
                case let (x?, nil):
                    found.append(ReplayDifference(place: place, detail: "metric \(key) was \(format(x.value)), missing in the replay"))
                case let (nil, y?):
                    found.append(ReplayDifference(place: place, detail: "metric \(key) is new in the replay (\(format(y.value)))"))
                case (nil, nil): break
                }
            }
        }
        return found
    }

    /// True for metric keys that measure time or speed.
    public static func isTiming(_ key: String) -> Bool {
        let lower = key.lowercased()
        return ["time", "second", "duration", "elapsed", "throughput", "speed", "per_s", "tok_s", "/s"]
            .contains { lower.contains($0) }
    }

    private static func agree(_ a: String, _ b: String, tolerance: Double) -> Bool {
        if a == b { return true }
        guard let x = Double(a), let y = Double(b) else { return false }
        return agree(x, y, tolerance: tolerance)
    }

    private static func agree(_ x: Double, _ y: Double, tolerance: Double) -> Bool {
        if x == y || (x.isNaN && y.isNaN) { return true }
        guard tolerance > 0 else { return false }
        return abs(x - y) <= tolerance * max(abs(x), abs(y))
    }

    private static func firstMismatch(_ a: [String], _ b: [String]) -> String {
        guard let i = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) else { return "" }
        return " (first change at number \(i + 1): \(a[i]) -> \(b[i]))"
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    private static func format(_ x: Double) -> String { x.isNaN ? "nan" : "\(x)" }
}
