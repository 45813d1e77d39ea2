import Foundation
@testable import MnemoStore

/// A fresh directory under the system temp dir, removed by `cleanup()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Fixed provenance so tests do not depend on the machine.
let testProvenance = Provenance(mnemoVersion: "0.0-test", host: HostInfo.hostName(), os: "TestOS", cpuModel: "TestCPU",
                                threads: 2)

/// Begins a run with the given params as text, for tests.
func beginTestRun(_ store: Store, name: String = "run", kind: String = "pretrain", seed: Int64? = 7,
                  params: [String: String] = [:]) throws -> Int64 {
    try store.beginRun(RunStart(name: name, kind: kind, seed: seed,
                                params: params.map { RunParam(name: $0.key, value: $0.value) },
                                provenance: testProvenance))
}
