import LabSpec

/// What a step does besides its action — its timeout, environment, folder, failure
/// handling, sampling, waiting and artifacts — as `plan` and `render` both say it.
public enum StepFacts {
    /// What the step does besides its action, each said in a few words.
    /// `waiting` adds the `until` loop and `expect-failure`, which a runbook shows as
    /// code and expectations instead.
    public static func describe(_ step: Step, waiting: Bool = false) -> [String] {
        var facts: [String] = []
        if waiting, let wait = step.wait {
            facts.append("repeated every \(wait.interval?.description ?? "5s") until "
                + wait.until.map(ExpectationEvaluator.describe).joined(separator: " and ")
                + (wait.consecutive > 1 ? ", \(wait.consecutive) times in a row" : "")
                + (wait.within.map { ", for at most \($0)" } ?? ""))
        }
        if waiting, let expected = step.expectFailure {
            facts.append("must fail" + (expected.exitCode.map { " with exit code \($0)" } ?? "")
                + (expected.stderr.map { ", stderr matching /\($0.source)/" } ?? ""))
        }
        if let timeout = step.timeout { facts.append("stopped after \(timeout)") }
        if !step.environment.isEmpty {
            facts.append("environment " + step.environment.map { "`\($0.name)=\($0.value.symbolic)`" }.joined(separator: ", "))
        }
        if let folder = step.workingDirectory { facts.append("run in `\(folder.symbolic)`") }
        if step.allowFailure { facts.append("a failure is recorded, and the lab goes on") }
        if case .http(let request) = step.action, request.count > 1 {
            facts.append("sampled \(request.count) times, every \(request.every?.description ?? "1s")")
        }
        if let artifact = step.evidence { facts.append("recorded as `\(artifact.value)`") }
        if let stderr = step.stderrEvidence { facts.append("stderr recorded as `\(stderr.value)`") }
        if let combined = step.combinedEvidence { facts.append("both streams recorded as `\(combined.value)`, as they arrived") }
        return facts
    }
}
