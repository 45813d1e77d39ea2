/// Terminal graphics for mnemo: pure functions from data to text.
public enum MnemoPlotInfo { public static let defaultWidth = 80 }
