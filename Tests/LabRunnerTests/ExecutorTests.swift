import Foundation
import JMESPath
import LabRunner
import LabSpec
import Testing
import TestSupport

@Suite struct ExecutorTests {
    private func lab(_ text: String) throws -> Lab {
        let result = LabLoader.load(text: text, path: "lab.yaml")
        return try #require(result.lab, "\(result.diagnostics)")
    }

    @Test func aSampledProbeRecordsEveryResponseAndRedirectsAreNotFollowed() async throws {
        let server = try LocalHTTPServer()
        let spec = try lab("""
            labspec: 1
            id: probes
            title: Probes
            inputs: {HOST: "\(server.host)"}
            phases:
              - id: p
                steps:
                  - id: sampled
                    http: {url: "http://${HOST}/flap", count: 4, every: 10ms}
                    expect:
                      - {query: "length(@)", equals: 4}
                      - {query: "[].status", equals: [503, 200, 503, 200]}
                  - id: redirect
                    http: GET http://${HOST}/redirect
                    expect:
                      - {status: 302}
                      - {header: Location, equals: /status/200}
                  - id: followed
                    http: {url: "http://${HOST}/redirect", follow-redirects: true}
                    expect: [{status: 200}]
            """)
        var variables = Variables()
        try InputResolver.resolve(spec, overrides: [:], environment: [:], into: &variables).get()
        let record = await Executor(lab: spec, backend: try AzBackend(azPath: "/bin/true")).run(
            phases: spec.phases, variables: variables)
        #expect(record.outcome == .succeeded, "\(record.steps.map { "\($0.id) \($0.status) \($0.message ?? "") \($0.expectations.map(\.observed))" })")
    }

    @Test func aTLSHandshakeWithAPlainServerIsStatusZeroWithTheReason() async throws {
        let server = try LocalHTTPServer()
        let response = await HTTPClient().send(HTTPInvocation(method: "GET", url: "https://\(server.host)/health", timeout: 5))
        #expect(response.status == 0)
        #expect(response.error != nil)
    }

    /// Polls `condition` every 10 ms; fails the test when it never holds.
    static func wait(_ condition: () -> Bool) async throws {
        try await ProcessState.wait(condition)
    }

    @Test func aSecondInterruptAbortsCleanup() async throws {
        let spec = try lab("""
            labspec: 1
            id: interrupts
            title: Interrupts
            phases:
              - id: p
                steps:
                  - {id: slow, run: [slow-phase], expect: [{exit-code: 0}]}
            cleanup:
              - {id: slow-cleanup, run: [slow-cleanup], expect: [{exit-code: 0}]}
              - {id: after, run: [after], expect: [{exit-code: 0}]}
            """)
        let backend = RecordingBackend { _ in (0, "", 5) }
        let interruption = RunInterruption()
        let task = Task { await Executor(lab: spec, backend: backend).run(phases: spec.phases, variables: Variables(),
                                                                           interruption: interruption) }
        // Each interrupt comes once the step it must cut short has started, however slow
        // the machine.
        try await Self.wait { backend.calls.count == 1 }
        interruption.interrupt()
        task.cancel()
        try await Self.wait { backend.calls.count == 2 }
        #expect(backend.calls.last == ["slow-cleanup"])
        interruption.interrupt()
        let record = await task.value
        #expect(record.outcome == .interrupted)
        #expect(record.cleanupAborted)
        #expect(record.cleanup.map(\.status) == [.failed, .skipped])
        #expect(backend.calls == [["slow-phase"], ["slow-cleanup"]])
    }

    @Test func secretsCapturedAreMaskedInRecords() async throws {
        let spec = try lab("""
            labspec: 1
            id: masking
            title: Masking
            phases:
              - id: p
                steps:
                  - id: read
                    run: [credentials]
                    capture: {PASSWORD: {query: password, secret: true}}
                  - id: use
                    run: [login, --password, "${PASSWORD}"]
                    expect: [{stdout: {contains: "${PASSWORD}"}}]
            """)
        let backend = RecordingBackend { argv in
            argv == ["credentials"] ? (0, #"{"password": "s3cr3t-value"}"#, 0) : (0, "echo s3cr3t-value", 0)
        }
        let record = await Executor(lab: spec, backend: backend).run(phases: spec.phases, variables: Variables())
        #expect(backend.calls.last == ["login", "--password", "s3cr3t-value"])
        let use = try #require(record.steps.last)
        #expect(use.action == "login --password '***'")
        #expect(use.expectations.first?.observed == #""echo ***""#)
        #expect(use.status == .passed)
    }
}

@Suite struct MaskerTests {
    @Test func secretsAreMaskedRawJSONEscapedAndShellQuoted() {
        let secret = #"it's "quoted" \ ok"#
        let masker = Masker(secrets: [secret, "abcd"])
        #expect(masker("pw=\(secret)") == "pw=***")
        #expect(masker(#"{"pw":"it's \"quoted\" \\ ok"}"#) == #"{"pw":"***"}"#)
        #expect(masker(ShellQuoting.quote(secret)) == "'***'")
        #expect(masker("xabcdx") == "x***x")
        // A writer's own escaping is added on top, and only where it asks for it.
        let xml = { (text: String) in text.replacingOccurrences(of: "\"", with: "&quot;") }
        #expect(masker("pw=it's &quot;quoted&quot; \\ ok") == "pw=it's &quot;quoted&quot; \\ ok")
        #expect(masker.including(xml)("pw=it's &quot;quoted&quot; \\ ok") == "pw=***")
        #expect(masker.including(xml)("xabcdx") == "x***x")
    }

    /// Every form labspec writes: UTF-8 and ASCII-style JSON escapes of `é`, a newline,
    /// a quote and a backslash; `$(…)` and `;` as they are.
    @Test func everyEncodingOfASecretIsMasked() {
        let secret = "pé\"q\\r\n; $(id)"
        let masker = Masker(secrets: [secret])
        #expect(masker("raw " + secret) == "raw ***")
        #expect(masker(JSONValue.string(secret).compactText) == "\"***\"")
        #expect(masker(#""p\u00e9\"q\\r\n; $(id)""#) == "\"***\"")
        #expect(masker(#""p\u00E9\"q\\r\n; $(id)""#) == "\"***\"")
        #expect(masker(ShellQuoting.quote(secret)) == "'***'")
    }

    /// A secret shorter than four characters is masked where it stands alone only: the
    /// JSON around it stays intact, and what is left does not spell it out.
    @Test func aShortSecretIsMaskedOnlyAsAWholeWord() {
        let masker = Masker(secrets: ["e"])
        #expect(masker(#"{"ok": true, "pin": "e"}"#) == #"{"ok": true, "pin": "***"}"#)
        #expect(masker.hasShortSecrets)
        #expect(!Masker(secrets: ["long-enough"]).hasShortSecrets)
    }

    /// A pasted line passes exactly its argv: text never expands, only the references
    /// left as placeholders do.
    @Test func shellQuotingRoundTripsThroughAShell() async throws {
        let words: [[ShellQuoting.Segment]] = [
            [.text("plain")], [.text("with space")], [.text("it's")], [.text(#"dollar $HOME $(id) `id` $$"#)],
            [.text("${APP_NAME}")], [.text("--name=")], [.text("--name="), .variable("APP_NAME"), .text("-$(id)")],
            [.variable("run.id")], [],
        ]
        let line = "printf '%s|' " + ShellQuoting.line(words: words)
        let outcome = try await ProcessRunner.run(["/bin/bash", "-c", line],
                                                  environment: ["APP_NAME": "app", "LABSPEC_RUN_ID": "r1", "HOME": "/root",
                                                                "PATH": "/usr/bin:/bin"])
        #expect(String(decoding: outcome.stdout, as: UTF8.self)
                == #"plain|with space|it's|dollar $HOME $(id) `id` $$|${APP_NAME}|--name=|--name=app-$(id)|r1||"#)
    }
}

/// `background: true` runs a step beside the ones after it in its phase.
@Suite struct BackgroundStepTests {
    @Test func aBackgroundStepRunsBesideTheNextStepsAndACheckWaitsForIt() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-bg-\(UUID().uuidString)").path
        // The background step ends only once the step after it has run: run one after
        // the other, it would time out.
        let result = LabLoader.load(text: """
            labspec: 1
            id: background
            title: Background
            inputs: {MARKER: "\(marker)"}
            phases:
              - id: load
                steps:
                  - id: waiter
                    run: [sh, -c, 'while [ ! -f "$1" ]; do sleep 0.02; done; echo seen', sh, "${MARKER}"]
                    background: true
                    timeout: 20s
                    expect: [{exit-code: 0}]
                  - {id: toucher, run: [touch, "${MARKER}"], expect: [{exit-code: 0}]}
                  - id: waited
                    check: waiter
                    expect: [{stdout: {contains: seen}}]
              - id: after
                steps:
                  - {id: last, run: ["true"], expect: [{exit-code: 0}]}
            """, path: "background.yaml")
        let spec = try #require(result.lab, "\(result.diagnostics)")
        var variables = Variables()
        try InputResolver.resolve(spec, overrides: [:], environment: [:], into: &variables).get()
        let record = await Executor(lab: spec, backend: try AzBackend(azPath: "/bin/true")).run(
            phases: spec.phases, variables: variables)
        #expect(record.outcome == .succeeded, "\(record.steps.map { "\($0.id) \($0.status) \($0.message ?? "")" })")
        #expect(record.steps.map(\.id) == ["waiter", "toucher", "waited", "last"])
        #expect(record.steps.map(\.background) == [true, false, false, false])
        #expect(record.steps.allSatisfy { $0.status == .passed })
    }

    @Test func backgroundStepsCannotCaptureOrSleep() {
        let result = LabLoader.load(text: """
            labspec: 1
            id: background
            title: Background
            phases:
              - id: p
                steps:
                  - {id: a, run: ["true"], background: true, capture: {X: {from: stdout}}}
                  - {id: b, sleep: 1s, background: true}
            """, path: "background.yaml")
        let messages = result.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("a background step cannot capture") })
        #expect(messages.contains { $0.contains("only `az`, `run` and `http` steps can run in the background") })
    }
}
