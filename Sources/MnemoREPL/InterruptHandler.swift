import CEditLine
import MnemoKernel

/// Ctrl-C handling. One press at the prompt clears the line; during a computation it sets the
/// session's `CancellationFlag` (training stops at its next step and records the run as
/// interrupted) and the REPL returns to the prompt. A builtin that never checks the flag can
/// still be ended: the third Ctrl-C during one computation ends the process (exit status 130).
///
/// Every call into the C side lives in this file: the handler's state is static in the shim
/// header, so it exists once per object file that touches it.
enum InterruptHandler {
    /// Installs the SIGINT handler so that Ctrl-C sets `flag` instead of killing the process.
    static func install(setting flag: CancellationFlag) {
        _ = mnemo_sigint_install(flag.rawFlag)
    }

    /// Restores the default Ctrl-C behaviour.
    static func uninstall() { mnemo_sigint_uninstall() }

    /// True if Ctrl-C was pressed since the last call.
    static func takeInterrupt() -> Bool { mnemo_sigint_take() > 0 }

    /// Runs `body` marked as a computation (for the repeated Ctrl-C rule).
    static func whileComputing<T>(_ body: () throws -> T) rethrows -> T {
        mnemo_sigint_set_computing(1)
        defer { mnemo_sigint_set_computing(0) }
        return try body()
    }
}
