import Foundation
import MnemoKernel
import MnemoPlot

/// A computed loss surface (1-D or 2-D) that redraws itself without recomputing.
public final class LandscapeHandle: MnemoHandle {
    public static let typeName = "landscape"
    public let surface: LandscapeSurface
    public let title: String
    public let id: Int64?
    var style = PlotStyle()
    /// Points of a training trajectory in the surface's coordinates (base first), drawn on 2-D maps.
    var trajectory: [[Double]] = []

    init(_ surface: LandscapeSurface, title: String, id: Int64?) { self.surface = surface; self.title = title; self.id = id }

    /// The rendering: a heatmap with contour levels (2-D) or a line chart (1-D).
    public func render(_ style: PlotStyle) -> String {
        let grid = surface.grid
        let xs = grid.coordinates(axis: 0)
        var notes = surface.directions.enumerated().map { "direction \($0.offset + 1): \($0.element.label)" }
        if let c = surface.centreValue { notes.append(String(format: "centre (the model) %@ %.4f", surface.metric, c)) }
        if let m = surface.minimum {
            notes.append("grid minimum \(String(format: "%.4f", m.value)) at (\(m.coefficients.map { String(format: "%.2f", $0) }.joined(separator: ", ")))")
        }
        notes.append(String(format: "%d points in %.1f s", surface.finishedCount, surface.seconds))
        if grid.dimensions == 1 {
            let pairs = xs.indices.compactMap { i in surface.values[i].map { (xs[i], $0) } }
            let chart = LineChart([Series(surface.metric, x: pairs.map(\.0), y: pairs.map(\.1))], title: title,
                                  xLabel: "α", markers: [VerticalMarker(x: 0, label: "model")], notes: notes)
            return chart.render(style)
        }
        let ys = grid.coordinates(axis: 1)
        let rows: [[Double]] = ys.indices.map { j in xs.indices.map { i in surface.value(column: i, row: j) ?? .nan } }
        var markers = [HeatmapMarker(x: 0, y: 0, glyph: "X", label: "the model")]
        for (k, p) in trajectory.enumerated() where p.count >= 2 && k < 10 {
            markers.append(HeatmapMarker(x: p[0], y: p[1], glyph: Character(String(k)), label: k == 0 ? "base" : "after task \(k)"))
        }
        let heatmap = Heatmap(rows, xs: xs, ys: ys, title: title, xName: "δ₁", yName: "δ₂", scale: .quantile, markers: markers,
                              trajectory: trajectory.filter { $0.count >= 2 }.map { (x: $0[0], y: $0[1]) }, notes: notes)
        return heatmap.render(style)
    }

    public var summary: String { render(style) }

    public var attributeNames: [String] { ["values", "centre", "minimum", "seconds", "id"] }
    public func attribute(_ name: String) -> Value? {
        switch name {
        case "values": return .list(surface.values.map { $0.map { .number($0) } ?? .nothing })
        case "centre": return surface.centreValue.map { .number($0) } ?? .nothing
        case "minimum": return surface.minimum.map { .number($0.value) } ?? .nothing
        case "seconds": return .number(surface.seconds)
        case "id": return id.map { .number(Double($0)) } ?? .nothing
        default: return nil
        }
    }
}

/// Curvature of the loss at a model: top Hessian eigenvalue and Hutchinson trace.
public final class SharpnessHandle: MnemoHandle {
    public static let typeName = "sharpness"
    public let report: SharpnessReport
    public let label: String
    init(_ report: SharpnessReport, label: String) { self.report = report; self.label = label }
    public var summary: String {
        String(format: "sharpness of %@: loss %.4f · λmax %.4g (%d iterations) · trace %.4g (%d samples) · %.1f s",
               label, report.loss, report.topEigenvalue.value, report.topEigenvalue.iterations,
               report.trace.value, report.trace.iterations, report.seconds)
    }
    public var attributeNames: [String] { ["top_eigenvalue", "trace", "loss"] }
    public func attribute(_ name: String) -> Value? {
        switch name {
        case "top_eigenvalue": .number(report.topEigenvalue.value)
        case "trace": .number(report.trace.value)
        case "loss": .number(report.loss)
        default: nil
        }
    }
}
