/// The interactive mnemo shell (line editing, completion, history, dot-commands).
public enum REPLInfo { public static let prompt = "mnemo> " }
