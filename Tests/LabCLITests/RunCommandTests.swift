import Foundation
import JMESPath
import Testing
import TestSupport

/// `labspec run` and `labspec plan` end to end, against the fake `az` and a real HTTP
/// server on 127.0.0.1.
@Suite struct RunCommandTests {
    static let seed = "specs/managed-identity-key-vault-failure.yaml"
    static let secret = "Pa55 w0rd; rm -rf / $(id)"

    /// `labspec run` of the seed lab against the fake `az` (rule set `seed`, edited by
    /// `rules`) and a local HTTP server, with `extra` arguments after the common ones.
    static func runSeed(_ extra: [String] = [], rules: (String) -> String = { $0 }) throws -> (LabspecBinary.Outcome, FakeAz) {
        let server = try LocalHTTPServer()
        let az = try FakeAz(rules: "seed", edit: rules)
        let outcome = try LabspecBinary.run(
            ["run", seed, "--az", FakeAz.executable.path, "--set", "SCHEME=http", "--color", "never"] + extra,
            environment: az.environment(host: server.host, stateOverride: server.stateDirectory))
        return (outcome, az)
    }

    @Test func theSeedLabRunsBrokenThenFixed() throws {
        let (outcome, az) = try Self.runSeed()
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("succeeded: 27 passed"))
        #expect(outcome.stdout.contains("PASS status != 200 (got 500)"))
        #expect(outcome.stdout.contains("PASS body contains \"ForbiddenByRbac\""))
        // Every az call, exactly: values with spaces, quotes and `;` stay one argument,
        // `--output json` is added only where output is queried and no format is set.
        var calls = az.calls()
        let token = calls.firstIndex { $0.contains { $0.hasPrefix("RESTART_TOKEN=") } }
        if let token, let word = calls[token].firstIndex(where: { $0.hasPrefix("RESTART_TOKEN=") }) {
            #expect(Int(calls[token][word].dropFirst("RESTART_TOKEN=".count)) != nil)
            calls[token][word] = "@EPOCH@"
        }
        let expected: [[String]] = [
        // Preflight: the version `requires:` names, and the account the run will change.
        ["version", "--output", "json"],
        ["account", "show", "--output", "json"],
        ["extension", "add", "--name", "containerapp", "--upgrade"],
        ["group", "create", "--name", "rg-aca-lab-kv", "--location", "koreacentral", "--output", "json"],
        ["deployment", "group", "create", "--name", "lab-kv", "--resource-group", "rg-aca-lab-kv", "--template-file", "./labs/managed-identity-key-vault-failure/infra/main.bicep", "--parameters", "baseName=labkv", "--output", "json"],
        ["deployment", "group", "show", "--resource-group", "rg-aca-lab-kv", "--name", "lab-kv", "--output", "json"],
        ["containerapp", "env", "show", "--name", "env-labkv", "--resource-group", "rg-aca-lab-kv", "--output", "json"],
        ["acr", "show", "--name", "acrlabkvb3erju", "--output", "json"],
        ["acr", "credential", "show", "--name", "acrlabkvb3erju", "--output", "json"],
        ["acr", "build", "--registry", "acrlabkvb3erju", "--image", "ca-labkv-b3erju:v1", "./labs/managed-identity-key-vault-failure/workload"],
        ["containerapp", "registry", "set", "--name", "ca-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--server", "acrlabkvb3erju.azurecr.io", "--username", "acrlabkvb3erju", "--password", "Pa55 w0rd; rm -rf / $(id)"],
        ["containerapp", "update", "--name", "ca-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--image", "acrlabkvb3erju.azurecr.io/ca-labkv-b3erju:v1", "--output", "json"],
        ["containerapp", "show", "--name", "ca-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--query", "identity", "--output", "json"],
        ["role", "assignment", "list", "--assignee", "11111111-2222-3333-4444-555555555555", "--all", "--output", "json"],
        ["keyvault", "show", "--name", "kv-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--query", "{enableRbacAuthorization: properties.enableRbacAuthorization, publicNetworkAccess: properties.publicNetworkAccess, uri: properties.vaultUri}", "--output", "json"],
        ["containerapp", "revision", "list", "--name", "ca-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--output", "json"],
        // Recorded as a `.json` artifact: `--output json` even though nothing queries it.
        ["containerapp", "logs", "show", "--name", "ca-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--type", "system", "--tail", "20", "--output", "json"],
        ["containerapp", "show", "--name", "ca-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--output", "yaml"],
        ["monitor", "log-analytics", "query", "--workspace", "00000000-0000-0000-0000-00000000cafe", "--analytics-query", "ContainerAppConsoleLogs_CL | where ContainerAppName_s == 'ca-labkv-b3erju' | order by TimeGenerated desc | take 50", "--output", "json"],
        ["keyvault", "show", "--name", "kv-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--output", "json"],
        ["role", "assignment", "create", "--assignee-object-id", "11111111-2222-3333-4444-555555555555", "--assignee-principal-type", "ServicePrincipal", "--role", "Key Vault Secrets User", "--scope", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aca-lab-kv/providers/Microsoft.KeyVault/vaults/kv-labkv-b3erju", "--output", "json"],
        ["containerapp", "update", "--name", "ca-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--set-env-vars", "@EPOCH@", "--output", "json"],
        ["role", "assignment", "list", "--assignee", "11111111-2222-3333-4444-555555555555", "--scope", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aca-lab-kv/providers/Microsoft.KeyVault/vaults/kv-labkv-b3erju", "--output", "json"],
        ["containerapp", "revision", "list", "--name", "ca-labkv-b3erju", "--resource-group", "rg-aca-lab-kv", "--output", "json"],
        ["monitor", "log-analytics", "query", "--workspace", "00000000-0000-0000-0000-00000000cafe", "--analytics-query", "ContainerAppSystemLogs_CL | where ContainerAppName_s == 'ca-labkv-b3erju' | summarize EventCount=count() by Reason_s, RevisionName_s", "--output", "json"],
        ["group", "delete", "--name", "rg-aca-lab-kv", "--yes", "--no-wait"]
        ]
        #expect(calls == expected)
        // The captured secret appears in no output.
        #expect(!outcome.stdout.contains("Pa55") && !outcome.stderr.contains("Pa55"))
    }

    @Test func aFailingStepSkipsToCleanupAndShowsWhy() throws {
        let (outcome, az) = try Self.runSeed {
            $0.replacingOccurrences(of: "role-assignments-pre.json", with: "role-assignments-post.json")
        }
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("✘ role-assignments-pre-fix"))
        #expect(outcome.stdout.contains("FAIL query length([?roleDefinitionName=='Key Vault Secrets User']) == 0 (got 1)"))
        #expect(outcome.stdout.contains("skipped: an earlier step failed"))
        #expect(az.calls().last == ["group", "delete", "--name", "rg-aca-lab-kv", "--yes", "--no-wait"])
    }

    /// A step that fails by its exit code shows that code once, then its expectations.
    @Test func aFailedExitCodeIsShownOnce() async throws {
        let folder = try Fixtures.newFolder("labspec-exit-once")
        let spec = try Fixtures.spec(Fixtures.onePhaseLab(id: "exit-once", steps: """
            - id: fails
              run: [sh, -c, "echo hi; exit 3"]
              expect: [{stdout: {contains: hi}}]
            """), in: folder)
        let outcome = await InProcess.run(["run", spec.path, "--color", "never"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.components(separatedBy: "exit code 3").count == 2, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("      exit code 3\n      PASS stdout contains \"hi\""), "\(outcome.stdout)")
    }

    /// `--time-limit` stops a run as the first Ctrl-C does: the step under way ends, the
    /// rest is skipped, cleanup runs, and the reports and the pack say why.
    @Test func aTimeLimitStopsTheRunAndCleanupStillRuns() async throws {
        let folder = try Fixtures.newFolder("labspec-time-limit")
        let spec = try Fixtures.spec(Fixtures.onePhaseLab(id: "time-limit", steps: """
            - {id: slow, run: [sleep, "300"], expect: [{exit-code: 0}]}
            - {id: after, run: [echo, after], expect: [{exit-code: 0}]}
            """, rest: "cleanup:\n  - {id: tidy, run: [echo, tidy], expect: [{exit-code: 0}]}\n"), in: folder)
        let pack = folder.appendingPathComponent("pack"), report = folder.appendingPathComponent("run.json")
        let outcome = await InProcess.run(["run", spec.path, "--time-limit", "1s", "--color", "never",
                                           "--evidence-dir", pack.path, "--report", "json:\(report.path)"])
        #expect(outcome.status == 130, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("time limit 1s reached: skipping to cleanup"), "\(outcome.stdout)")
        // Ended while it slept, or (on a busy machine) skipped before it started: never passed.
        #expect(outcome.stdout.contains("✘ slow") || outcome.stdout.contains("– slow skipped"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("– after skipped: the run was interrupted"))
        #expect(outcome.stdout.contains("✔ tidy"))
        let json = try JSONValue(parsing: String(contentsOf: report, encoding: .utf8))
        #expect(try JMESPathExpression("[interruption, outcome]").search(json)
                == .array([.string("time limit 1s reached"), .string("interrupted")]))
        let manifest = try JSONValue(parsing: String(contentsOf: pack.appendingPathComponent("manifest.json"), encoding: .utf8))
        #expect(try JMESPathExpression("interruption").search(manifest) == .string("time limit 1s reached"))
        let bad = await InProcess.run(["run", spec.path, "--time-limit", "soon"])
        #expect(bad.status == 64 && bad.stderr.contains("--time-limit takes a duration such as 45m or 1h30m, got `soon`"), "\(bad.stderr)")
    }

    @Test func planRunsNothingAndMasksNothingItDoesNotKnow() throws {
        let az = try FakeAz(rules: "seed")
        var environment = az.environment()
        environment["PATH"] = FakeAz.executable.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let outcome = try LabspecBinary.run(["plan", Self.seed, "--color", "never"], environment: environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(az.calls().isEmpty)
        #expect(outcome.stdout.contains(#"az containerapp registry set --name "${APP_NAME}" --resource-group rg-aca-lab-kv --server "${ACR_LOGIN_SERVER}" --username "${ACR_USERNAME}" --password "${ACR_PASSWORD}""#))
        #expect(outcome.stdout.contains("${ACR_PASSWORD} ← registry-credentials: passwords[0].value"))
        #expect(outcome.stdout.contains("expect status != 200 (not evaluated)"))
        #expect(!outcome.stdout.contains("      PASS ") && !outcome.stdout.contains("      FAIL "))
        #expect(outcome.stdout.hasSuffix("dry-run: 27 steps planned, nothing run, no expectation evaluated\n"))
    }

    @Test func secretInputsAreMaskedInPlans() throws {
        let spec = try temporarySpec("""
            labspec: 1
            id: secret-input
            title: A secret input
            inputs:
              TOKEN: {secret: true}
            phases:
              - id: p
                steps:
                  - run: [curl, -H, "Authorization: Bearer ${TOKEN}", https://example.invalid/]
                    expect: [{exit-code: 0}]
            """)
        let outcome = try LabspecBinary.run(["plan", spec.path, "--set", "TOKEN=hunter2-token", "--color", "never"])
        #expect(outcome.status == 0)
        #expect(!outcome.stdout.contains("hunter2"))
        #expect(outcome.stdout.contains("'Authorization: Bearer ***'"))
        #expect(outcome.stdout.contains("TOKEN=***"))
    }

    @Test func aHungCommandAndItsChildAreKilledAtTheTimeout() throws {
        let az = try FakeAz(rules: "small")
        let started = Date()
        let outcome = try LabspecBinary.run(
            ["run", Fixtures.url("runs/hung-step.yaml").path, "--az", FakeAz.executable.path, "--color", "never"],
            environment: az.environment())
        #expect(Date().timeIntervalSince(started) < 20, "the 30 s hang was not cut short")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("timed out after 1.0s"))
        let child = try #require(Int32(String(contentsOf: az.state.appendingPathComponent("child.pid"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!ProcessState.isRunning(child), "the fake az's child \(child) still runs")
        #expect(az.calls().last == ["group", "delete", "--name", "rg", "--yes"])
    }

    @Test func untilGivesUpAtItsDeadline() throws {
        let server = try LocalHTTPServer()
        let outcome = try LabspecBinary.run(
            ["run", Fixtures.url("runs/until-deadline.yaml").path, "--set", "HOST=\(server.host)", "--az", FakeAz.executable.path,
             "--color", "never"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("… wait-for-200: attempt 1"))
        #expect(outcome.stdout.contains("gave up after "))
        #expect(outcome.stdout.contains("(within 1.0s): status == 200 (last observed 503)"), "\(outcome.stdout)")
    }

    @Test func anExpectedFailureCapturesFromStderr() throws {
        let az = try FakeAz(rules: "small")
        let outcome = try LabspecBinary.run(
            ["run", Fixtures.url("runs/expect-failure.yaml").path, "--az", FakeAz.executable.path, "--color", "never"],
            environment: az.environment())
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(az.calls().last == ["role", "assignment", "delete", "--ids", "47d5a90480ad53e1aa11828e33d16cef"])
    }

    /// The seed lab run by the binary in the background against the fake `az`, with the
    /// `acr build` of its trigger (and `edit`'s other rules) slowed, for interrupt tests.
    private struct Background {
        let process = Process()
        let output = Pipe(), errors = Pipe()
        let az: FakeAz
        let server: LocalHTTPServer

        init(edit: @escaping (String) -> String = { $0 }) throws {
            server = try LocalHTTPServer()
            az = try FakeAz(rules: "seed") { rules in
                edit(rules.replacingOccurrences(of: "--image ca-labkv-b3erju:v1\t0\t0\t", with: "--image ca-labkv-b3erju:v1\t0\t30\t"))
            }
            process.executableURL = LabspecBinary.url
            process.arguments = ["run", RunCommandTests.seed, "--az", FakeAz.executable.path, "--set", "SCHEME=http", "--color", "never"]
            process.currentDirectoryURL = Fixtures.repositoryRoot
            process.environment = ProcessInfo.processInfo.environment.merging(
                az.environment(host: server.host, stateOverride: server.stateDirectory)) { $1 }
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        /// Waits until `az` was called with `prefix`, then a little more.
        func waitFor(_ prefix: [String]) {
            let deadline = Date().addingTimeInterval(60)
            while !az.calls().contains(where: { $0.starts(with: prefix) }), Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
            Thread.sleep(forTimeInterval: 0.2)
        }

        func finish() -> (stdout: String, stderr: String) {
            process.waitUntilExit()
            return (String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                    String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
    }

    @Test func interruptingTheTriggerStillRunsCleanup() throws {
        let run = try Background()
        run.waitFor(["acr", "build"])
        run.process.interrupt()
        let (stdout, _) = run.finish()
        #expect(run.process.terminationStatus == 130, "\(stdout)")
        #expect(run.az.calls().last == ["group", "delete", "--name", "rg-aca-lab-kv", "--yes", "--no-wait"])
        #expect(stdout.contains("interrupted: skipping to cleanup"))
        #expect(!run.az.calls().contains { $0.starts(with: ["containerapp", "registry"]) })
        #expect(stdout.contains("\nverdict: interrupted — the run was stopped"))
        #expect(!stdout.contains("verdict: confirmed"))
    }

    /// A second interrupt aborts cleanup: resources may be left behind, exit 4.
    @Test func aSecondInterruptAbortsCleanupWithExit4() throws {
        let run = try Background { rules in
            rules.replacingOccurrences(of: "group delete --name rg-aca-lab-kv --yes --no-wait\t0\t0\t",
                                       with: "group delete --name rg-aca-lab-kv --yes --no-wait\t0\t30\t")
        }
        run.waitFor(["acr", "build"])
        run.process.interrupt()
        run.waitFor(["group", "delete"])
        run.process.interrupt()
        let (stdout, stderr) = run.finish()
        #expect(run.process.terminationStatus == 4, "\(stdout)\n\(stderr)")
        #expect(stderr.contains("second interrupt: aborting cleanup"))
        #expect(stdout.contains("warning: cleanup was aborted; resources may be left behind"))
    }

    @Test func phasesThatLackCapturedValuesAreRefusedBeforeAnyCall() throws {
        let az = try FakeAz(rules: "seed")
        let outcome = try LabspecBinary.run(["run", Self.seed, "--from", "fix", "--az", FakeAz.executable.path, "--color", "never"],
                                            environment: az.environment())
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("the selected phases cannot run, so nothing was run"))
        #expect(outcome.stderr.contains("  - `${KV_NAME}` (needed by `keyvault-id`) is captured by `deployment-outputs`, "
            + "which this run does not include"))
        #expect(az.calls().isEmpty)
        // A preview says the same as warnings, and still shows the plan.
        let plan = try LabspecBinary.run(["plan", Self.seed, "--from", "fix", "--color", "never"])
        #expect(plan.status == 0)
        #expect(plan.stderr.contains("labspec: warning: a run of these phases would stop: `${KV_NAME}`"))
    }

    /// `--keep` makes no cleanup call and says how to clean up; `labspec cleanup` then makes
    /// exactly the spec's cleanup calls, with the values the run recorded.
    @Test func keepLeavesTheResourcesAndCleanupRemovesThemLater() throws {
        let pack = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-keep-\(UUID().uuidString)")
        let (run, az) = try Self.runSeed(["--evidence-dir", pack.path, "--keep"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(!az.calls().contains { $0.starts(with: ["group", "delete"]) })
        #expect(run.stdout.contains("cleanup kept (--keep); the resources are still there. To remove them:\n"
            + "  labspec cleanup \(Self.seed) --evidence \(pack.path)\n"))
        let manifest = try String(contentsOf: pack.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains(#""KV_NAME": "kv-labkv-b3erju""#))
        #expect(!manifest.contains("Pa55"))

        let later = try FakeAz(rules: "seed")
        let cleanup = try LabspecBinary.run(["cleanup", Self.seed, "--evidence", pack.path, "--az", FakeAz.executable.path,
                                             "--color", "never"], environment: later.environment())
        #expect(cleanup.status == 0, "\(cleanup.stdout)\n\(cleanup.stderr)")
        #expect(later.calls() == [["group", "delete", "--name", "rg-aca-lab-kv", "--yes", "--no-wait"]])
    }

    /// A cleanup step whose value was never captured is skipped with a warning that names
    /// it — never run with an empty value.
    @Test func aCleanupStepMissingAValueIsSkippedAndNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-cleanup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let spec = folder.appendingPathComponent("lab.yaml")
        try """
            labspec: 1
            id: cleanup-values
            title: Cleanup values
            phases:
              - id: p
                steps:
                  - {id: create, az: ad app create --display-name lab, capture: {APP_ID: appId}, expect: [{exit-code: 0}]}
            cleanup:
              - {id: delete-app, az: "ad app delete --id ${APP_ID}", expect: [{exit-code: 0}]}
            """.write(to: spec, atomically: true, encoding: .utf8)
        try #"{"steps": [{"id": "create", "exit_code": 1}], "inputs": {}, "captures": {}}"#
            .write(to: folder.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let az = try FakeAz(rules: "small")
        let cleanup = try LabspecBinary.run(["cleanup", spec.path, "--evidence", folder.path, "--az", FakeAz.executable.path,
                                             "--color", "never"], environment: az.environment())
        #expect(cleanup.status == 4)
        #expect(cleanup.stderr.contains("labspec: warning: cleanup step `delete-app` was skipped: needs `${APP_ID}`, which this run never captured"))
        #expect(az.calls().isEmpty)
    }

    /// `requires:` is checked before any action: an az older than the lab needs exits 3;
    /// the signed-in account is shown and recorded.
    @Test func requirementsAndTheAccountAreCheckedFirst() throws {
        let (old, az) = try Self.runSeed(rules: { $0.replacingOccurrences(of: "version --output json\t0\t0\tversion.json",
                                                                          with: "version --output json\t0\t0\told-version.json") })
        _ = az
        #expect(old.status == 3, "\(old.stdout)\n\(old.stderr)")
        #expect(old.stderr.contains("az 2.60.1 is installed; the lab requires az >=2.71 (run `az upgrade`); nothing was run"))
        #expect(az.calls() == [["version", "--output", "json"]])

        let pack = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-account-\(UUID().uuidString)")
        let (run, _) = try Self.runSeed(["--evidence-dir", pack.path])
        #expect(run.stdout.contains("account: Lab Subscription (00000000-0000-0000-0000-0000000000aa) · tenant "
            + "00000000-0000-0000-0000-0000000000bb · user lab@example.invalid\n"))
        #expect(try String(contentsOf: pack.appendingPathComponent("manifest.json"), encoding: .utf8)
            .contains(#""account": "Lab Subscription (00000000-0000-0000-0000-0000000000aa)"#))
    }

    /// `--resume` continues a run stopped in `observe` from the step that failed, with the
    /// recorded values, to the verdict an uninterrupted run reaches; earlier steps are not
    /// run again.
    @Test func aResumedRunCompletesWithTheRecordedValues() throws {
        let server = try LocalHTTPServer()
        let az = try FakeAz(rules: "seed") { rules in
            // The vault's first `show --query` fails once; the run stops there.
            rules.replacingOccurrences(of: "keyvault show --name kv-labkv-b3erju --resource-group rg-aca-lab-kv --query",
                                       with: "keyvault show --name kv-labkv-b3erju --resource-group rg-aca-lab-kv --query\t1\t0\t-\t-\t1\t-\n"
                                           + "keyvault show --name kv-labkv-b3erju --resource-group rg-aca-lab-kv --query")
        }
        let environment = az.environment(host: server.host, stateOverride: server.stateDirectory)
        let pack = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-resume-\(UUID().uuidString)")
        let base = ["run", Self.seed, "--az", FakeAz.executable.path, "--set", "SCHEME=http", "--color", "never"]
        let first = try LabspecBinary.run(base + ["--evidence-dir", pack.path, "--keep"], environment: environment)
        #expect(first.status == 1, "\(first.stdout)")
        let callsBefore = az.calls().count
        let resumed = try LabspecBinary.run(base + ["--resume", pack.path], environment: environment)
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(resumed.stdout.contains("resumed: passed in the recorded run"))
        #expect(resumed.stdout.contains("verdict: confirmed (H1 4/4 held · H2 4/4 held)"))
        let calls = Array(az.calls().dropFirst(callsBefore))
        // Preflight, then the failed step again: nothing before it runs twice.
        #expect(!calls.contains { $0.starts(with: ["group", "create"]) })
        #expect(!calls.contains { $0.starts(with: ["deployment", "group", "create"]) })
        #expect(calls.contains { $0.starts(with: ["keyvault", "show"]) })
        #expect(calls.last == ["group", "delete", "--name", "rg-aca-lab-kv", "--yes", "--no-wait"])
        let verify = try LabspecBinary.run(["verify", Self.seed, "--evidence", pack.path, "--color", "never"])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func aMissingAzIsBackendUnavailable() throws {
        let outcome = try LabspecBinary.run(["run", Self.seed], environment: ["PATH": "/nonexistent"])
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("the Azure CLI `az` is not on PATH"))
    }

    @Test func aLabWithoutAzStepsRunsWithoutAz() throws {
        let spec = try temporarySpec("""
            labspec: 1
            id: no-az
            title: No az
            phases:
              - id: p
                steps:
                  - {id: echo, run: [/bin/echo, hello], expect: [{stdout: {contains: hello}}]}
            """)
        let outcome = try LabspecBinary.run(["run", spec.path, "--color", "never"], environment: ["PATH": "/nonexistent"])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("succeeded: 1 passed"))
    }

    @Test func unknownInputsAndPhasesAreInvalidInput() throws {
        let unknownInput = try LabspecBinary.run(["plan", Self.seed, "--set", "RGG=x"])
        #expect(unknownInput.status == 2)
        #expect(unknownInput.stderr.contains("--set RGG: the lab declares no input `RGG` (did you mean `RG`?)"))
        let unknownPhase = try LabspecBinary.run(["plan", Self.seed, "--phase", "observ"])
        #expect(unknownPhase.status == 2)
        #expect(unknownPhase.stderr.contains("the lab has no phase `observ`; did you mean `observe`?"))
    }

    private func temporarySpec(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// `run --evidence-dir` records a pack that `verify` re-checks offline to the same verdict.
@Suite struct EvidencePackRunTests {
    @Test func aRecordedPackVerifiesToTheRunsVerdictAndHoldsNoSecret() throws {
        let pack = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-pack-\(UUID().uuidString)")
        let (run, _) = try RunCommandTests.runSeed(["--evidence-dir", pack.path])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("verdict: confirmed (H1 4/4 held · H2 4/4 held)"))

        let files = try FileManager.default.contentsOfDirectory(atPath: pack.path).sorted()
        #expect(files.count == 13)
        #expect(files.contains("manifest.json") && files.contains("05-http-response-pre-fix.json"))
        for file in files {
            let text = try String(contentsOf: pack.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("Pa55"), "\(file) holds the secret")
        }
        let manifest = try String(contentsOf: pack.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains(#""action": "az containerapp registry set --name ca-labkv-b3erju --resource-group rg-aca-lab-kv --server acrlabkvb3erju.azurecr.io --username acrlabkvb3erju --password '***'""#))

        let verify = try LabspecBinary.run(["verify", RunCommandTests.seed, "--evidence", pack.path, "--color", "never"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("verdict: confirmed (H1 4/4 held · H2 4/4 held)"))

        let (again, _) = try RunCommandTests.runSeed(["--evidence-dir", pack.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds an evidence pack; pass --force to replace it"))
    }

    @Test func aSanitizedPackHoldsNoIDButStillVerifies() throws {
        let pack = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-pack-\(UUID().uuidString)")
        let (run, _) = try RunCommandTests.runSeed(["--evidence-dir", pack.path, "--sanitize"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        for file in try FileManager.default.contentsOfDirectory(atPath: pack.path) {
            let text = try String(contentsOf: pack.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("11111111-2222-3333-4444-555555555555"), "\(file) holds the principal ID")
        }
        let manifest = try String(contentsOf: pack.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains(#""sanitized": {"#))
        let verify = try LabspecBinary.run(["verify", RunCommandTests.seed, "--evidence", pack.path, "--color", "never"])
        #expect(verify.stdout.contains("verdict: confirmed (H1 4/4 held · H2 4/4 held)"), "\(verify.stdout)")
        let misplaced = try LabspecBinary.run(["run", RunCommandTests.seed, "--backend", "dry-run", "--sanitize"])
        #expect(misplaced.status == 64)
    }

    @Test func verifyOfTheShippedPackIsConfirmed() throws {
        let outcome = try LabspecBinary.run(["verify", RunCommandTests.seed, "--evidence",
                                             "examples/packs/managed-identity-key-vault-failure", "--color", "never"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasSuffix("verdict: confirmed (H1 4/4 held · H2 4/4 held)\n"))
        let missing = try LabspecBinary.run(["verify", RunCommandTests.seed, "--evidence", "no/such/pack"])
        #expect(missing.status == 2)
    }
}

/// On a terminal a running step shows its elapsed time and a `sleep` its countdown, in
/// place; `--quiet` prints only what fails and the verdict.
@Suite struct ProgressTests {
    @Test func aTerminalShowsElapsedTimeAndASleepCountdownInPlace() throws {
        let spec = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-progress-\(UUID().uuidString).yaml")
        try """
            labspec: 1
            id: progress
            title: Progress
            phases:
              - id: p
                steps:
                  - {id: nap, sleep: 3s}
                  - {id: work, run: [sleep, "2"], expect: [{exit-code: 0}]}
            """.write(to: spec, atomically: true, encoding: .utf8)
        // `script` gives the binary a pseudo-terminal.
        let command = "\(LabspecBinary.url.path) run \(spec.path) --backend az --color always"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfc", command, "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("\r\u{1B}[2K    … nap 2s left of 3s"), "\(text)")
        #expect(text.contains("\r\u{1B}[2K    … work 1s"))
        #expect(text.contains("succeeded"))
    }

    @Test func quietPrintsOnlyFailuresAndTheVerdict() async throws {
        let outcome = await InProcess.run(["run", InProcess.path(RunCommandTests.seed), "--backend", "replay", "--evidence",
                                           InProcess.path("examples/packs/managed-identity-key-vault-failure"), "--quiet",
                                           "--color", "never"])
        #expect(outcome.status == 0)
        #expect(!outcome.stdout.contains("PASS"))
        #expect(!outcome.stdout.contains("▸ deploy"))
        #expect(outcome.stdout.hasSuffix("verdict: confirmed (H1 4/4 held · H2 4/4 held)\n"))
    }
}
