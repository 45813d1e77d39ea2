import Foundation
import MnemoKernel

/// Chooses OpenBLAS's kernel before OpenBLAS reads its environment.
///
/// Debian's OpenBLAS 0.3.21 does not recognise some recent or virtualised x86 CPUs and falls
/// back to its SSE3 "Prescott" kernels, several times slower than its AVX2 ("Haswell") or
/// AVX-512 ("SkylakeX") ones. OpenBLAS reads `OPENBLAS_CORETYPE` once, while the library
/// loads, so when the variable is unset we pick the best kernel the CPU supports, set it and
/// re-execute ourselves. Older OpenBLAS builds are known to misbehave on new CPUs with their
/// newest kernels, so after choosing SkylakeX we check sgemm against a plain loop and fall
/// back to Haswell if they disagree. An explicit setting by the user is always left alone;
/// `MNEMO_NO_BLAS_REEXEC=1` disables all of this. None of it happens where mnemo's own
/// AVX-512 sgemm runs the products (`BLAS.backend`): OpenBLAS is then not used.
enum BLASEnvironment {
    static let marker = "MNEMO_NO_BLAS_REEXEC"

    static func ensureFastKernel() {
        guard BLAS.backend == .openBLAS else { return }
        let env = ProcessInfo.processInfo.environment
        if env[marker] == "chosen" {
            if env["OPENBLAS_CORETYPE"] == "SkylakeX" && !sgemmAgreesWithReference() { reexec(coretype: "Haswell") }
            return
        }
        guard env["OPENBLAS_CORETYPE"] == nil, env[marker] == nil else { return }
        #if arch(x86_64) && os(Linux)
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].allSatisfy(flags.contains) {
            reexec(coretype: "SkylakeX")
        } else if flags.contains("avx2") && flags.contains("fma") {
            reexec(coretype: "Haswell")
        }
        #endif
    }

    private static func reexec(coretype: String) {
        setenv("OPENBLAS_CORETYPE", coretype, 1)
        setenv(marker, "chosen", 1)
        var args = CommandLine.arguments.map { strdup($0) }
        args.append(nil)
        execv("/proc/self/exe", &args)
        // execv returns only on failure: carry on with the kernels already loaded.
    }

    /// Compares sgemm (all four transpose cases, odd sizes) with a Double-precision loop.
    static func sgemmAgreesWithReference() -> Bool {
        var rng = SeededRandom(seed: 11)
        let m = 37, n = 29, k = 45
        let a = (0..<m * k).map { _ in Float(rng.normal()) }, b = (0..<k * n).map { _ in Float(rng.normal()) }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            var c = [Float](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
                BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, a: pa.baseAddress!, lda: ta ? m : k,
                          b: pb.baseAddress!, ldb: tb ? k : n, beta: 0, c: pc.baseAddress!, ldc: n, using: .openBLAS)
            } } }
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k {
                        let x = ta ? a[p * m + i] : a[i * k + p], y = tb ? b[j * k + p] : b[p * n + j]
                        s += Double(x) * Double(y)
                    }
                    if abs(Double(c[i * n + j]) - s) > 1e-3 * max(1, abs(s)) { return false }
                }
            }
        }
        return true
    }
}
