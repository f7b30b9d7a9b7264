import Foundation
import JMESPath
import LabSpec
import Testing
import TestSupport

/// The example pipeline's steps that need no Azure run as written — validation and the
/// matrix listing, then each lab's replay through the action's own step with the matrix
/// filled in — so the example cannot rot.
@Suite struct ExamplePipelineTests {
    static let workflow = Fixtures.repositoryRoot.appendingPathComponent("examples/pipelines/github-actions.yml")

    private func step(_ document: JSONValue, job: String, named name: String) throws -> [String: JSONValue] {
        let found = try JMESPathExpression("jobs.\(job).steps[?name=='\(name)'] | [0]").search(document)
        guard case .object(let step) = found else { throw CocoaError(.fileReadCorruptFile) }
        var result: [String: JSONValue] = [:]
        for entry in step { result[entry.key] = entry.value }
        return result
    }

    /// A step's `with:` inputs as the action's run step receives them (upper-cased names).
    private func inputs(_ step: [String: JSONValue], matrix: [String: String] = [:]) -> [String: String] {
        guard case .object(let with)? = step["with"] else { return [:] }
        var environment: [String: String] = [:]
        for entry in with {
            guard case .string(var value) = entry.value else { continue }
            for (name, filled) in matrix { value = value.replacingOccurrences(of: "${{ matrix.lab.\(name) }}", with: filled) }
            environment[entry.key.uppercased()] = value
        }
        return environment
    }

    private var path: String {
        LabspecBinary.url.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    @Test func theGitHubActionsExampleRunsItsOfflineSteps() throws {
        let document = try StructuredDocument.parse(try String(contentsOf: Self.workflow, encoding: .utf8))
        let action = try StructuredDocument.parse(try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("action.yml"),
                                                             encoding: .utf8))
        guard case .string(let runStep) = try JMESPathExpression("runs.steps[?name=='Run labspec'].run | [0]").search(action) else {
            Issue.record("action.yml has no `Run labspec` step")
            return
        }
        let jobFolder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: jobFolder, withIntermediateDirectories: true)
        let runner = ["GITHUB_ACTION_PATH": Fixtures.repositoryRoot.path, "PATH": path]

        // Validation through the action, as the catalogue job runs it.
        let validate = try step(document, job: "catalogue", named: "Validate every spec (annotations on the pull request)")
        #expect(validate["uses"] == .string("./"))
        var environment = runner.merging(inputs(validate)) { $1 }
        environment["REPORTS"] = jobFolder.appendingPathComponent("validate").path
        let validated = try LabspecBinary.shell(runStep, environment: environment)
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")

        // The matrix: what `list` prints, filtered by `query`, as the shell step runs it.
        guard case .string(let list)? = try step(document, job: "catalogue", named: "List the labs as a matrix")["run"] else {
            Issue.record("no matrix step")
            return
        }
        let output = jobFolder.appendingPathComponent("output")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let listed = try LabspecBinary.shell(list, environment: ["PATH": path, "GITHUB_OUTPUT": output.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let line = try String(contentsOf: output, encoding: .utf8)
        #expect(line.hasPrefix("labs=") && line.filter { $0 == "\n" }.count == 1, "the matrix must be one line for GITHUB_OUTPUT")
        guard case .array(let labs) = try JSONValue(parsing: String(line.dropFirst(5))) else {
            Issue.record("the matrix is not a JSON array: \(line)")
            return
        }
        #expect(labs.count == 3)

        // Each lab's replay through the action, with the matrix values filled in; its exit
        // status is its verdict, its reports are where the publishing steps look.
        let verdicts = ["managed-identity-key-vault-failure": Int32(0), "scale-rule-mismatch": 6, "cd-reconnect-rbac-conflict": 0]
        let replay = try step(document, job: "lab", named: "Replay the recorded pack (pull requests, no Azure needed)")
        let publish = try step(document, job: "lab", named: "Publish the JUnit report as a test tab")
        #expect(inputs(publish)["REPORT_PATHS"] == "reports/junit.xml")
        for case .object(let lab) in labs {
            guard case .string(let id)? = lab["id"], case .string(let specPath)? = lab["path"] else { continue }
            let folder = jobFolder.appendingPathComponent(id)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var environment = runner.merging(inputs(replay, matrix: ["id": id, "path": specPath])) { $1 }
            environment["SPECS"] = Fixtures.repositoryRoot.appendingPathComponent(environment["SPECS"] ?? "").path
            environment["EVIDENCE"] = Fixtures.repositoryRoot.appendingPathComponent(environment["EVIDENCE"] ?? "").path
            let outcome = try LabspecBinary.shell(runStep, in: folder, environment: environment)
            #expect(outcome.status == verdicts[id], "\(id): \(outcome.stdout.suffix(400))\n\(outcome.stderr)")
            let summary = try String(contentsOf: folder.appendingPathComponent("reports/verdict.md"), encoding: .utf8)
            #expect(summary.contains("**Verdict: "))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports/junit.xml").path))
        }
    }
}
