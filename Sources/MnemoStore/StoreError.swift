import Foundation
import GRDB

/// Everything that can go wrong in the store, each with a one-line description naming where and why.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// Another connection held the write lock for longer than the busy timeout.
    case locked(path: String, seconds: Double)
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The file could not be opened or created (missing directory, permissions).
    case cannotOpen(path: String, reason: String)
    /// The file was migrated by a newer mnemo than this one.
    case newerSchema(path: String, found: Int, supported: Int)
    /// No run has this id.
    case unknownRun(Int64)
    /// No session has this id.
    case unknownSession(Int64)
    /// A run was begun with the same parameter name twice.
    case duplicateParam(String)
    /// The config given to a run is not valid JSON.
    case invalidConfig(String)
    /// A run filter expression could not be parsed; `column` is 1-based.
    case invalidFilter(column: Int, message: String)
    /// A sort key is not one of the known fields.
    case invalidSort(String)
    /// Any other SQLite failure, with the operation that was attempted.
    case sqlite(operation: String, message: String)

    /// One line naming where (the store file, the filter column) and why.
    public var description: String {
        switch self {
        case let .locked(path, seconds):
            return "store \(path): database is locked by another writer (waited \(String(format: "%g", seconds)) s)"
        case let .notADatabase(path):
            return "store \(path): file is not an SQLite database"
        case let .cannotOpen(path, reason):
            return "store \(path): cannot open: \(reason)"
        case let .newerSchema(path, found, supported):
            return "store \(path): this database was written by a newer mnemo (schema \(found), this mnemo knows up to \(supported))"
        case let .unknownRun(id):
            return "store: unknown run \(id)"
        case let .unknownSession(id):
            return "store: unknown session \(id)"
        case let .duplicateParam(name):
            return "store: parameter '\(name)' given twice for one run (params are immutable)"
        case let .invalidConfig(reason):
            return "store: run config is not valid JSON: \(reason)"
        case let .invalidFilter(column, message):
            return "filter, column \(column): \(message)"
        case let .invalidSort(key):
            return "sort: unknown key '\(key)' (use started, ended, id, name, kind, status, seed, params.NAME or metrics.NAME, with - for descending)"
        case let .sqlite(operation, message):
            return "store: \(operation) failed: \(message)"
        }
    }
}

extension StoreError {
    /// Maps a GRDB/SQLite error to a store error, keeping the operation for context.
    static func from(_ error: Error, path: String, operation: String, busySeconds: Double) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        guard let dbError = error as? DatabaseError else {
            return .sqlite(operation: operation, message: String(describing: error))
        }
        switch dbError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .locked(path: path, seconds: busySeconds)
        case .SQLITE_NOTADB:
            return .notADatabase(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return .cannotOpen(path: path, reason: dbError.message ?? "\(dbError.resultCode)")
        default:
            return .sqlite(operation: operation, message: dbError.message ?? "\(dbError.resultCode)")
        }
    }
}
