import Foundation
import JMESPath
import LabSpec
import Testing
import TestSupport

/// The GitHub Action (`action.yml`): its two shell steps run as written, with the
/// environment a runner gives them, and do what its inputs and outputs promise.
@Suite struct ActionTests {
    /// The `run` line of the action's step `name`, and the variables it maps from inputs.
    private func step(_ name: String) throws -> (run: String, env: [String: String]) {
        let text = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("action.yml"), encoding: .utf8)
        let document = try StructuredDocument.parse(text)
        guard case .object(let step)? = try JMESPathExpression("runs.steps[?name=='\(name)'] | [0]").search(document).objectValue,
              case .string(let run)? = step["run"] else { throw CocoaError(.fileReadCorruptFile) }
        var env: [String: String] = [:]
        if case .object(let mapping)? = step["env"] {
            for entry in mapping { if case .string(let value) = entry.value { env[entry.key] = value } }
        }
        return (run, env)
    }

    /// A runner's job: a workspace, the output and summary files, the action's path.
    private func job() throws -> (folder: URL, environment: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-action-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["output", "summary", "path"] {
            FileManager.default.createFile(atPath: folder.appendingPathComponent(file).path, contents: nil)
        }
        return (folder, ["GITHUB_OUTPUT": folder.appendingPathComponent("output").path,
                         "GITHUB_STEP_SUMMARY": folder.appendingPathComponent("summary").path,
                         "GITHUB_PATH": folder.appendingPathComponent("path").path,
                         "GITHUB_ACTION_PATH": Fixtures.repositoryRoot.path, "RUNNER_TEMP": folder.path,
                         "LABSPEC": LabspecBinary.url.path])
    }

    private func runStep(_ inputs: [String: String], in job: (folder: URL, environment: [String: String])) throws
        -> LabspecBinary.Outcome {
        let (run, mapped) = try step("Run labspec")
        #expect(mapped.keys.sorted() == ["ARGS", "BACKEND", "COMMAND", "EVIDENCE", "REPORTS", "SPECS", "SUMMARY"])
        var environment = job.environment
        for (name, value) in inputs { environment[name] = value }
        return try LabspecBinary.shell(run, in: job.folder, environment: environment)
    }

    private func read(_ file: String, _ job: (folder: URL, environment: [String: String])) throws -> String {
        try String(contentsOf: job.folder.appendingPathComponent(file), encoding: .utf8)
    }

    @Test func verifyPublishesTheVerdictAsOutputsSummaryAndReports() throws {
        let job = try job()
        let outcome = try runStep(["COMMAND": "verify", "SPECS": InProcess.path("specs/scale-rule-mismatch.yaml"),
                                   "EVIDENCE": InProcess.path("examples/packs/scale-rule-mismatch")], in: job)
        #expect(outcome.status == 6, "\(outcome.stdout)\(outcome.stderr)")
        #expect(try read("output", job) == "verdict=not-recovered\nexit-code=6\n")
        #expect(try read("summary", job).contains("**Verdict: not-recovered**"))
        for report in ["junit.xml", "report.json", "verdict.md"] {
            #expect(FileManager.default.fileExists(atPath: job.folder.appendingPathComponent("labspec-reports/\(report)").path))
        }
    }

    @Test func runReplaysAPackToItsVerdict() throws {
        let job = try job()
        let outcome = try runStep(["COMMAND": "run", "BACKEND": "replay", "REPORTS": "out",
                                   "SPECS": InProcess.path("specs/managed-identity-key-vault-failure.yaml"),
                                   "EVIDENCE": InProcess.path("examples/packs/managed-identity-key-vault-failure")], in: job)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(try read("output", job) == "verdict=confirmed\nexit-code=0\n")
    }

    @Test func validateAnnotatesTheBrokenSpecAndFails() throws {
        let job = try job()
        let broken = try Fixtures.strippedCopy(of: ["invalid"]).appendingPathComponent("invalid/unknown-key-in-step.yaml")
        let outcome = try runStep(["COMMAND": "validate", "SPECS": "\(InProcess.path("specs")) \(broken.path)"], in: job)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("::error file=\(broken.path),line=10,col=9,title=unknown-key::unknown key `expct`"),
                "\(outcome.stdout)")
        #expect(try read("output", job) == "verdict=invalid\nexit-code=2\n")
        let summary = try read("summary", job)
        #expect(summary.contains("### labspec validate: invalid"))
        #expect(summary.contains("\(broken.path): invalid (1 error, 2 warnings)"), "\(summary)")
        #expect(summary.contains("4 specs: 3 valid, 1 invalid"), "\(summary)")
    }

    /// The install step with a release: the download is checked against its SHA-256
    /// before it lands on the job's PATH; a tampered one is refused.
    @Test func installChecksTheReleaseBeforePuttingItOnPath() throws {
        let job = try job()
        let release = job.folder.appendingPathComponent("release")
        let name = try LabspecBinary.packRelease(version: "9.9.9", in: release)
        let (run, mapped) = try step("Install labspec")
        #expect(mapped.keys.sorted() == ["ACTION_PATH", "ACTION_REPOSITORY", "LABSPEC_VERSION"])
        var environment = job.environment
        environment["LABSPEC_VERSION"] = "9.9.9"
        environment["LABSPEC_RELEASE_URL"] = "file://\(release.path)"
        environment["ACTION_PATH"] = Fixtures.repositoryRoot.path
        let installed = try LabspecBinary.shell(run, in: job.folder, environment: environment)
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        let path = try read("path", job).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.isExecutableFile(atPath: path + "/labspec"))

        try "0000  \(name).tar.gz\n".write(to: release.appendingPathComponent("\(name).tar.gz.sha256"), atomically: true,
                                          encoding: .utf8)
        let tampered = try LabspecBinary.shell(run, in: job.folder, environment: environment)
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("does not match its SHA-256"), "\(tampered.stderr)")
    }
}

private extension JSONValue {
    var objectValue: JSONValue? { if case .object = self { self } else { nil } }
}
