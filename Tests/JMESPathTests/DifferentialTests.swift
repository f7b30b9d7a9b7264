import Foundation
import JMESPath
import Testing
import TestSupport

/// Replays generated cases answered by the reference implementation (python's
/// `jmespath`), written by `scripts/jmespath-differential.py`. Runs when
/// LABSPEC_JMESPATH_DIFFERENTIAL names the file; `.ci/run` sets it when python3 and the
/// module are present and says so when they are not.
@Suite struct DifferentialTests {
    static let path = ProcessInfo.processInfo.environment["LABSPEC_JMESPATH_DIFFERENTIAL"]
    /// The same with Community Edition arithmetic, answered by `jmespath-community`.
    static let communityPath = ProcessInfo.processInfo.environment["LABSPEC_JMESPATH_COMMUNITY_DIFFERENTIAL"]

    @Test(.enabled(if: path != nil, "LABSPEC_JMESPATH_DIFFERENTIAL is not set"))
    func matchesTheReferenceImplementation() throws {
        let url = URL(fileURLWithPath: try #require(Self.path))
        let cases = ComplianceTests.cases(in: url)
        let failures = cases.compactMap { item in ComplianceTests.failure(of: item).map { "\(item): \($0)" } }
        print("JMESPath differential: \(cases.count - failures.count) of \(cases.count) cases match the reference")
        #expect(cases.count >= 1000)
        #expect(failures.isEmpty, "\(failures.prefix(30).joined(separator: "\n"))")
    }

    @Test(.enabled(if: communityPath != nil, "LABSPEC_JMESPATH_COMMUNITY_DIFFERENTIAL is not set"))
    func matchesTheCommunityEditionReference() throws {
        let cases = ComplianceTests.cases(in: URL(fileURLWithPath: try #require(Self.communityPath)))
        let failures = cases.compactMap { item in ComplianceTests.failure(of: item).map { "\(item): \($0)" } }
        print("JMESPath Community Edition differential: \(cases.count - failures.count) of \(cases.count) cases match")
        #expect(cases.count >= 1000)
        #expect(failures.isEmpty, "\(failures.prefix(30).joined(separator: "\n"))")
    }
}
