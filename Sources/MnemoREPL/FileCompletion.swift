import Foundation

/// File names for `.load` and `.save`: the entries of the typed path's directory that start with
/// its last component; directories end in `/` so completion can go on inside them.
enum FileCompletion {
    /// Completions of `path` (relative to the working directory, `~` allowed); hidden files only
    /// when the typed name starts with a dot.
    static func complete(_ path: String) -> REPLCompletion {
        let slash = path.lastIndex(of: "/")
        let directoryPart = slash.map { String(path[...$0]) } ?? ""
        let namePrefix = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let directory = directoryPart.isEmpty ? "." : NSString(string: directoryPart).expandingTildeInPath
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let candidates = entries
            .filter { $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .map { name -> String in
                var isDirectory: ObjCBool = false
                let full = (directory as NSString).appendingPathComponent(name)
                let suffix = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && isDirectory.boolValue ? "/" : ""
                return directoryPart + name + suffix
            }
        return REPLCompletion(word: path, candidates: candidates)
    }
}
