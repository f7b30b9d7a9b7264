import Foundation
import LabRunner
import LabSpec
import Testing
import TestSupport

/// Claims with alternatives (`any:`) hold when one alternative holds, and say which;
/// advisory claims are judged and reported, never counted.
@Suite struct AlternativeClaimTests {
    private func lab(_ claims: String) throws -> Lab {
        try PackVerification.lab("""
            labspec: 1
            id: alternatives
            title: Alternatives
            phases:
              - id: observe
                steps:
                  - {id: revision, az: containerapp revision show, evidence: 01-revision.json}
                  - {id: logs, az: containerapp logs show, evidence: 02-logs.jsonl}
            evidence:
            \(claims)
            """)
    }

    private let failing = """
          during-failure:
            - id: probes-fail
              claim: The revision is unhealthy, or the system log shows failed probes
              any:
                - source: 01-revision.json
                  expect: [{query: healthState, equals: Unhealthy}]
                - source: 02-logs.jsonl
                  optional: true
                  expect: [{query: "length([?Reason=='ProbeFailed'])", ge: 2}]
          after-fix:
            - {claim: Running, source: 01-revision.json, expect: [{query: runningState, equals: Running}]}
        """

    private func verdict(_ claims: String, _ files: [String: String]) async throws -> Verdict {
        try await PackVerification.verdict(try lab(claims), pack: try PackVerification.pack(files))
    }

    @Test func theClaimHoldsWhenOneAlternativeHoldsAndSaysWhich() async throws {
        let verdict = try await verdict(failing, [
            "01-revision.json": #"{"healthState": "Healthy", "runningState": "Running"}"#,
            "02-logs.jsonl": "{\"Reason\": \"ProbeFailed\"}\n{\"Reason\": \"ProbeFailed\"}\n",
        ])
        let claim = try #require(verdict.claims.first)
        #expect(claim.status == .held)
        #expect(claim.heldBy == 2)
        #expect(claim.alternatives.map(\.status) == [.failed, .held])
        #expect(verdict.outcome == .confirmed)
    }

    @Test func noAlternativeHoldingFailsTheClaim() async throws {
        let verdict = try await verdict(failing, [
            "01-revision.json": #"{"healthState": "Healthy", "runningState": "Running"}"#,
            "02-logs.jsonl": "{\"Reason\": \"Started\"}\n",
        ])
        #expect(verdict.claims[0].status == .failed)
        #expect(verdict.outcome == .notReproduced)
    }

    /// An optional alternative whose artifact is absent does not apply; one that cannot be
    /// read leaves the claim unjudged when nothing else holds.
    @Test func optionalAndAbsentDoesNotApply() async throws {
        let absent = try await verdict(failing, ["01-revision.json": #"{"healthState": "Healthy", "runningState": "Running"}"#])
        #expect(absent.claims[0].alternatives.map(\.status) == [.failed, .notApplicable])
        #expect(absent.claims[0].status == .failed)
        let unreadable = try await verdict(failing, [
            "01-revision.json": #"{"healthState": "Healthy", "runningState": "Running"}"#, "02-logs.jsonl": "not json\n",
        ])
        #expect(unreadable.claims[0].alternatives.map(\.status) == [.failed, .notJudged])
        #expect(unreadable.claims[0].status == .notJudged)
        #expect(unreadable.outcome == .error)
    }

    @Test func anAdvisoryClaimIsReportedAndNeverCounted() async throws {
        let verdict = try await verdict("""
              during-failure:
                - {claim: Unhealthy, source: 01-revision.json, expect: [{query: healthState, equals: Unhealthy}]}
                - {claim: Classified as a probe failure, advisory: true, source: 02-logs.jsonl, expect: [{query: "length(@)", ge: 5}]}
              after-fix:
                - {claim: Running, source: 01-revision.json, expect: [{query: runningState, equals: Running}]}
            """, ["01-revision.json": #"{"healthState": "Unhealthy", "runningState": "Running"}"#, "02-logs.jsonl": "{}\n"])
        #expect(verdict.claims[1].status == .failed && verdict.claims[1].advisory)
        #expect(verdict.outcome == .confirmed)
    }
}

/// Text and logs as data: every match of a pattern as an array ordinary queries judge.
@Suite struct TextExtractionTests {
    @Test func everyMatchIsAnArrayWithNumbersAsNumbers() async throws {
        let lab = try PackVerification.lab("""
            labspec: 1
            id: leak
            title: A leak, tick by tick
            phases:
              - id: observe
                steps:
                  - {id: log, run: [cat, app.log], evidence: 01-app.log}
            evidence:
              during-failure:
                - claim: At least three leak ticks, retained memory never decreasing
                  source: 01-app.log
                  extract: "tick (?<tick>\\\\d+) retained=(?<mib>\\\\d+)MiB"
                  expect:
                    - {query: "length(@)", ge: 3}
                    - {query: "[*].mib", equals: [10, 20, 30]}
                    - {query: "[*].mib == sort([*].mib)", equals: true}
              after-fix:
                - claim: Two probe failures logged
                  source: 01-app.log
                  extract: "(?m)^.*ProbeFailed.*$"
                  expect: [{query: "length(@)", equals: 2}]
            """)
        let pack = try PackVerification.pack(["01-app.log": """
            tick 1 retained=10MiB
            ProbeFailed: liveness
            tick 2 retained=20MiB
            tick 3 retained=30MiB
            warning ProbeFailed: readiness

            """])
        let verdict = try await PackVerification.verdict(lab, pack: pack)
        #expect(verdict.claims.map(\.status) == [.held, .held], "\(verdict.claims.map(\.expectations))")
        #expect(verdict.outcome == .confirmed)
    }

    private let reconnect = """
        labspec: 1
        id: reconnect
        title: A reconnect that conflicts
        phases:
          - id: observe
            steps:
              - id: reconnect
                az: deployment group create --name reconnect
                expect-failure: true
                evidence: {stderr: 04-reconnect.stderr}
              - {id: record, az: deployment group show --name reconnect, evidence: 05-record.json}
        evidence:
          during-failure:
            - claim: The reconnect fails with RoleAssignmentExists, by its record or by its stderr
              any:
                - source: 05-record.json
                  optional: true
                  expect: [{query: "error.details[*].code", equals: [RoleAssignmentExists]}]
                - source: 04-reconnect.stderr
                  extract: '"code":"(?<code>[A-Za-z]+)"'
                  expect: [{query: "[*].code", equals: [DeploymentFailed, RoleAssignmentExists]}]
          after-fix:
            - claim: Every error code the stderr names, in order
              source: [04-reconnect.stderr, 04-reconnect.stderr]
              extract: '"code":"(?<code>[A-Za-z]+)"'
              expect: [{query: "length(@)", equals: 4}]
        """

    private let reconnectStderr = """
        WARNING: A new Bicep release is available.
        ERROR: {"status":"Failed","error":{"code":"DeploymentFailed","details":[{"code":"RoleAssignmentExists"}]}}

        """

    /// A stderr artifact is the text `extract` reads, never the step's empty output, and an
    /// alternative over text joins one over JSON.
    @Test func anAlternativeExtractsFromAStderrArtifact() async throws {
        let lab = try PackVerification.lab(reconnect)
        let verdict = try await PackVerification.verdict(lab, pack: try PackVerification.pack([
            "04-reconnect.stderr": reconnectStderr,
        ]))
        let claim = try #require(verdict.claims.first)
        #expect(claim.status == .held, "\(claim.alternatives.map(\.expectations))")
        #expect(claim.heldBy == 2)
        #expect(claim.alternatives.first?.optionalAndAbsent == true)
        #expect(verdict.claims[1].status == .held, "\(verdict.claims[1].expectations)")
        #expect(verdict.outcome == .confirmed)
    }

    @Test func extractedTextThatDoesNotShowItFailsTheAlternative() async throws {
        let lab = try PackVerification.lab(reconnect)
        let verdict = try await PackVerification.verdict(lab, pack: try PackVerification.pack([
            "04-reconnect.stderr": "ERROR: {\"code\":\"DeploymentFailed\"}\n",
            "05-record.json": #"{"error": {"details": [{"code": "Conflict"}]}}"#,
        ]))
        let claim = try #require(verdict.claims.first)
        #expect(claim.alternatives.map(\.status) == [.failed, .failed])
        #expect(claim.status == .failed)
        #expect(verdict.outcome == .notReproduced)
    }

    @Test func anAlternativesExtractIsCheckedAsARegexWhereItIsWritten() throws {
        let written = try #require(reconnect.range(of: #"'"code":"(?<code>[A-Za-z]+)"'"#))
        let broken = reconnect.replacingCharacters(in: written, with: "'(?<code'")
        let line = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("(?<code'") }) + 1
        let result = LabLoader.load(text: broken, path: "test.yaml")
        #expect(result.lab == nil)
        #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("test.yaml:\(line):") && $0.contains("regex") },
                "\(result.diagnostics.map(\.description))")
    }
}

/// A query with no answer on the evidence (a value it needs is absent, a division by
/// zero) judges nothing: the claim is not judged, never failed or held.
@Suite struct UnanswerableQueryTests {
    @Test func aSpanOverAMissingTimestampIsNotJudged() async throws {
        let lab = try PackVerification.lab("""
            labspec: 1
            id: spans
            title: Spans
            phases:
              - id: observe
                steps:
                  - {id: window, az: monitor activity-log list, evidence: 01-window.json}
            evidence:
              during-failure:
                - claim: The load lasted at least 90 s
                  source: 01-window.json
                  expect: [{query: "to_epoch(end) - to_epoch(start)", ge: 90}]
              after-fix:
                - claim: Under one error in twenty
                  source: 01-window.json
                  expect: [{query: "errors / total", lt: 0.05}]
            """)
        let answered = try await PackVerification.verdict(lab, pack: try PackVerification.pack([
            "01-window.json": #"{"start": "2026-06-22T15:10:44Z", "end": "2026-06-22T15:12:14.0694807Z", "errors": 1, "total": 40}"#,
        ]))
        #expect(answered.claims.map(\.status) == [.held, .held])
        let missing = try await PackVerification.verdict(lab, pack: try PackVerification.pack([
            "01-window.json": #"{"start": "2026-06-22T15:10:44Z", "errors": 1, "total": 0}"#,
        ]))
        #expect(missing.claims.map(\.status) == [.notJudged, .notJudged])
        #expect(missing.claims[0].expectations.first?.message?.contains("has no answer on this evidence") == true,
                "\(missing.claims[0].expectations)")
        #expect(missing.claims[1].expectations.first?.message?.contains("division by zero") == true)
        #expect(missing.outcome == .error)
    }
}

/// A pack that keeps only a step's stderr never recorded its output: nothing read from
/// that output (not even "it printed nothing") is judged, and the stderr artifact reads
/// as its own text wherever it is named.
@Suite struct StderrOnlyStepTests {
    private let lab = """
        labspec: 1
        id: stderr-only
        title: Stderr only
        phases:
          - id: observe
            steps:
              - id: reconnect
                az: deployment group create --name reconnect
                expect-failure: true
                evidence: {stderr: 04-reconnect.stderr}
        evidence:
          during-failure:
            - claim: It printed nothing on stdout
              source: reconnect
              expect: [{stdout: {not: {matches: "\\\\S"}}}]
            - claim: Its output names no code
              source: reconnect
              extract: '"code":"(?<code>[A-Za-z]+)"'
              expect: [{query: "length(@)", equals: 0}]
          after-fix:
            - claim: The stderr, named twice, is read as its text both times
              source: [04-reconnect.stderr, 04-reconnect.stderr]
              expect: [{query: "[*].contains(@, 'RoleAssignmentExists')", equals: [true, true]}]
        """

    @Test func theUnrecordedOutputIsNotJudged() async throws {
        let verdict = try await PackVerification.verdict(try PackVerification.lab(lab), pack: try PackVerification.pack([
            "04-reconnect.stderr": "ERROR: {\"code\":\"RoleAssignmentExists\"}\n",
        ]))
        #expect(verdict.claims.map(\.status) == [.notJudged, .notJudged, .held], "\(verdict.claims.map(\.expectations))")
        #expect(verdict.claims[0].expectations.first?.message == "the pack records only this step's stderr, not its output")
        #expect(verdict.claims[1].notJudgedReason?.contains("extract on `reconnect`") == true, "\(verdict.claims[1])")
        #expect(verdict.outcome == .error)
    }
}
