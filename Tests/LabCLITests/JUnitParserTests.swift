import Foundation
import Testing
import TestSupport

/// The JUnit report of each shipped pack as CI tools read it: `junitparser`, the python
/// library behind many CI plugins, parses it, and its counts, skips and names are these.
@Suite struct JUnitParserTests {
    /// Per pack: suite → (tests, failures, skipped names).
    static let expected: [String: [String: (tests: Int, failures: Int, skipped: [String])]] = [
        "managed-identity-key-vault-failure": [
            "observe": (8, 0, []), "verify": (4, 0, []),
            "evidence.during-failure": (4, 0, []), "evidence.after-fix": (4, 0, []),
        ],
        "scale-rule-mismatch": [
            "deploy": (2, 0, []), "trigger": (3, 0, ["build-image: Build the workload image in the registry"]), "observe": (6, 0, []),
            "fix": (1, 0, []), "verify": (9, 0, []),
            "evidence.during-failure": (4, 0, []), "evidence.after-fix": (5, 1, []),
        ],
        "cd-reconnect-rbac-conflict": [
            "deploy": (3, 0, ["sp-resolve: Wait until the service principal resolves"]),
            "trigger": (3, 0, ["reconnect-deployment: Deploy the same grant under a new name"]),
            "observe": (1, 0, []),
            "fix": (4, 0, ["reverify-conflict: Confirm the conflict still reproduces, and which assignment it names",
                           "delete-existing: Delete the existing assignment"]),
            "verify": (4, 0, []), "evidence.during-failure": (5, 0, []), "evidence.after-fix": (5, 0, []),
        ],
    ]

    @Test(arguments: ["managed-identity-key-vault-failure", "scale-rule-mismatch", "cd-reconnect-rbac-conflict"])
    func junitparserReadsWhatTheVerdictSays(_ id: String) async throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-junit-\(UUID().uuidString).xml")
        _ = await InProcess.run(["verify", InProcess.path("specs/\(id).yaml"), "--evidence", InProcess.path("examples/packs/\(id)"),
                                 "--report", "junit:\(report.path)"])
        let script = """
            import json, sys
            try:
                from junitparser import JUnitXml, Skipped, Failure
            except ImportError:
                sys.exit(3)
            suites = {}
            for suite in JUnitXml.fromfile(sys.argv[1]):
                skipped = [case.name for case in suite if any(isinstance(r, Skipped) for r in case.result)]
                suites[suite.name] = [suite.tests, suite.failures, skipped]
            print(json.dumps(suites))
            """
        guard let outcome = try PythonReference.run(script, arguments: [report.path]) else {
            #expect(PythonReference.mayBeMissing, "CI must have python3 junitparser (.ci/run installs it)")
            return
        }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: [Any]])
        let expected = try #require(Self.expected[id])
        #expect(Set(parsed.keys) == Set(expected.keys.map { "\(id).\($0)" }))
        for (suite, want) in expected {
            let got = try #require(parsed["\(id).\(suite)"], "\(suite)")
            #expect(got[0] as? Int == want.tests, "\(id).\(suite) tests")
            #expect(got[1] as? Int == want.failures, "\(id).\(suite) failures")
            #expect(got[2] as? [String] == want.skipped, "\(id).\(suite) skipped")
        }
    }
}
