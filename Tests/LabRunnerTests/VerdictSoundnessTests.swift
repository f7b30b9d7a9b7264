import Foundation
import LabRunner
import LabSpec
import Testing
import TestSupport

/// A verdict never claims more than the evidence shows: each class of unsound verdict,
/// on a pack made for it, judged through the same session `verify` uses.
@Suite struct VerdictSoundnessTests {
    /// A lab with one recorded step per artifact kind, and claims given by the test.
    private func lab(_ claims: String, steps: String = "") throws -> Lab {
        try PackVerification.lab("""
            labspec: 1
            id: soundness
            title: Soundness
            phases:
              - id: deploy
                steps:
                  - {id: deploy, az: deployment group create -g rg -f main.bicep, capture: {TRIGGER_REVISION: properties.outputs.revision.value}}
              - id: observe
                steps:
                  - {id: show, az: containerapp show -n app -g rg, evidence: 01-app.json}
                  - {id: logs, az: containerapp logs show -n app -g rg --type system, evidence: 02-logs.json}
                  - {id: lines, az: containerapp logs show -n app -g rg, evidence: 03-lines.jsonl}
                  - {id: spec, az: containerapp show -n app -g rg -o yaml, evidence: 04-app.yaml}
                  - {id: report, run: [./report.sh], evidence: 05-report.txt}
                  - {id: probe, http: GET https://app.example/health, evidence: 06-http.json}
                  - {id: conflict, az: deployment group create -g rg -f x.bicep, expect-failure: true,
                     evidence: {output: 07-out.json, stderr: 08-err.txt}}
            \(steps)
            evidence:
            \(claims)
            """)
    }

    private func verdict(_ claims: String, files: [String: String]) async throws -> Verdict {
        try await PackVerification.verdict(try lab(claims), pack: try PackVerification.pack(files))
    }

    private let app = #"{"name": "app", "latestRevisionName": "app--2", "port": 80, "code": "080", "created": "2026-06-26T08:25:19.0694807Z"}"#

    /// The capture a claim compares with comes from a step the pack does not record: the
    /// claim is not judged, whatever the pack says, and the verdict is `error`.
    @Test func aClaimNeedingAValueThePackCannotGiveIsNotJudged() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {id: trigger, claim: The triggered revision is latest, source: show,
                   expect: [{query: latestRevisionName, equals: "${TRIGGER_REVISION}"}]}
              after-fix:
                - {id: named, claim: Named, source: show, expect: [{query: name, equals: app}]}
            """, files: ["01-app.json": app])
        #expect(verdict.outcome == .error)
        let trigger = try #require(verdict.claims.first)
        #expect(trigger.status == .notJudged)
        #expect(trigger.expectations.first?.message
                == "`${TRIGGER_REVISION}` is captured by `deploy`, which was not observed: the evidence pack has no artifact for this step")
        #expect(verdict.claims.last?.status == .held)
    }

    /// `.json` holding az's error text is not JSON, and not a YAML mapping either.
    @Test func aJSONArtifactHoldingErrorTextCannotBeJudged() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {claim: Logs exist, source: show, expect: [{query: "length(@)", ge: 1}]}
              after-fix:
                - {claim: Named, source: show, expect: [{query: name, equals: app}]}
            """, files: ["01-app.json": "ERROR: (AuthorizationFailed) The client does not have authorization\n"])
        #expect(verdict.outcome == .error)
        #expect(verdict.claims.allSatisfy { $0.status == .notJudged })
        #expect(verdict.claims[0].expectations[0].message
                == "artifact `01-app.json` cannot be read: not JSON: unexpected character in JSON at line 1, column 1: "
                    + "`ERROR: (AuthorizationFailed) The client does not have authorization`")
    }

    /// Each artifact is read as its name says: JSON lines in `.json` (az logs) and
    /// `.jsonl` as arrays, `.yaml` as YAML, a truncated document as unreadable.
    @Test func artifactsAreReadAsWhatTheyAre() async throws {
        let files = [
            "01-app.json": app,
            "02-logs.json": "{\"Reason\": \"ProbeFailed\"}\n{\"Reason\": \"ProbeFailed\"}\n{\"Reason\": \"Started\"}\n",
            "03-lines.jsonl": "{\"n\": 1}\n\n{\"n\": 2}\n",
            "04-app.yaml": "name: app\nactive: yes\n",
            "05-report.txt": "{\"looks\": \"like json\"}",
        ]
        let verdict = try await verdict("""
              during-failure:
                - {claim: Two probe failures, source: logs, expect: [{query: "length([?Reason=='ProbeFailed'])", equals: 2}]}
                - {claim: Lines, source: lines, expect: [{query: "[*].n", equals: [1, 2]}]}
                - {claim: YAML 1.2 core types, source: spec, expect: [{query: active, equals: "yes"}]}
              after-fix:
                - {claim: A text artifact is not queried, source: report, expect: [{query: looks, exists: true}]}
                - {claim: Text joins a multi-source claim as a string, source: [show, report],
                   expect: [{query: "[1]", contains: like}]}
            """, files: files)
        #expect(verdict.claims.map(\.status) == [.held, .held, .held, .notJudged, .held])
        #expect(verdict.claims[3].expectations[0].message
                == "artifact `05-report.txt` cannot be read: it is text, and a query reads JSON or YAML")
        #expect(verdict.outcome == .error)
    }

    @Test func aTruncatedDocumentCannotBeJudged() async throws {
        let cut = try await verdict("""
              during-failure:
                - {claim: Named, source: show, expect: [{query: name, equals: app}]}
              after-fix:
                - {claim: Latest, source: show, expect: [{query: latestRevisionName, exists: true}]}
            """, files: ["01-app.json": String(app.prefix(40))])
        #expect(cut.outcome == .error)
        #expect(cut.claims.allSatisfy { $0.status == .notJudged })
    }

    /// An HTTP check on an HTTP step whose artifact holds no response is not judged.
    @Test func anHTTPArtifactThatIsNoResponseCannotBeJudged() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {claim: Fails, source: probe, expect: [{status: 500}]}
              after-fix:
                - {claim: Named, source: show, expect: [{query: name, equals: app}]}
            """, files: ["01-app.json": app, "06-http.json": "[]"])
        #expect(verdict.outcome == .error)
        #expect(verdict.claims[0].error?.hasPrefix("artifact `06-http.json` cannot be read: it does not hold an HTTP response") == true)
    }

    /// Equality is JSON equality: text never equals a number; ordering compares numbers
    /// written as text as numbers.
    @Test func equalityIsJSONEquality() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {claim: "\\"080\\" is not 80", source: show, expect: [{query: code, equals: 80}]}
                - {claim: "80 is not \\"80\\"", source: show, expect: [{query: port, in: ["80", "8080"]}]}
              after-fix:
                - {claim: Numbers, source: show, expect: [{query: port, equals: 80}, {query: port, lt: "81"}, {query: code, equals: "080"}]}
            """, files: ["01-app.json": app])
        #expect(verdict.claims.map(\.status) == [.failed, .failed, .held])
        #expect(verdict.outcome == .notReproduced)
    }

    /// Azure's seven fraction digits are compared, and offsets by instant.
    @Test func timestampsCompareWithFullPrecision() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {claim: Later by 100 ns, source: show, expect: [{query: created, gt: "2026-06-26T08:25:19.0694806Z"}]}
                - {claim: Not later than itself, source: show, expect: [{query: created, gt: "2026-06-26T08:25:19.0694807Z"}]}
              after-fix:
                - {claim: Offsets, source: show, expect: [{query: created, lt: "2026-06-26T17:25:19.06948071+09:00"},
                                                            {query: created, ge: "2026-06-26T08:25:19.06948070+00:00"}]}
            """, files: ["01-app.json": app])
        #expect(verdict.claims.map(\.status) == [.held, .failed, .held])
    }

    /// A capture whose pattern does not match readable evidence makes its claim fail:
    /// the evidence does not show it. Both sides failing is `not-reproduced`, and the
    /// summary counts both.
    @Test func aCaptureThatFindsNothingFailsItsClaim() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {id: named, claim: Names a revision, source: report,
                   capture: {REV: {from: stdout, regex: "revision (\\\\S+)"}}, expect: [{stdout: {contains: revision}}]}
              after-fix:
                - {claim: Named, source: show, expect: [{query: name, equals: other}]}
            """, files: ["01-app.json": app, "05-report.txt": "no such thing here\n"])
        #expect(verdict.outcome == .notReproduced)
        let named = try #require(verdict.claims.first)
        #expect(named.status == .failed)
        #expect(named.expectations[0].message == "the evidence does not show it: /revision (\\S+)/ does not match stdout")
        #expect(verdict.count(.failed, side: .afterFix) == 1)
    }

    /// A missing stderr artifact is named as itself, not as the step's output artifact.
    @Test func aMissingStderrArtifactIsNamed() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {claim: Conflict, source: 08-err.txt, expect: [{stderr: {contains: Conflict}}]}
              after-fix:
                - {claim: Named, source: show, expect: [{query: name, equals: app}]}
            """, files: ["01-app.json": app, "07-out.json": "{}"])
        #expect(verdict.claims[0].error == "artifact `08-err.txt` is missing from the evidence")
    }

    /// A lab with claims on one side only can never be confirmed.
    @Test func aOneSidedLabIsNeverConfirmed() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {claim: Named, source: show, expect: [{query: name, equals: app}]}
            """, files: ["01-app.json": app])
        #expect(verdict.outcome == .error)
        #expect(verdict.reason == "the lab states no after-fix claim: recovery was not judged")
    }
}

/// A value captured by a step whose output the pack does not hold is judged from the
/// manifest labspec recorded; without one it is not judged.
@Suite struct RecordedCaptureTests {
    @Test func claimsUseCapturesTheManifestRecorded() async throws {
        let lab = try PackVerification.lab("""
            labspec: 1
            id: recorded-captures
            title: Recorded captures
            phases:
              - id: deploy
                steps:
                  - {id: deploy, run: [echo, app--2], capture: {REVISION: {from: stdout}}, expect: [{exit-code: 0}]}
              - id: observe
                steps:
                  - {id: show, run: [echo, '{"latest": "app--2"}'], evidence: 01-app.json, expect: [{exit-code: 0}]}
            evidence:
              during-failure:
                - {claim: The deployed revision is latest, source: show, expect: [{query: latest, equals: "${REVISION}"}]}
              after-fix:
                - {claim: Shown, source: show, expect: [{query: latest, exists: true}]}
            """)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-recorded-\(UUID().uuidString)")
        var options = RunOptions()
        options.evidence = try EvidenceWriter(directory: folder, force: false)
        let record = await Executor(lab: lab, backend: try AzBackend(azPath: "/bin/true", required: false), options: options)
            .run(phases: lab.phases, variables: Variables())
        #expect(record.verdict?.outcome == .confirmed)
        try options.evidence?.writeManifest(record, lab: lab, specText: "", version: "test")
        let verdict = try await PackVerification.verdict(lab, pack: folder)
        #expect(verdict.outcome == .confirmed)
        #expect(verdict.claims[0].expectations[0].description.contains(#"REVISION="app--2""#))

        // The same artifact without the manifest: the value is unknown, the claim not judged.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("manifest.json"))
        let bare = try await PackVerification.verdict(lab, pack: folder)
        #expect(bare.claims[0].status == .notJudged)
        #expect(bare.outcome == .error)
    }
}
