/// Standard continual-learning metrics of an accuracy matrix (notes §4d).
///
/// `accuracy[k][i]` = accuracy on task i after training task k (0-based here; the formulas use
/// 1-based a_{k,i}), T = number of rows (tasks trained; an interrupted run uses what it has).
/// - AP = (1/T) Σ_{i≤T} a_{T,i}
/// - F = (1/(T−1)) Σ_{i<T} (max_{k<T} a_{k,i} − a_{T,i})
/// - BWT = (1/(T−1)) Σ_{i<T} (a_{T,i} − a_{i,i})
/// - FWT = (1/(T−1)) Σ_{1<i≤T} (a_{i−1,i} − z_i), z the zero-shot row (base model); nil without it.
/// F and BWT are 0 for a single task.
public struct ContinualMetrics: Equatable, Sendable {
    /// Average accuracy over the trained tasks after the last one.
    public let ap: Double
    /// Average forgetting.
    public let forgetting: Double
    /// Backward transfer.
    public let bwt: Double
    /// Forward transfer (needs the zero-shot row).
    public let fwt: Double?

    /// Metrics of `accuracy` (rows after each task) and an optional zero-shot row.
    public init(accuracy: [[Double]], zeroShot: [Double]? = nil) {
        let t = accuracy.count
        guard t > 0, accuracy.allSatisfy({ $0.count >= t }) else {
            ap = .nan; forgetting = .nan; bwt = .nan; fwt = nil
            return
        }
        let last = accuracy[t - 1]
        ap = (0..<t).map { last[$0] }.reduce(0, +) / Double(t)
        guard t > 1 else {
            forgetting = 0; bwt = 0
            fwt = nil
            return
        }
        let earlier = 0..<(t - 1)
        forgetting = earlier.map { i in (0..<(t - 1)).map { accuracy[$0][i] }.max()! - last[i] }.reduce(0, +) / Double(t - 1)
        bwt = earlier.map { last[$0] - accuracy[$0][$0] }.reduce(0, +) / Double(t - 1)
        if let z = zeroShot, z.count >= t {
            fwt = (1..<t).map { accuracy[$0 - 1][$0] - z[$0] }.reduce(0, +) / Double(t - 1)
        } else {
            fwt = nil
        }
    }
}
