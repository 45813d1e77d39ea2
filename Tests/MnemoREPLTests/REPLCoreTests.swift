import Foundation
import MnemoLang
import MnemoStore
import Testing
@testable import MnemoREPL

@Suite struct REPLCoreTests {
    @Test func openBracketContinuesUntilClosedAndRunsAsOneEntry() throws {
        let h = try Harness()
        #expect(h.core.feed("x = [1,") == .continuing)
        #expect(h.core.prompt == REPLPrompts.continuation)
        #expect(h.core.feed("  2,") == .continuing)
        #expect(h.core.feed("  3]") == .completed(entry: "x = [1,\n  2,\n  3]", status: .ok))
        #expect(h.core.prompt == REPLPrompts.primary)
        h.feed("len(x)")
        #expect(h.take().output == "3\n")
    }

    @Test func discardingAnOpenStatementReturnsToThePrimaryPrompt() throws {
        let h = try Harness()
        #expect(h.core.feed("x = [1,") == .continuing)
        h.core.discardPending()
        #expect(!h.core.isContinuing)
        #expect(h.core.feed("y = 2") == .completed(entry: "y = 2", status: .ok))
        #expect(h.core.session.value(of: "x") == nil)
    }

    @Test func blankLinesDoNothingAndOpenStringsContinue() throws {
        let h = try Harness()
        #expect(h.core.feed("   ") == .blank)
        #expect(h.core.feed("s = \"two") == .continuing)
        if case .completed(_, .ok) = h.core.feed("lines\"") {} else { Issue.record("string block did not complete") }
        h.feed("len(s)")
        #expect(h.take().output == "9\n")
    }

    @Test func errorsShowTheCaretAndKeepEveryBinding() throws {
        let h = try Harness()
        h.feed("x = 41", "y = len(x, 2)")
        let shown = h.take()
        #expect(shown.errors.contains("line 1, col"))
        #expect(shown.errors.contains("\n    y = len(x, 2)\n"))
        #expect(shown.errors.contains("^"))
        #expect(h.core.feed("bogus(") == .continuing)
        #expect(h.core.feed(")") == .completed(entry: "bogus(\n)", status: .failed))
        #expect(h.take().errors.contains("bogus"))
        h.feed("x + 1")
        #expect(h.take().output == "42\n")
    }

    @Test func strayClosingBracketIsAnErrorNotAContinuation() throws {
        let h = try Harness()
        #expect(h.core.feed("x = 1)") == .completed(entry: "x = 1)", status: .failed))
        #expect(!h.take().errors.isEmpty)
    }

    @Test func unknownDotCommandSuggestsTheNearest() throws {
        let h = try Harness()
        #expect(h.core.feed(".rnus") == .completed(entry: ".rnus", status: .failed))
        let errors = h.take().errors
        #expect(errors == "unknown command '.rnus' (did you mean '.runs'?); .help lists the commands\n")
    }

    @Test func quitAndExitEndTheLoop() throws {
        let h = try Harness()
        #expect(h.core.feed(".quit") == .quit(entry: ".quit"))
        #expect(h.core.feed("  .exit ") == .quit(entry: ".exit"))
    }

    @Test func whoListsBindingsWithTypeAndSummary() throws {
        let h = try Harness()
        h.feed(".who")
        #expect(h.take().output == "no names bound yet\n")
        h.feed("rate = 3e-4", "words = [\"a\", \"b\"]")
        h.feed(".who")
        let lines = h.take().output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("rate "))
        #expect(lines[0].contains("number"))
        #expect(lines[0].hasSuffix("0.0003"))
        #expect(lines[1].hasPrefix("words"))
        #expect(lines[1].contains("list"))
        #expect(lines[1].hasSuffix("[\"a\", \"b\"]"))
    }

    @Test func helpListsCommandsAndBuiltinsAndExplainsOne() throws {
        let h = try Harness()
        h.feed(".help")
        let index = h.take().output
        for name in [".runs", ".show RUN", ".save FILE", ".timeit EXPR", "spin", "len"] {
            #expect(index.contains(name), "help index lacks \(name)")
        }
        h.feed("?len")
        let short = h.take().output
        h.feed(".help len")
        #expect(h.take().output == short)
        #expect(short.hasPrefix("len(x: "))
        h.feed(".help .compare")
        #expect(h.take().output.contains("side by side"))
        h.feed(".help lne")
        #expect(h.take().errors.contains("did you mean 'len'"))
    }

    @Test func bareValuesPrintAndBuiltinOutputIsCaptured() throws {
        let h = try Harness()
        h.feed("shout(\"hi\")", "[1, 2]")
        #expect(h.take().output == "HI\n[1, 2]\n")
    }

    @Test func timeitReportsMeanAndSpread() throws {
        let h = try Harness()
        h.feed(".timeit len([1, 2, 3])")
        let shown = h.take()
        #expect(shown.errors.isEmpty)
        #expect(shown.output.contains("±"))
        #expect(shown.output.contains("runs)"))
        h.feed(".timeit")
        #expect(h.take().errors.contains("usage: .timeit EXPR"))
        h.feed(".timeit nope(1)")
        #expect(h.take().errors.contains("nope"))
    }

    @Test func timeFormattingPicksAUnit() {
        #expect(TimeItSummary.format(2.5) == "2.50 s")
        #expect(TimeItSummary.format(0.0123) == "12.3 ms")
        #expect(TimeItSummary.format(0.000_456) == "456 µs")
        #expect(TimeItSummary.format(0.000_000_8) == "0.80 ns" || TimeItSummary.format(0.000_000_8) == "800 ns")
        let summary = TimeItSummary(times: [1, 2, 3])
        #expect(summary.mean == 2)
        #expect(summary.standardDeviation == 1)
    }

    @Test func cancellingALongStatementReturnsInterruptedAndKeepsState() throws {
        let h = try Harness()
        h.feed("kept = 7")
        let flag = h.core.session.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { flag.cancel() }
        let started = Date()
        #expect(h.core.feed("lost = spin(seconds: 20)") == .completed(entry: "lost = spin(seconds: 20)", status: .interrupted))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(h.take().errors.contains("interrupted"))
        #expect(h.core.session.value(of: "lost") == nil)
        h.feed("kept")
        #expect(h.take().output == "7\n")
    }
}
