import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a pseudo-terminal session could not start.
struct PseudoTerminalError: Error, CustomStringConvertible {
    let description: String
}

/// A child process on a pseudo-terminal, driven like a person at a keyboard: `send` types,
/// `expect` waits for text to appear on the screen, Ctrl-C arrives as a real SIGINT from the
/// terminal driver.
final class PseudoTerminal {
    private let master: Int32
    let pid: pid_t
    /// The raw bytes the child wrote so far.
    private var bytes: [UInt8] = []
    /// Where (in `bytes`) the next `expect` starts looking.
    private var markOffset = 0

    /// Starts `executable` in a new session whose controlling terminal is the pty (80x24).
    init(executable: String, arguments: [String], environment: [String: String]) throws {
        // posix_openpt/unlockpt/ptsname are not visible from Swift's Glibc module; their Linux
        // implementation is these ioctls on /dev/ptmx.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let setLock: UInt = 0x4004_5431    // TIOCSPTLCK
        let getNumber: UInt = 0x8004_5430  // TIOCGPTN
        guard master >= 0, ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
            if master >= 0 { close(master) }
            throw PseudoTerminalError(description: "pty: cannot open a pseudo-terminal (errno \(errno))")
        }
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, opening the terminal makes it the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        let setsid: Int16 = 0x80  // POSIX_SPAWN_SETSID (glibc)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF) | Int16(POSIX_SPAWN_SETSIGMASK) | setsid)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(master)
            throw PseudoTerminalError(description: "pty: cannot start \(executable) (error \(status))")
        }
        pid = child
    }

    deinit {
        if waitForExit(timeout: 0) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 5)
        }
        close(master)
    }

    /// Types `text` (`\u{3}` is Ctrl-C, `\u{4}` Ctrl-D, `\t` Tab, `\r` Enter, `\u{1b}[A` Up).
    ///
    /// Waits 0.1 s first, as a person would: libedit puts the terminal in raw mode around the
    /// moment the prompt appears, and a control key that arrives in that instant is taken by the
    /// terminal's cooked mode (a Ctrl-D becomes a NUL byte) instead of by the line editor.
    func send(_ text: String) {
        Thread.sleep(forTimeInterval: 0.1)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(master, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// Waits until `text` appears after the previous match; true if it did within `timeout`.
    @discardableResult
    func expect(_ text: String, timeout: TimeInterval = 15) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let rest = unmatched
            if let range = rest.range(of: text) {
                markOffset += rest.utf8.distance(from: rest.startIndex, to: range.upperBound)
                return true
            }
            pump(waitingUpTo: 0.1)
        } while Date() < deadline
        return false
    }

    /// The transcript after the last match (for failure messages).
    var unmatched: String { String(decoding: bytes[markOffset...], as: UTF8.self) }

    /// Everything the child wrote so far.
    var transcript: String { String(decoding: bytes, as: UTF8.self) }

    /// Reads what the child wrote within `seconds`, if anything.
    private func pump(waitingUpTo seconds: TimeInterval) {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        if count > 0 { bytes += buffer[0..<count] }
    }

    /// The child's exit status, waiting up to `timeout` seconds; nil if it is still running.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            var status: Int32 = 0
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid {
                let low = status & 0x7f
                return low == 0 ? (status >> 8) & 0xff : 128 + low
            }
            if done < 0 { return -1 }
            // Keep the terminal drained so the child never blocks writing.
            pump(waitingUpTo: 0.05)
        } while Date() < deadline
        return nil
    }
}
