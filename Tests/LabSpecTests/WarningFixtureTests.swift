import Foundation
import LabSpec
import Testing
import TestSupport

/// Every spec under `Fixtures/warnings/` loads, and reports exactly the warnings its
/// `# expect:` header names, where its `1️⃣`… markers point.
@Suite struct WarningFixtureTests {
    static let fixtures = Fixtures.files(under: "warnings", extensions: ["yaml", "yml"])

    @Test(arguments: fixtures)
    func reportsExactlyTheMarkedWarnings(_ fixture: URL) throws {
        let marked = try String(contentsOf: fixture, encoding: .utf8)
        let expected = FixtureExpectation.parse(marked)
        try #require(!expected.isEmpty, "fixture \(fixture.lastPathComponent) has no `# expect:` header")
        let result = LabLoader.load(text: MarkedText(marked).text, path: fixture.lastPathComponent)
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description))")
        #expect(result.lab != nil)
        let found = result.warnings.map { FixtureExpectation(code: $0.code.rawValue, line: $0.location.line, column: $0.location.column) }
        let order = { (lhs: FixtureExpectation, rhs: FixtureExpectation) in
            (lhs.line, lhs.column, lhs.code) < (rhs.line, rhs.column, rhs.code)
        }
        #expect(found.sorted(by: order) == expected.sorted(by: order),
                "\(fixture.lastPathComponent): \(result.warnings.map(\.description))")
    }
}
