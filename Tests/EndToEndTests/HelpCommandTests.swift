import Foundation
import Testing

/// `mnemo help`, and the generated reference kept in step with the registry.
@Suite(.enabled(if: MnemoBinary.url != nil, Comment(rawValue: MnemoBinary.missingMessage)))
struct HelpCommandTests {
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/reference.md")

    @Test func helpExplainsBuiltinsAndCommands() throws {
        let box = try Sandbox()
        let index = try box.mnemo(["help"], useDatabase: false)
        #expect(index.status == 0)
        #expect(index.stdout.contains("len "), "\(index.transcript)")
        let builtin = try box.mnemo(["help", "len"], useDatabase: false)
        #expect(builtin.stdout.hasPrefix("len(x: string | list) -> number"), "\(builtin.transcript)")
        let command = try box.mnemo(["help", "replay"], useDatabase: false)
        #expect(command.stdout.contains("--verify"), "\(command.transcript)")
        let unknown = try box.mnemo(["help", "lne"], useDatabase: false)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("did you mean 'len'?"), "\(unknown.transcript)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: reference.path), "docs/reference.md not found"))
    func referenceIsUpToDate() throws {
        let generated = try Sandbox().mnemo(["help", "--markdown"], useDatabase: false)
        #expect(generated.status == 0)
        let committed = try String(contentsOf: Self.reference, encoding: .utf8)
        #expect(generated.stdout == committed,
                "docs/reference.md is stale: regenerate it with `mnemo help --markdown > docs/reference.md`")
    }
}
