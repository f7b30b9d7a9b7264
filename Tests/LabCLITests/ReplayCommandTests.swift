import Foundation
import Testing
import TestSupport

/// `run --backend replay` plays a recorded pack back through the executor and must judge
/// it exactly as `verify` does.
@Suite struct ReplayCommandTests {
    static let pack = InProcess.path("examples/packs/managed-identity-key-vault-failure")
    static let seed = InProcess.path(RunCommandTests.seed)

    /// The verdict block: everything from the H1 heading on.
    private func claims(_ output: String) -> String {
        guard let start = output.range(of: "H1 during failure") else { return "" }
        return String(output[start.lowerBound...])
    }

    /// A copy of the shipped seed pack with `edit` applied to one artifact (nil deletes it).
    private func mutatedPack(_ artifact: String, _ edit: ((String) -> String)?) throws -> String {
        try Fixtures.packCopy(of: "managed-identity-key-vault-failure", editing: artifact, edit).path
    }

    private func replay(_ pack: String) async -> LabspecBinary.Outcome {
        await InProcess.run(["run", Self.seed, "--backend", "replay", "--evidence", pack, "--color", "never"])
    }

    @Test func replayingTheShippedPackReachesVerifysVerdict() async throws {
        let replayed = await replay(Self.pack)
        let verified = await InProcess.run(["verify", Self.seed, "--evidence", Self.pack, "--color", "never"])
        #expect(replayed.status == 0, "\(replayed.stdout)\n\(replayed.stderr)")
        #expect(verified.status == 0)
        #expect(replayed.stdout.contains("succeeded: 12 passed, 15 not recorded"))
        #expect(replayed.stdout.contains("· evidence from \(Self.pack) (replayed)"))
        #expect(claims(replayed.stdout) == claims(verified.stdout))
        #expect(claims(replayed.stdout).hasSuffix("verdict: confirmed (H1 4/4 held · H2 4/4 held)\n"))
        // Captures of recorded steps are real; those of unrecorded steps stay symbolic.
        #expect(replayed.stdout.contains("az role assignment create --assignee-object-id 00000000-0000-0000-0000-000000000000"))
        #expect(replayed.stdout.contains("--scope \"${KV_ID}\""))
    }

    /// Each real pack, replayed through its spec, is judged as `verify` judges it.
    @Test(arguments: [("managed-identity-key-vault-failure", 0), ("scale-rule-mismatch", 6), ("cd-reconnect-rbac-conflict", 0)])
    func everyShippedPackReplaysToItsVerifyVerdict(_ lab: String, _ status: Int32) async throws {
        let spec = InProcess.path("specs/\(lab).yaml"), pack = InProcess.path("examples/packs/\(lab)")
        let replayed = await InProcess.run(["run", spec, "--backend", "replay", "--evidence", pack, "--color", "never"])
        let verified = await InProcess.run(["verify", spec, "--evidence", pack, "--color", "never"])
        #expect(replayed.status == status, "\(replayed.stdout)\n\(replayed.stderr)")
        #expect(verified.status == status)
        #expect(!claims(replayed.stdout).isEmpty)
        #expect(claims(replayed.stdout) == claims(verified.stdout))
    }

    @Test func mutationsFlipTheReplayedVerdictAsTheyFlipVerify() async throws {
        let mutations: [(String, (String) -> String, String)] = [
            ("05-http-response-pre-fix.json", { $0.replacingOccurrences(of: "\"status_code\": 500", with: "\"status_code\": 200") },
             "verdict: not-reproduced"),
            ("09-role-assignment-post-fix.json", { _ in "[]" }, "verdict: not-recovered"),
        ]
        for (artifact, edit, verdict) in mutations {
            let pack = try mutatedPack(artifact, edit)
            let replayed = await replay(pack)
            let verified = await InProcess.run(["verify", Self.seed, "--evidence", pack, "--color", "never"])
            // The step that checks the artifact fails; the replay goes on and judges the whole pack.
            #expect(replayed.status == 1, "\(artifact): \(replayed.stdout)")
            #expect(replayed.stdout.contains(verdict), "\(artifact)")
            #expect(verified.stdout.contains(verdict), "\(artifact)")
            #expect(claims(replayed.stdout) == claims(verified.stdout), "\(artifact)")
        }
    }

    /// `verify` judges the steps' own expectations on their recorded outputs too.
    @Test func verifyChecksStepExpectationsWhoseArtifactIsPresent() async throws {
        let shipped = await InProcess.run(["verify", Self.seed, "--evidence", Self.pack, "--color", "never"])
        #expect(shipped.stdout.hasPrefix("steps: 12 replayed, every expectation holds\n"))
        // No claim reads 01; its step's expectation still catches the change, and a
        // confirmed verdict does not hide it.
        let pack = try mutatedPack("01-app-identity-pre-fix.json") {
            $0.replacingOccurrences(of: "\"SystemAssigned\"", with: "\"None\"")
        }
        let verified = await InProcess.run(["verify", Self.seed, "--evidence", pack, "--color", "never"])
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("steps: 12 replayed, 1 failing\n  ✘ app-identity [01-app-identity-pre-fix.json]"))
        #expect(verified.stdout.contains("FAIL query type contains \"SystemAssigned\" (got \"None\")"))
        #expect(verified.stdout.contains("verdict: confirmed"))
        // An artifact no step needs to be present is left out, not failed.
        let partial = try mutatedPack("07-containerapp-spec-pre-fix.yaml", nil)
        let judged = await InProcess.run(["verify", Self.seed, "--evidence", partial, "--color", "never"])
        #expect(judged.status == 0)
        #expect(judged.stdout.hasPrefix("steps: 11 replayed, every expectation holds\n"))
    }

    /// Without a manifest the exit code of a step that must fail is unknown, and said so;
    /// its stderr pattern is still checked.
    @Test func anExpectedFailureIsJudgedOnItsRecordedStderr() async throws {
        let spec = InProcess.path("specs/cd-reconnect-rbac-conflict.yaml"), shipped = InProcess.path("examples/packs/cd-reconnect-rbac-conflict")
        let replayed = await InProcess.run(["run", spec, "--backend", "replay", "--evidence", shipped, "--color", "never"])
        #expect(replayed.status == 0)
        let copy = try Fixtures.packCopy(of: "cd-reconnect-rbac-conflict", editing: "04-deployment-reconnect-stderr.txt") { _ in
            "ERROR: the deployment timed out\n"
        }
        let mutated = await InProcess.run(["run", spec, "--backend", "replay", "--evidence", copy.path, "--color", "never"])
        #expect(mutated.status == 1)
        #expect(mutated.stdout.contains("failed as expected, but stderr does not match /RoleAssignmentExists/"))
        #expect(mutated.stdout.contains(
            "NOT JUDGED exit-code != 0 (expect-failure): the pack holds no exit code for this output (it has no manifest entry)"))
        // The claim reads the same stderr: the evidence does not show the conflict.
        #expect(mutated.stdout.contains("verdict: not-reproduced"))
    }

    /// A `check` over a step the pack does not record is not recorded either; one over a
    /// recorded artifact is judged, in `run --backend replay` and in `verify`.
    @Test func checksFollowWhatThePackRecords() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-checks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("pack"), withIntermediateDirectories: true)
        try #"[{"name": "rg"}]"#.write(to: folder.appendingPathComponent("pack/01.json"), atomically: true, encoding: .utf8)
        let spec = folder.appendingPathComponent("checks.yaml")
        try """
            labspec: 1
            id: checks
            title: Checks over recorded and unrecorded steps
            phases:
              - id: p
                steps:
                  - {id: deploy, az: group show --name rg, capture: {LOC: location}}
                  - {id: listed, az: group list, evidence: 01.json, expect: [{query: "length(@)", equals: 1}]}
                  - {id: check-deploy, check: deploy, expect: [{query: location, equals: x}]}
                  - {id: check-listed, check: 01.json, expect: [{query: "[0].name", equals: rg}]}
            evidence:
              during-failure:
                - {claim: One group, source: 01.json, expect: [{query: "length(@)", equals: 1}]}
              after-fix:
                - {claim: Named rg, source: 01.json, expect: [{query: "[0].name", equals: rg}]}
            """.write(to: spec, atomically: true, encoding: .utf8)
        let pack = folder.appendingPathComponent("pack").path
        let replayed = await InProcess.run(["run", spec.path, "--backend", "replay", "--evidence", pack, "--color", "never"])
        #expect(replayed.status == 0, "\(replayed.stdout)")
        #expect(replayed.stdout.contains("○ check-deploy not recorded"))
        #expect(replayed.stdout.contains("✔ check-listed"))
        let verified = await InProcess.run(["verify", spec.path, "--evidence", pack, "--color", "never"])
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("steps: 2 replayed, every expectation holds\n"))
    }

    @Test func aMissingArtifactIsAFailedStepNamingIt() async throws {
        let pack = try mutatedPack("03-kv-rbac-config.json", nil)
        let replayed = await replay(pack)
        #expect(replayed.status == 1)
        #expect(replayed.stdout.contains("✘ kv-rbac-config"))
        #expect(replayed.stdout.contains("artifact `03-kv-rbac-config.json` is missing from the evidence"))
        #expect(replayed.stdout.contains("verdict: error"))
        // verify leaves the step out, and the claim that needs the file names it.
        let verified = await InProcess.run(["verify", Self.seed, "--evidence", pack, "--color", "never"])
        #expect(verified.status == 7)
        #expect(verified.stdout.contains("not judged: artifact `03-kv-rbac-config.json` is missing from the evidence"))
        // The claims that need a value captured from the missing file are not judged
        // either, and name the claim and the file — never failed, never passed.
        #expect(verified.stdout.contains("NOT JUDGED query length([?roleDefinitionName=='Key Vault Secrets User' && "
            + "contains(scope, '${VAULT_NAME}')]) == 0: `${VAULT_NAME}` is captured by claim `vault-in-rbac-mode`, "
            + "which could not be judged: artifact `03-kv-rbac-config.json` is missing from the evidence"))
        #expect(!verified.stdout.contains("FAIL"))
        #expect(verified.stdout.hasSuffix(
            "verdict: error (H1 2 held, 0 failed, 2 not judged of 4 · H2 3 held, 0 failed, 1 not judged of 4)\n"))
    }

    @Test func replayNeedsAPackAndOnlyReplayReadsOne() async throws {
        let noPack = await InProcess.run(["run", Self.seed, "--backend", "replay"])
        #expect(noPack.status == 64)
        #expect(noPack.stderr.contains("--backend replay needs --evidence DIR"))
        let notAFolder = await replay("/no/such/pack")
        #expect(notAFolder.status == 3)
        #expect(notAFolder.stderr.contains("no evidence pack at"))
        let misplaced = await InProcess.run(["run", Self.seed, "--backend", "dry-run", "--evidence", Self.pack])
        #expect(misplaced.status == 64)
        let noClaims = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-noclaims-\(UUID().uuidString).yaml")
        try "labspec: 1\nid: no-claims\ntitle: No claims\nphases: [{id: p, steps: [{az: group list, evidence: 01.json}]}]\n"
            .write(to: noClaims, atomically: true, encoding: .utf8)
        let nothingToVerify = await InProcess.run(["verify", noClaims.path, "--evidence", Self.pack])
        #expect(nothingToVerify.status == 2)
        #expect(nothingToVerify.stderr.contains("states no evidence claims to verify"))
    }

    /// A pack labspec recorded has a manifest: the replay knows exit codes and inputs too.
    @Test func aRecordedRunReplaysToTheSameVerdict() async throws {
        let pack = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-pack-\(UUID().uuidString)")
        let (run, _) = try RunCommandTests.runSeed(["--set", "WORKLOAD_DIR=./recorded-workload", "--evidence-dir", pack.path])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let replayed = await replay(pack.path)
        #expect(replayed.status == 0, "\(replayed.stdout)\n\(replayed.stderr)")
        #expect(replayed.stdout.contains("WORKLOAD_DIR=./recorded-workload SCHEME=http"))
        #expect(replayed.stdout.contains("verdict: confirmed (H1 4/4 held · H2 4/4 held)"))
        #expect(claims(replayed.stdout) == claims(run.stdout))
        #expect(!replayed.stderr.contains("warning"))

        // The manifest knows which text of the spec recorded it.
        let edited = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-edited-\(UUID().uuidString).yaml")
        let text = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(RunCommandTests.seed), encoding: .utf8)
        try (text + "# edited after the run\n").write(to: edited, atomically: true, encoding: .utf8)
        let mismatched = await InProcess.verify(edited.path, pack: pack)
        #expect(mismatched.status == 0)
        #expect(mismatched.stderr.contains("labspec: warning: the pack was recorded from another version of this spec"))
    }
}

/// A failure that `allow-failure` tolerates is said to be one, in `verify` and in the
/// reports — never "every expectation holds".
@Suite struct ToleratedFailureTests {
    @Test func aToleratedFailureIsShownAsOne() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-tolerated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("pack"), withIntermediateDirectories: true)
        try #"{"state": "Degraded"}"#.write(to: folder.appendingPathComponent("pack/01.json"), atomically: true, encoding: .utf8)
        let spec = folder.appendingPathComponent("tolerated.yaml")
        try """
            labspec: 1
            id: tolerated
            title: A tolerated failure
            phases:
              - id: p
                steps:
                  - {id: probe, az: resource show, evidence: 01.json, allow-failure: true, expect: [{query: state, equals: Healthy}]}
            evidence:
              during-failure:
                - {claim: Degraded, source: 01.json, expect: [{query: state, equals: Degraded}]}
              after-fix:
                - {claim: Recorded, source: 01.json, expect: [{query: state, exists: true}]}
            """.write(to: spec, atomically: true, encoding: .utf8)
        let json = folder.appendingPathComponent("record.json")
        let outcome = await InProcess.run(["verify", spec.path, "--evidence", folder.appendingPathComponent("pack").path,
                                           "--color", "never", "--report", "json:\(json.path)"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("steps: 1 replayed, 1 failing, tolerated by allow-failure\n  ! probe [01.json]\n"))
        #expect(!outcome.stdout.contains("every expectation holds"))
        #expect(try String(contentsOf: json, encoding: .utf8).contains(#""status": "allowed-failure""#))
    }
}
