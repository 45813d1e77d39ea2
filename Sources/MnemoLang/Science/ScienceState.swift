import Foundation
import MnemoKernel
import MnemoPlot
import MnemoStore

/// Per-session state of the science builtins: the seed sequence.
///
/// A builtin that is not given `seed:` takes the next seed of a sequence fixed by `seed(n)`,
/// so re-running the same notebook draws the same numbers.
final class ScienceState {
    var baseSeed: UInt64 = 0
    var draws: UInt64 = 0

    func nextSeed() -> UInt64 {
        draws += 1
        return baseSeed &* 1_000_003 &+ draws
    }

    static func of(_ session: Session) -> ScienceState {
        if let s = session.service(ScienceState.self) { return s }
        let s = ScienceState()
        session.attach(s)
        return s
    }
}

extension CallContext {
    /// The `seed:` argument when given, else the session's next seed.
    func seed(_ name: String = "seed") throws -> UInt64 {
        if let s = try args.optionalInt(name) {
            guard s >= 0 else { throw MnemoError(.value, "argument '\(name)' of \(builtin.name) must be 0 or more, got \(s)") }
            return UInt64(s)
        }
        return ScienceState.of(session).nextSeed()
    }

    /// A positive integer argument, with an error naming it otherwise.
    func positiveInt(_ name: String) throws -> Int {
        let v = try args.int(name)
        guard v > 0 else { throw MnemoError(.value, "argument '\(name)' of \(builtin.name) must be positive, got \(v)") }
        return v
    }

    /// A positive finite number argument.
    func positiveNumber(_ name: String) throws -> Double {
        let v = try args.number(name)
        guard v > 0, v.isFinite else { throw MnemoError(.value, "argument '\(name)' of \(builtin.name) must be positive, got \(NumberFormatting.format(v))") }
        return v
    }

    /// How plots and tables should look on this session's output.
    var plotStyle: PlotStyle {
        let env = ProcessInfo.processInfo.environment
        var columns: Int? = nil
        if output.isTerminal {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { columns = Int(size.ws_col) }
        }
        let info = TerminalInfo.detect(environment: env, isTTY: output.isTerminal, columns: columns)
        return PlotStyle(terminal: info)
    }

    /// The recording context, when this session is recorded.
    var recording: SessionContext? { session.service(SessionContext.self) }
}
