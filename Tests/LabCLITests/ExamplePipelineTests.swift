import Foundation
import JMESPath
import LabSpec
import Testing
import TestSupport

/// The example pipeline's labspec commands that need no Azure run as written — the
/// matrix listing, then each lab's replay with the matrix filled in — so the example
/// cannot rot.
@Suite struct ExamplePipelineTests {
    private func step(_ document: JSONValue, job: String, named name: String) throws -> String {
        let found = try JMESPathExpression("jobs.\(job).steps[?name=='\(name)'].run | [0]").search(document)
        guard case .string(let run) = found else { throw CocoaError(.fileReadCorruptFile) }
        return run
    }

    @Test func theGitHubActionsExampleRunsItsOfflineSteps() throws {
        let workflow = Fixtures.repositoryRoot.appendingPathComponent("examples/pipelines/github-actions.yml")
        let document = try StructuredDocument.parse(try String(contentsOf: workflow, encoding: .utf8))
        let binary = LabspecBinary.url.path

        // The matrix: what `list` prints, filtered by `query`, as the shell step runs it.
        let list = try step(document, job: "catalogue", named: "List the labs as a matrix")
        let command = list.replacingOccurrences(of: ".build/release/labspec", with: binary)
            .replacingOccurrences(of: #"echo "labs=$("#, with: "").replacingOccurrences(of: #")" >> "$GITHUB_OUTPUT""#, with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = Fixtures.repositoryRoot
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let matrixText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard case .array(let labs) = try JSONValue(parsing: matrixText) else {
            Issue.record("the matrix is not a JSON array: \(matrixText)")
            return
        }
        #expect(labs.count == 3)
        #expect(!matrixText.trimmingCharacters(in: .newlines).contains("\n"), "the matrix must be one line for GITHUB_OUTPUT")

        // Each lab's replay, with the matrix values filled in; its exit status is its verdict.
        let verdicts = ["managed-identity-key-vault-failure": Int32(0), "scale-rule-mismatch": 6, "cd-reconnect-rbac-conflict": 0]
        let replay = try step(document, job: "lab", named: "Replay the recorded pack (pull requests, no Azure needed)")
        for case .object(let lab) in labs {
            guard case .string(let id)? = lab["id"], case .string(let path)? = lab["path"] else { continue }
            let reports = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-pipeline-\(UUID().uuidString)")
            let words = replay.replacingOccurrences(of: "${{ matrix.lab.path }}", with: path)
                .replacingOccurrences(of: "${{ matrix.lab.id }}", with: id)
                .replacingOccurrences(of: "reports/", with: reports.path + "/")
                .split(whereSeparator: \.isWhitespace).map(String.init)
            #expect(words.first == ".build/release/labspec")
            let outcome = try LabspecBinary.run(Array(words.dropFirst()))
            #expect(outcome.status == verdicts[id], "\(id): \(outcome.stdout.suffix(400))\n\(outcome.stderr)")
            let summary = try String(contentsOf: reports.appendingPathComponent("lab.md"), encoding: .utf8)
            #expect(summary.contains("**Verdict: "))
            #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent("lab.xml").path))
        }
    }
}
