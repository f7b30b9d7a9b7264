import Foundation
import JMESPath
import LabSpec
import Testing
import TestSupport

/// The example pipeline's labspec commands that need no Azure run as written, so the
/// example cannot rot.
@Suite struct ExamplePipelineTests {
    @Test func theGitHubActionsExampleRunsItsOfflineSteps() throws {
        let workflow = Fixtures.repositoryRoot.appendingPathComponent("examples/pipelines/github-actions.yml")
        let document = try StructuredDocument.parse(try String(contentsOf: workflow, encoding: .utf8))
        let runs = try JMESPathExpression("jobs.lab.steps[?run && starts_with(run, '.build/release/labspec') && !contains(run, '--set')].run")
            .search(document)
        guard case .array(let commands) = runs else {
            Issue.record("no labspec steps found")
            return
        }
        #expect(commands.count == 2)
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-pipeline-\(UUID().uuidString)")
        for case .string(let command) in commands {
            let words = command.replacingOccurrences(of: "reports/", with: reports.path + "/")
                .split(whereSeparator: \.isWhitespace).map(String.init)
            #expect(words.first == ".build/release/labspec")
            let outcome = try LabspecBinary.run(Array(words.dropFirst()))
            #expect(outcome.status == 0, "\(command)\n\(outcome.stdout)\n\(outcome.stderr)")
        }
        let summary = try String(contentsOf: reports.appendingPathComponent("lab.md"), encoding: .utf8)
        #expect(summary.contains("**Verdict: confirmed**"))
        #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent("lab.xml").path))
    }
}
