import Foundation
import MnemoLang
import Testing
@testable import MnemoREPL

@Suite struct ScriptModeTests {
    @Test func aScriptRunsToTheEndWithDotCommands() throws {
        let h = try Harness()
        let status = ScriptMode.run("x = [1,\n  2]\n\n# a comment\nlen(x)\n.who\nshout(\"done\")\n", in: h.core)
        #expect(status == .ok)
        let shown = h.take()
        #expect(shown.errors.isEmpty)
        #expect(shown.output.hasPrefix("2\nx  list  [1, 2]\nDONE\n"))
        #expect(ScriptMode.exitCode(status) == 0)
    }

    @Test func theFirstErrorStopsTheScriptWithItsLineNumber() throws {
        let h = try Harness()
        let status = ScriptMode.run("a = 1\nb = [\n  a,\n  len(a)]\nshout(\"never\")\n", in: h.core)
        #expect(status == .failed)
        #expect(ScriptMode.exitCode(status) == 1)
        let shown = h.take()
        #expect(shown.errors.hasPrefix("line 4, col"))
        #expect(shown.errors.contains("    len(a)]\n"))
        #expect(!shown.output.contains("NEVER"))
    }

    @Test func anUnclosedBracketAtTheEndIsReported() throws {
        let h = try Harness()
        #expect(ScriptMode.run("x = [1,\n2\n", in: h.core) == .failed)
        #expect(!h.take().errors.isEmpty)
    }

    @Test func quitEndsAScriptSuccessfullyAndInterruptsGive130() throws {
        let h = try Harness()
        #expect(ScriptMode.run("shout(\"a\")\n.quit\nshout(\"b\")\n", in: h.core) == .ok)
        #expect(h.take().output == "A\n")
        #expect(ScriptMode.exitCode(.interrupted) == 130)
        #expect(ScriptMode.run("x = 1\r\nx\r\n", in: h.core) == .ok)
        #expect(h.take().output == "1\n")
    }

    @Test func scriptModeRecordsNoHistory() throws {
        let h = try Harness()
        h.core.recordsHistory = false
        _ = ScriptMode.run("x = 1\n", in: h.core)
        #expect(try h.store.recentHistory().isEmpty)
        #expect(try h.store.cells(session: try #require(h.core.sessionID)).count == 1)
    }
}
