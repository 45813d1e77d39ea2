import Foundation
import GRDB

/// Turns rows of the store's tables into public records; unknown enum text becomes the safest case.
enum RowDecoding {
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    static func optionalDate(_ seconds: Double?) -> Date? { seconds.map(date) }

    /// NULL is how NaN is stored.
    static func metricValue(_ value: Double?) -> Double { value ?? .nan }

    static func session(_ row: Row) -> SessionRecord {
        SessionRecord(id: row["id"], kind: SessionKind(rawValue: row["kind"]) ?? .repl,
                      notebookPath: row["notebook_path"], notebookSHA256: row["notebook_sha256"],
                      replayOf: row["replay_of"], started: date(row["started"]), ended: optionalDate(row["ended"]),
                      status: SessionStatus(rawValue: row["status"]) ?? .interrupted,
                      pid: row["pid"], host: row["host"])
    }

    static func cell(_ row: Row) -> CellRecord {
        CellRecord(session: row["session"], index: row["idx"], title: row["title"], source: row["source"],
                   output: row["output"], status: CellStatus(rawValue: row["status"]) ?? .error,
                   started: date(row["started"]), duration: row["duration"], error: row["error"])
    }

    static func run(_ row: Row) -> RunRecord {
        let provenance = Provenance(mnemoVersion: row["mnemo_version"], host: row["host"], os: row["os"],
                                    cpuModel: row["cpu_model"], threads: row["threads"],
                                    notebookSHA256: row["notebook_sha256"])
        return RunRecord(id: row["id"], session: row["session"], name: row["name"], kind: row["kind"],
                         status: RunStatus(rawValue: row["status"]) ?? .interrupted, seed: row["seed"],
                         configJSON: row["config"], provenance: provenance, started: date(row["started"]),
                         ended: optionalDate(row["ended"]), pid: row["pid"], error: row["error"])
    }

    static func artifact(_ row: Row) -> ArtifactInfo {
        ArtifactInfo(id: row["id"], run: row["run"], name: row["name"], kind: row["kind"], sha256: row["sha256"],
                     size: row["size"], created: date(row["created"]))
    }

    static func latestMetric(_ row: Row) -> LatestMetric {
        LatestMetric(key: row["key"], step: row["step"], value: metricValue(row["value"]))
    }
}
