import Foundation
import GRDB
import Testing
@testable import MnemoStore

/// The sqlite3 command-line shell from PATH, if installed: a second process writing to the same file.
private let sqliteShell: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
    .split(separator: ":").map { "\($0)/sqlite3" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite struct ConcurrencyTests {
    @Test func twoStoresOnTwoThreadsWriteWithoutLockErrors() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("shared.sqlite")
        let stores = [try Store(path: path), try Store(path: path)]
        let transactionsPerWriter = 150
        let errors = ErrorBox()
        let group = DispatchGroup()
        for (writerIndex, store) in stores.enumerated() {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let session = try store.beginSession(kind: .repl)
                    for index in 0..<transactionsPerWriter {
                        let run = try beginTestRun(store, name: "w\(writerIndex)-\(index)", params: ["i": "\(index)"])
                        let writer = try store.metricWriter(run: run, flushEvery: 5)
                        for step in 0..<10 { try writer.log("loss", step: step, value: Double(step)) }
                        try writer.flush()
                        try store.appendHistory("line \(index)", session: session)
                        try store.finishRun(run, status: .finished)
                        _ = try store.runs(where: "status = finished", limit: 3)
                    }
                } catch {
                    errors.append(error)
                }
            }
        }
        group.wait()
        #expect(errors.all.isEmpty, "\(errors.all.map { String(describing: $0) })")
        let total = transactionsPerWriter * stores.count
        #expect(try stores[0].runs(where: "status = finished").count == total)
        #expect(try stores[1].read("t") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM metrics") } == total * 10)
        #expect(try stores[1].recentHistory(limit: 10_000).count == total)
    }

    @Test(.enabled(if: sqliteShell != nil, "needs the sqlite3 shell for a second process"))
    func anotherProcessWritingAtTheSameTime() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("shared.sqlite")
        let store = try Store(path: path)
        // The other process appends history rows in many short transactions, as a second mnemo would.
        var script = ".timeout 10000\n"
        for index in 0..<300 {
            script += "BEGIN IMMEDIATE; INSERT INTO history (line, time) VALUES ('other \(index)', 0); COMMIT;\n"
        }
        let scriptPath = dir.path("writes.sql")
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqliteShell ?? "sqlite3")
        process.arguments = [path, ".read \(scriptPath)"]
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        for index in 0..<300 {
            let run = try beginTestRun(store, name: "ours \(index)")
            try store.logMetrics(run: run, [("loss", 0, 1.0)])
            try store.finishRun(run, status: .finished)
        }
        process.waitUntilExit()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "sqlite3 said: \(message)")
        #expect(!message.contains("locked"))
        #expect(try store.recentHistory(limit: 1000).count == 300)
        #expect(try store.runs().count == 300)
    }

    @Test func aLockHeldTooLongGivesTheLockedError() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.path("locked.sqlite")
        let store = try Store(path: path, busyTimeout: 0.2)
        var holderConfig = Configuration()
        // The holder keeps its transaction open across accesses on purpose.
        holderConfig.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: path, configuration: holderConfig)
        try holder.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? holder.inDatabase { db in try db.execute(sql: "ROLLBACK") } }
        let started = Date()
        #expect(throws: StoreError.locked(path: path, seconds: 0.2)) {
            try store.appendHistory("blocked", session: nil)
        }
        #expect(Date().timeIntervalSince(started) >= 0.15)
        #expect(StoreError.locked(path: path, seconds: 0.2).description.contains("locked"))
    }
}

/// Collects errors from several threads.
private final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func append(_ error: Error) { lock.lock(); errors.append(error); lock.unlock() }
    var all: [Error] { lock.lock(); defer { lock.unlock() }; return errors }
}
