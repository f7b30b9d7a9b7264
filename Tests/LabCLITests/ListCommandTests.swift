import Foundation
import Testing
import TestSupport

/// `labspec list`: what a CI matrix needs to know of each spec.
@Suite struct ListCommandTests {
    @Test func theShippedLabsAreListedAsJSON() throws {
        let outcome = try LabspecBinary.run(["list", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        let summary = entries.map { "\($0["id"] ?? "?") \($0["steps"] ?? "?") \($0["claims"] ?? "?")" }
        #expect(summary == ["cd-reconnect-rbac-conflict 26 10", "managed-identity-key-vault-failure 27 8",
                            "scale-rule-mismatch 41 9"])
        let seed = try #require(entries.first { $0["id"] as? String == "managed-identity-key-vault-failure" })
        #expect(seed["phases"] as? [String] == ["deploy", "capture-outputs", "trigger", "observe", "fix", "verify"])
        #expect((seed["inputs"] as? [[String: Any]])?.map { $0["name"] as? String } == [
            "RG", "LOCATION", "BASE_NAME", "DEPLOYMENT_NAME", "TEMPLATE_FILE", "WORKLOAD_DIR", "SCHEME"])
    }

    @Test func aSpecThatDoesNotLoadIsListedAndFailsTheCommand() throws {
        let broken = Fixtures.url("invalid/unknown-key-in-step.yaml").path
        let outcome = try LabspecBinary.run(["list", broken, "specs/scale-rule-mismatch.yaml"])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("\(broken): invalid (run `labspec validate \(broken)`)"))
        #expect(outcome.stdout.contains("scale-rule-mismatch  HTTP Scale Rule Mismatch Lab — 5 phases, 41 steps, 9 claims"))
        let missing = try LabspecBinary.run(["list", "no/such/folder"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("labspec: error: no/such/folder: no such file or folder"))
    }
}
