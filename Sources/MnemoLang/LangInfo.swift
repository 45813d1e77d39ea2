import MnemoKernel
/// The mnemo language.
public enum MnemoLangInfo { public static let version = "0.1.0" }
