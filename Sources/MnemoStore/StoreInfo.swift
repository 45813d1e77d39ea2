/// Persistence for mnemo (sessions, cells, runs, metrics, artifacts) in one SQLite file.
public enum MnemoStoreInfo { public static let schemaName = "mnemo" }
