import Foundation
import Testing
import TestSupport
import Yams

/// Every YAML example in the README and the format reference is YAML: a snippet a reader
/// copies must at least parse (an unquoted `${…}` inside `{…}`, say, does not).
@Suite struct DocumentationSnippetTests {
    @Test(arguments: ["README.md", "specs/README.md"])
    func everyYAMLSnippetParses(_ path: String) throws {
        let text = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        let blocks = text.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(!blocks.isEmpty)
        for block in blocks {
            #expect(throws: Never.self, "\(path): \(block.prefix(120))") { _ = try Yams.compose(yaml: block) }
        }
    }

    /// What the check catches: the form the for-each example once had.
    @Test func anUnquotedVariableInAFlowMappingIsNotYAML() {
        #expect(throws: (any Error).self) { _ = try Yams.compose(yaml: "- {id: replicas-${N}, evidence: 06-${N}.json}\n") }
    }
}
