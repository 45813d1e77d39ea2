import Foundation

/// Chooses OpenBLAS's kernel before OpenBLAS reads its environment.
///
/// Debian's OpenBLAS 0.3.21 does not recognise some recent or virtualised x86 CPUs and falls
/// back to its SSE3 "Prescott" kernels, which run sgemm about 8x slower than its AVX2
/// "Haswell" ones. OpenBLAS reads `OPENBLAS_CORETYPE` once, while the library loads, so when
/// the variable is unset and the CPU has AVX2 and FMA we set it and re-execute ourselves.
/// An explicit setting by the user is always left alone; `MNEMO_NO_BLAS_REEXEC=1` disables this.
enum BLASEnvironment {
    static func ensureFastKernel() {
        let env = ProcessInfo.processInfo.environment
        guard env["OPENBLAS_CORETYPE"] == nil, env["MNEMO_NO_BLAS_REEXEC"] == nil else { return }
        #if arch(x86_64) && os(Linux)
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        guard flags.contains("avx2"), flags.contains("fma") else { return }
        setenv("OPENBLAS_CORETYPE", "Haswell", 1)
        setenv("MNEMO_NO_BLAS_REEXEC", "1", 1)
        var args = CommandLine.arguments.map { strdup($0) }
        args.append(nil)
        execv("/proc/self/exe", &args)
        // execv returns only on failure: carry on with the slower kernels.
        #endif
    }
}
