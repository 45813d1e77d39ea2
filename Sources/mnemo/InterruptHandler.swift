import Foundation
import MnemoKernel

/// The flag Ctrl-C sets. A C signal handler cannot capture context, so the handler reaches the flag
/// through this global, set before the handler is installed and never changed while it is.
private var interruptTarget: UnsafeMutablePointer<Int32>?

/// Ctrl-C during `mnemo run` / `replay`: the first press asks the running cell to stop at its next
/// step (the run is recorded as interrupted, the session ends cleanly); a second press quits at once.
enum InterruptHandler {
    /// Routes SIGINT to `flag`.
    static func install(_ flag: CancellationFlag) {
        interruptTarget = flag.rawFlag
        signal(SIGINT) { _ in
            guard let target = interruptTarget else { _exit(130) }
            // Already asked once and still running: the user wants out now.
            if target.pointee != 0 { _exit(130) }
            target.pointee = 1
        }
        // A parent may have started us with SIGINT blocked (the mask is inherited): unblock it,
        // or Ctrl-C would stay pending until the process ends.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}
