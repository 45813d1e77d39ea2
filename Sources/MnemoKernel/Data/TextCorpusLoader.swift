import Foundation

/// Loads a corpus of documents from a file. The whole file is checked before anything is
/// returned, so a bad line never leaves a half-loaded corpus.
///
/// Formats, chosen by extension:
/// - `.txt`, `.text`, `.md` or none: documents separated by blank lines (one document when there
///   are none); line breaks inside a document are kept.
/// - `.jsonl`, `.ndjson`: one JSON object per line with a string field `"text"`; blank lines are
///   skipped.
/// - `.json`: an array of strings or of objects with a string field `"text"`.
///
/// Empty documents are dropped; a file with none left is an error.
public enum TextCorpus {
    /// The documents of the file at `path`.
    public static func load(path: String) throws -> [String] {
        let text = try readText(path: path)
        let ext = (path as NSString).pathExtension.lowercased()
        let documents: [String]
        switch ext {
        case "", "txt", "text", "md": documents = plainDocuments(text)
        case "jsonl", "ndjson": documents = try jsonLinesDocuments(text, path: path)
        case "json": documents = try jsonArrayDocuments(text, path: path)
        default: throw DataError.unsupportedFormat(path: path, fileExtension: ext)
        }
        let kept = documents.filter { !$0.isEmpty }
        guard !kept.isEmpty else { throw DataError.emptyCorpus(path: path) }
        return kept
    }

    /// The file as UTF-8 text without a byte-order mark, with Windows line ends made Unix.
    static func readText(path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.missingFile(path: path)
        }
        guard !isDirectory.boolValue else { throw DataError.unreadable(path: path, reason: "it is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DataError.unreadable(path: path, reason: oneLine(error.localizedDescription))
        }
        guard var text = String(data: data, encoding: .utf8) else { throw DataError.notUTF8(path: path) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // "\r\n" is one Character in Swift, so replace it as a string, then lone carriage returns.
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Splits plain text on lines that are empty or hold only spaces and tabs.
    static func plainDocuments(_ text: String) -> [String] {
        var documents: [String] = []
        var current: [Substring] = []
        func close() {
            if !current.isEmpty { documents.append(current.joined(separator: "\n")) }
            current.removeAll()
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { close() } else { current.append(line) }
        }
        close()
        return documents
    }

    static func jsonLinesDocuments(_ text: String, path: String) throws -> [String] {
        var documents: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0.isWhitespace }) { continue }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
            } catch {
                throw DataError.badJSONLine(path: path, line: index + 1, reason: jsonReason(error))
            }
            guard let fields = object as? [String: Any], let document = fields["text"] as? String else {
                throw DataError.missingText(path: path, line: index + 1)
            }
            documents.append(document)
        }
        return documents
    }

    static func jsonArrayDocuments(_ text: String, path: String) throws -> [String] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw DataError.badJSON(path: path, reason: "not JSON (\(jsonReason(error)))")
        }
        guard let array = object as? [Any] else {
            throw DataError.badJSON(path: path, reason: "expected an array of strings or {\"text\": ...} objects")
        }
        return try array.enumerated().map { index, element in
            if let document = element as? String { return document }
            if let fields = element as? [String: Any], let document = fields["text"] as? String { return document }
            throw DataError.badRecord(path: path, record: index + 1,
                                      reason: "neither a string nor an object with a string field \"text\"")
        }
    }

    /// Foundation's JSON errors are long and multi-line; keep the part that says where.
    private static func jsonReason(_ error: Error) -> String {
        let nsError = error as NSError
        let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription
        return oneLine(detail)
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
    }
}
