import Foundation
import JMESPath
import LabRunner
import LabSpec
import Testing
import TestSupport

/// The three real evidence packs, judged offline and compared with the verdicts their
/// labs computed by hand (the `*-gate.json` files recorded beside the evidence).
@Suite struct CorpusPackTests {
    static let labs = ["managed-identity-key-vault-failure", "scale-rule-mismatch", "cd-reconnect-rbac-conflict"]

    /// Files of a pack that are not the output of one step: the labs' own gate verdicts,
    /// script logs, and a file the lab derived from another.
    static let notStepOutputs: Set<String> = [
        "14-cohort-integrity-gate.json", "15-h1-trigger-produces-failure-gate.json", "16-h2-fix-restores-recovery-gate.json",
        "17-bounded-falsification-gate.json", "10-h1-gate.json", "19-h2-gate.json", "07-h1-gate.json", "14-h2-gate.json",
        "00-trigger-run.txt", "00-verify-run.txt", "00-cleanup-run.txt", "06-conflict-guid-extraction.json",
        "22-cleanup-output.txt",
    ]

    private func lab(_ id: String) throws -> Lab {
        let spec = Fixtures.repositoryRoot.appendingPathComponent("specs/\(id).yaml")
        return try #require(LabLoader.load(path: spec.path).lab)
    }

    private func pack(_ id: String) -> URL { Fixtures.url("packs/\(id)") }

    private func gate(_ id: String, _ file: String) throws -> JSONObject {
        let text = try String(contentsOf: pack(id).appendingPathComponent(file), encoding: .utf8)
        guard case .object(let object) = try JSONValue(parsing: text) else { throw CocoaError(.fileReadCorruptFile) }
        return object
    }

    private func subGates(_ gate: JSONObject, _ key: String) -> [String: Bool] {
        guard case .object(let gates)? = gate[key] else { return [:] }
        var result: [String: Bool] = [:]
        for entry in gates { if case .bool(let value) = entry.value { result[entry.key] = value } }
        return result
    }

    @Test(arguments: labs)
    func everyStepOutputOfThePackIsNamedByTheSpec(_ id: String) throws {
        let named = Set(try lab(id).allSteps.flatMap(\.artifacts).map(\.value))
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: pack(id).path)).subtracting(Self.notStepOutputs)
        #expect(named == files, "named but absent: \(named.subtracting(files).sorted()); present but unnamed: \(files.subtracting(named).sorted())")
    }

    @Test func scaleRuleMismatchFailsH2OnExactlyTheScaleEventsClaim() async throws {
        let verdict = try await PackVerification.verdict(try lab("scale-rule-mismatch"), pack: pack("scale-rule-mismatch"))
        #expect(verdict.outcome == .notRecovered)
        #expect(verdict.duringFailure.count == 4 && verdict.duringFailure.allSatisfy { $0.status == .held })
        #expect(verdict.afterFix.filter { $0.status != .held }.map(\.id) == ["scale-events-after-fix"])
        #expect(verdict.afterFix.first { $0.id == "scale-events-after-fix" }?.status == .failed)

        // The lab's own gates say the same, sub-gate by sub-gate.
        let h1 = subGates(try gate("scale-rule-mismatch", "10-h1-gate.json"), "h1_sub_gates")
        let h2 = subGates(try gate("scale-rule-mismatch", "19-h2-gate.json"), "h2_sub_gates")
        // Every sub-gate is compared with a claim that exists: a missing claim fails here.
        func claim(_ claimID: String) -> Bool {
            guard let found = verdict.claims.first(where: { $0.id == claimID }) else {
                Issue.record("no claim `\(claimID)`")
                return false
            }
            return found.status == .held
        }
        #expect(h1.count == 3 && h2.count == 3)
        #expect(h1["a_baseline_one_replica"] == claim("baseline-one-replica"))
        #expect(h1["b_replicas_did_not_scale_under_load"] == claim("replicas-capped-under-load"))
        #expect(h1["c_no_scaleup_events_observed"] == claim("no-scale-events-under-load"))
        #expect(h2["a_post_fix_revision_healthy"] == claim("fixed-revision-running"))
        #expect(h2["b_replicas_increased_after_fix"] == claim("replicas-scaled-under-load"))
        #expect(h2["c_scaleup_events_observed_after_fix"] == claim("scale-events-after-fix"))
        #expect(h2["c_scaleup_events_observed_after_fix"] == false)
        let maximum = verdict.claims.first { $0.id == "replicas-scaled-under-load" }?.expectations.first?.observed
        #expect(maximum == "6")
    }

    @Test func cdReconnectIsConfirmedWithTheConflictIDTakenFromStderr() async throws {
        let verdict = try await PackVerification.verdict(try lab("cd-reconnect-rbac-conflict"), pack: pack("cd-reconnect-rbac-conflict"))
        #expect(verdict.outcome == .confirmed)
        #expect(verdict.claims.count == 10 && verdict.claims.allSatisfy { $0.status == .held })
        let h1 = try gate("cd-reconnect-rbac-conflict", "07-h1-gate.json")
        guard case .object(let observations)? = h1["rbac_observations"],
              case .string(let hyphenated)? = observations["conflict_guid_hyphenated"] else {
            Issue.record("the gate has no conflict GUID")
            return
        }
        // The GUID rebuilt from the 32 hex digits in stderr, as the lab reformatted it.
        let conflict = verdict.claims.first { $0.id == "reconnect-conflict" }
        #expect(conflict?.expectations.last?.observed == "\"\(hyphenated)\"")
        #expect(subGates(h1, "h1_sub_gates").values.allSatisfy { $0 })
        #expect(subGates(try gate("cd-reconnect-rbac-conflict", "14-h2-gate.json"), "h2_sub_gates").values.allSatisfy { $0 })
    }

    @Test func withoutTheConflictInStderrTheFailureIsNotReproduced() async throws {
        let copy = try Fixtures.packCopy(of: "cd-reconnect-rbac-conflict", editing: "04-deployment-reconnect-stderr.txt") { _ in
            "ERROR: deployment timed out\n"
        }
        let verdict = try await PackVerification.verdict(try lab("cd-reconnect-rbac-conflict"), pack: copy)
        // The claim's capture finds no ID in readable evidence: the evidence does not show
        // the conflict, so the claim fails and the failure is not reproduced.
        #expect(verdict.outcome == .notReproduced)
        let conflict = try #require(verdict.claims.first { $0.id == "reconnect-conflict" })
        #expect(conflict.status == .failed)
        #expect(conflict.expectations.first?.message?.contains("the evidence does not show it: /existing role assignment") == true)
    }
}
