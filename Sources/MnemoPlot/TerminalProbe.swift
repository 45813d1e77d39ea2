#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension TerminalInfo {
    /// Detects the standard output of this process (isatty, window size, environment).
    ///
    /// The only function of this module that looks outside its arguments; renderers never call it.
    public static func current(colour: Bool? = nil, plain: Bool? = nil) -> TerminalInfo {
        let isTTY = isatty(STDOUT_FILENO) == 1
        var columns: Int?
        var lines: Int?
        #if canImport(Glibc) || canImport(Darwin)
        var size = winsize()
        if isTTY, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 {
            columns = Int(size.ws_col)
            lines = Int(size.ws_row)
        }
        #endif
        return detect(environment: ProcessInfo.processInfo.environment, isTTY: isTTY,
                      columns: columns, lines: lines, colour: colour, plain: plain)
    }
}
