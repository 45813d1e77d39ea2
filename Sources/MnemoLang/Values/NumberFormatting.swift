import Foundation

/// How mnemo prints numbers: integers without `.0`, others with up to 6 significant digits.
public enum NumberFormatting {
    /// `300`, `-2`, `0.0003`, `1e-5`, `3.14159`, `1.5e12`, `inf`, `nan`.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return "0" }  // also turns -0 into 0
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return tidyExponent(String(format: "%.6g", x))
    }

    /// `1e-05` -> `1e-5`, `2.5e+20` -> `2.5e20`: C's padded exponent is noise to a reader.
    private static func tidyExponent(_ text: String) -> String {
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = text[..<e]
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-"; exponent = exponent.dropFirst() }
        else if exponent.first == "+" { exponent = exponent.dropFirst() }
        let digits = exponent.drop(while: { $0 == "0" })
        return "\(mantissa)e\(sign)\(digits.isEmpty ? "0" : String(digits))"
    }
}
