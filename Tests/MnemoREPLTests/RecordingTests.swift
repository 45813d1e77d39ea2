import Foundation
import MnemoLang
import MnemoStore
import Testing
@testable import MnemoREPL

@Suite struct RecordingTests {
    @Test func eachEntryIsOneCellWithOutputStatusAndError() throws {
        let h = try Harness()
        h.feed("x = [1,", "2]", "# just a comment", "shout(\"a\")", "len(1)", ".who")
        let cells = try h.store.cells(session: try #require(h.core.sessionID))
        #expect(cells.map(\.source) == ["x = [1,\n2]", "shout(\"a\")", "len(1)"])
        #expect(cells.map(\.index) == [0, 1, 2])
        #expect(cells.map(\.status) == [.ok, .ok, .error])
        #expect(cells[1].output == "A\n")
        #expect(cells[2].error?.contains("line 1, col") == true)
        #expect(cells[0].error == nil)
        #expect(try h.store.session(try #require(h.core.sessionID)).kind == .repl)
    }

    @Test func sessionContextIsAttachedForBuiltins() throws {
        let h = try Harness()
        let context = try #require(h.core.session.service(SessionContext.self))
        #expect(context.sessionID == h.core.sessionID)
    }

    @Test func historyEntriesAreWholeBlocksAndFinishEndsTheSession() throws {
        let h = try Harness()
        h.core.remember("x = [1,\n2]")
        h.core.remember(".who")
        #expect(try h.store.recentHistory().map(\.line) == ["x = [1,\n2]", ".who"])
        h.feed(".history")
        #expect(h.take().output == "1  x = [1,\n   2]\n2  .who\n")
        h.feed(".history WHO")
        #expect(h.take().output == "1  .who\n")
        h.feed(".history 1")
        #expect(h.take().output == "1  .who\n")
        h.feed(".history zebra")
        #expect(h.take().output == "no history entry matches\n")
        h.feed(".history -3")
        #expect(h.take().errors.contains("expected a positive whole number"))
        h.core.finish(.finished)
        let record = try h.store.session(try #require(h.core.sessionID))
        #expect(record.status == .finished)
        #expect(record.ended != nil)
    }

    @Test func scriptsDoNotWriteHistory() throws {
        let h = try Harness()
        h.core.recordsHistory = false
        h.core.remember("x = 1")
        #expect(try h.store.recentHistory().isEmpty)
    }

    @Test func aBuiltinThatStopsEarlyOnCtrlCLeavesAnInterruptedCell() throws {
        let h = try Harness()
        let flag = h.core.session.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { flag.cancel() }
        let started = Date()
        #expect(h.core.feed("steps = settle(seconds: 20)") == .completed(entry: "steps = settle(seconds: 20)", status: .interrupted))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(h.core.session.value(of: "steps") != nil, "what the builtin returned is kept")
        let cells = try h.store.cells(session: try #require(h.core.sessionID))
        #expect(cells.map(\.status) == [.interrupted])
    }

    @Test func interruptedEntryIsRecordedAsInterrupted() throws {
        let h = try Harness()
        let flag = h.core.session.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { flag.cancel() }
        h.feed("spin(seconds: 20)")
        let cells = try h.store.cells(session: try #require(h.core.sessionID))
        #expect(cells.map(\.status) == [.interrupted])
    }
}
