import Foundation
import LabRunner
import LabSpec
import Testing
import TestSupport

/// Every shipped spec is dry-run, so examples never rot: each step is planned, none fails.
@Suite struct ShippedSpecsDryRunTests {
    @Test(arguments: SpecCorpusTests.shipped)
    func dryRunsCleanly(_ spec: URL) async throws {
        let lab = try #require(LabLoader.load(path: spec.path).lab)
        var variables = Variables()
        for input in lab.inputs {
            variables.set(input.name, input.defaultValue.map { variables.render($0).text } ?? "${\(input.name)}")
        }
        let record = await Executor(lab: lab, backend: DryRunBackend()).run(phases: lab.phases, variables: variables)
        let steps = record.steps + record.cleanup
        #expect(steps.count == lab.allSteps.count)
        #expect(steps.allSatisfy { $0.status == .planned }, "\(steps.filter { $0.status != .planned }.map { "\($0.id): \($0.message ?? "")" })")
        #expect(steps.flatMap(\.expectations).allSatisfy { $0.status == .notEvaluated })
    }
}
