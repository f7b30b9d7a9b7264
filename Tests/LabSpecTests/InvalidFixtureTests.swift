import Foundation
import LabSpec
import Testing
import TestSupport

/// Every broken spec under `Fixtures/invalid/` names, in its `# expect:` header, the codes
/// it must produce and marks with `1️⃣`… where each must point. The errors found must be
/// exactly those: no missing one, no extra one.
@Suite struct InvalidFixtureTests {
    static let fixtures = Fixtures.files(under: "invalid", extensions: ["yaml", "yml"])

    @Test func thereAreAtLeastThirtyBrokenSpecs() {
        #expect(Self.fixtures.count >= 30)
    }

    @Test(arguments: fixtures)
    func reportsExactlyTheMarkedDiagnostics(_ fixture: URL) throws {
        let marked = try String(contentsOf: fixture, encoding: .utf8)
        let expected = FixtureExpectation.parse(marked)
        try #require(!expected.isEmpty, "fixture \(fixture.lastPathComponent) has no `# expect:` header")
        let result = LabLoader.load(text: MarkedText(marked).text, path: fixture.lastPathComponent)
        let expectedCodes = Set(expected.map(\.code))
        let found = result.diagnostics
            .filter { $0.severity == .error || expectedCodes.contains($0.code.rawValue) }
            .map { FixtureExpectation(code: $0.code.rawValue, line: $0.location.line, column: $0.location.column) }
        #expect(found.sorted(by: order) == expected.sorted(by: order),
                "\(fixture.lastPathComponent): \(result.diagnostics.map(\.description))")
        #expect(result.lab == nil)
        #expect(result.hasErrors)
    }

    private func order(_ lhs: FixtureExpectation, _ rhs: FixtureExpectation) -> Bool {
        (lhs.line, lhs.column, lhs.code) < (rhs.line, rhs.column, rhs.code)
    }
}
