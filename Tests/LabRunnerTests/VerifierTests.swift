import Foundation
import LabRunner
import LabSpec
import Testing
import TestSupport

/// Offline verification of the seed lab's real evidence pack, and mutations of it that
/// must flip the verdict.
@Suite struct VerifierTests {
    static let pack = Fixtures.repositoryRoot.appendingPathComponent("examples/packs/managed-identity-key-vault-failure")

    private func seed() throws -> Lab {
        let spec = Fixtures.repositoryRoot.appendingPathComponent("specs/managed-identity-key-vault-failure.yaml")
        return try #require(LabLoader.load(path: spec.path).lab)
    }

    /// A copy of the pack with `edit` applied to one artifact (nil deletes it).
    private func mutatedPack(_ artifact: String, _ edit: ((String) -> String)?) throws -> URL {
        try Fixtures.packCopy(of: "managed-identity-key-vault-failure", editing: artifact, edit)
    }

    @Test func theRealPackIsConfirmedWithAllEightClaims() async throws {
        let verdict = try await PackVerification.verdict(try seed(), pack: Self.pack)
        #expect(verdict.outcome == .confirmed)
        #expect(verdict.claims.count == 8)
        #expect(verdict.claims.allSatisfy { $0.status == .held })
        #expect(verdict.duringFailure.count == 4 && verdict.afterFix.count == 4)
    }

    @Test func aPreFixSuccessMeansNotReproduced() async throws {
        let pack = try mutatedPack("05-http-response-pre-fix.json") {
            $0.replacingOccurrences(of: "\"status_code\": 500", with: "\"status_code\": 200")
        }
        let verdict = try await PackVerification.verdict(try seed(), pack: pack)
        #expect(verdict.outcome == .notReproduced)
        let failed = verdict.claims.filter { $0.status != .held }.map(\.id)
        #expect(failed == ["endpoint-forbidden"])
        #expect(verdict.claims.first { $0.id == "endpoint-forbidden" }?.expectations.first?.observed == "200")
    }

    @Test func aMissingRoleAfterTheFixMeansNotRecovered() async throws {
        let pack = try mutatedPack("09-role-assignment-post-fix.json") { _ in "[]" }
        let verdict = try await PackVerification.verdict(try seed(), pack: pack)
        #expect(verdict.outcome == .notRecovered)
        #expect(verdict.claims.filter { $0.status != .held }.map(\.id) == ["role-at-vault-scope"])
    }

    @Test func aDeletedArtifactIsAnErrorNamingIt() async throws {
        let pack = try mutatedPack("11-revision-list-post-fix.json", nil)
        let verdict = try await PackVerification.verdict(try seed(), pack: pack)
        #expect(verdict.outcome == .error)
        let broken = try #require(verdict.claims.first { $0.error != nil })
        #expect(broken.error == "artifact `11-revision-list-post-fix.json` is missing from the evidence")
        // The claim after it uses a value captured from the missing artifact: not judged
        // either, and it says where the value would have come from.
        let last = try #require(verdict.claims.last)
        #expect(last.status == .notJudged)
        #expect(last.notJudgedReason?.contains("captured by claim `new-revision-running`, which could not be judged") == true)
    }

    @Test func anOlderRevisionAfterTheFixMeansNotRecovered() async throws {
        let pack = try mutatedPack("11-revision-list-post-fix.json") {
            $0.replacingOccurrences(of: "2026-06-26T08:25:19+00:00", with: "2026-06-26T08:10:00+00:00")
        }
        let verdict = try await PackVerification.verdict(try seed(), pack: pack)
        #expect(verdict.outcome == .notRecovered)
        #expect(verdict.claims.filter { $0.status != .held }.map(\.id) == ["new-revision-running"])
    }
}

@Suite struct ManifestTests {
    private func pack(manifest: String?) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "[]".write(to: folder.appendingPathComponent("01-groups.json"), atomically: true, encoding: .utf8)
        if let manifest {
            try manifest.write(to: folder.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    private func lab() throws -> Lab {
        let result = LabLoader.load(text: """
            labspec: 1
            id: exit-codes
            title: Exit codes
            phases:
              - id: p
                steps:
                  - {id: groups, az: group list, evidence: 01-groups.json}
            evidence:
              during-failure:
                - claim: Listing groups worked
                  source: groups
                  expect: [{exit-code: 0}, {query: "length(@)", equals: 0}]
              after-fix:
                - claim: Still no groups
                  source: 01-groups.json
                  expect: [{query: "length(@)", equals: 0}]
            """, path: "exit-codes.yaml")
        return try #require(result.lab, "\(result.diagnostics)")
    }

    @Test func exitCodesComeFromTheManifestWhenThereIsOne() async throws {
        let recorded = try pack(manifest: #"{"steps": [{"id": "groups", "artifact": "01-groups.json", "exit_code": 0}]}"#)
        let verdict = try await PackVerification.verdict(try lab(), pack: recorded)
        #expect(verdict.claims[0].expectations.map(\.status) == [.passed, .passed])
        #expect(verdict.outcome == .confirmed)
    }

    @Test func withoutAManifestExitCodesAreNotVerifiableNeverPassed() async throws {
        let foreign = try pack(manifest: nil)
        let verdict = try await PackVerification.verdict(try lab(), pack: foreign)
        #expect(verdict.claims[0].expectations.map(\.status) == [.notJudged, .passed])
        #expect(verdict.claims[0].status == .notJudged)
        #expect(verdict.outcome == .error)
    }
}

@Suite struct SanitizerTests {
    @Test func theSameValueGetsTheSameStandInInEveryShape() {
        let sanitize = Sanitizer()
        let first = sanitize("/subscriptions/6F2A1D0C-1111-4222-8333-944455556666/x principal 47d5a904-80ad-53e1-aa11-828e33d16cef")
        #expect(first == "/subscriptions/00000000-0000-0000-0000-000000000001/x principal 00000000-0000-0000-0000-000000000002")
        // The 32-hex form of a GUID seen before maps to the same number; zeros stay.
        #expect(sanitize("existing role assignment is 47d5a90480ad53e1aa11828e33d16cef.")
                == "existing role assignment is 00000000000000000000000000000002.")
        #expect(sanitize("00000000-0000-0000-0000-000000000000") == "00000000-0000-0000-0000-000000000000")
        #expect(sanitize("owner: Ana.Kim@contoso.com, again ana.kim@contoso.com") == "owner: user1@example.invalid, again user1@example.invalid")
        // Longer hex runs (digests) are not GUIDs.
        #expect(sanitize("sha256:0123456789abcdef0123456789abcdef0123456789abcdef") == "sha256:0123456789abcdef0123456789abcdef0123456789abcdef")
        #expect(sanitize.counts.guids == 2 && sanitize.counts.emails == 1)
    }
}

/// A step that keeps its stderr apart records two artifacts, which read back as one
/// observation with the exit code from the manifest.
@Suite struct StderrArtifactTests {
    @Test func outputAndStderrAreRecordedApartAndReadBackTogether() async throws {
        let result = LabLoader.load(text: """
            labspec: 1
            id: streams
            title: Streams
            phases:
              - id: p
                steps:
                  - id: conflict
                    run: [sh, -c, "echo '{\\"ok\\": false}'; echo 'ERROR: RoleAssignmentExists' >&2; exit 3"]
                    expect-failure: {exit-code: 3, stderr: RoleAssignmentExists}
                    evidence: {output: 04-out.json, stderr: 04-err.txt}
            evidence:
              during-failure:
                - claim: The conflict is in stderr
                  source: 04-err.txt
                  expect: [{stderr: {contains: RoleAssignmentExists}}, {query: ok, equals: false}, {exit-code: 3}]
              after-fix:
                - claim: The output is recorded apart
                  source: 04-out.json
                  expect: [{query: ok, equals: false}]
            """, path: "streams.yaml")
        let lab = try #require(result.lab, "\(result.diagnostics)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-streams-\(UUID().uuidString)")
        var options = RunOptions()
        options.evidence = try EvidenceWriter(directory: folder, force: false)
        let record = await Executor(lab: lab, backend: try AzBackend(azPath: "/bin/true"), options: options)
            .run(phases: lab.phases, variables: Variables())
        #expect(record.verdict?.outcome == .confirmed)
        try options.evidence?.writeManifest(record, lab: lab, specText: "", version: "test")
        #expect(try String(contentsOf: folder.appendingPathComponent("04-out.json"), encoding: .utf8) == "{\"ok\": false}\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("04-err.txt"), encoding: .utf8) == "ERROR: RoleAssignmentExists\n")
        // Offline, from the two files and the manifest: the same claim, the same verdict.
        let verdict = try await PackVerification.verdict(lab, pack: folder)
        #expect(verdict.outcome == .confirmed)
        #expect(verdict.claims[0].expectations.map(\.status) == [.passed, .passed, .passed])
    }
}
