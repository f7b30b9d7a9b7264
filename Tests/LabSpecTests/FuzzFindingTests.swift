import Foundation
import LabSpec
import Testing
import TestSupport

/// Every input the fuzzer found a problem with, kept as a fixture: each loads without a
/// crash, and what was found stays fixed.
@Suite struct FuzzFindingTests {
    static let findings = Fixtures.files(under: "fuzz", extensions: ["yaml"])

    @Test(arguments: findings)
    func aFindingLoadsWithDiagnosticsNotACrash(_ finding: URL) throws {
        let result = LabLoader.load(path: finding.path)
        #expect(!result.diagnostics.isEmpty || result.lab != nil)
    }

    /// The spec-loader finding: Foundation leaks a copy of each long pattern it compiles,
    /// so a pattern is compiled once and the same compiled expression used after that.
    @Test func aLongPatternIsCompiledOnce() {
        let pattern = String(repeating: "a", count: 300) + "([0-9a-f]{32})"
        let first = RegexCache.shared.regex(pattern)
        #expect(first != nil)
        #expect(first === RegexCache.shared.regex(pattern))
    }
}
