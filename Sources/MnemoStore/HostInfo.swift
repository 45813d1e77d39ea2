import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about this machine and process that runs record as provenance and use to find stale runs.
public enum HostInfo {
    /// The host name from `gethostname`, without DNS lookups (which `ProcessInfo.hostName` may do).
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let name = String(cString: buffer)
        return name.isEmpty ? "unknown" : name
    }

    /// The operating system, e.g. "Debian GNU/Linux 12 (bookworm), kernel 6.1.0".
    public static func operatingSystem() -> String {
        var pretty = ProcessInfo.processInfo.operatingSystemVersionString
        #if os(Linux)
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            let name = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            pretty = "\(name), kernel \(kernelRelease())"
        }
        #endif
        return pretty
    }

    /// The CPU model name as the OS reports it, or "unknown".
    public static func cpuModel() -> String {
        #if os(Linux)
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        #elseif canImport(Darwin)
        var size = 0
        if sysctlbyname("machdep.cpu.brand_string", nil, &size, nil, 0) == 0, size > 0 {
            var buffer = [CChar](repeating: 0, count: size)
            if sysctlbyname("machdep.cpu.brand_string", &buffer, &size, nil, 0) == 0 {
                return String(cString: buffer)
            }
        }
        #endif
        return "unknown"
    }

    /// This process's id.
    public static func currentProcessID() -> Int32 { getpid() }

    /// Whether a process with this id exists on this host. EPERM means it exists but belongs to someone else.
    public static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if pid == getpid() { return true }
        if kill(pid, 0) == 0 { return true }
        return errno == EPERM
    }

    private static func kernelRelease() -> String {
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &name.release) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}
