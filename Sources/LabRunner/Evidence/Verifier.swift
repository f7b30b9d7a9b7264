import JMESPath
import LabSpec

/// Judges a lab's evidence claims on what a run observed — a live run's outputs, or a
/// recorded pack played back by `ReplayBackend`, which is how `verify` reads a pack.
/// There is no other way to judge a claim: `Executor.run` calls this once, at the end.
struct Verifier: Sendable {
    let lab: Lab
    /// Observations by step id and by artifact name.
    let observations: [String: Observation]
    /// Why a step id or artifact has no observation (missing or unreadable in the pack).
    let unobserved: [String: String]
    /// Of those, the ones whose artifact is absent.
    let absent: Set<String>
    /// Every step's stderr artifact: a source naming one reads that stream's text.
    private let stderrArtifacts: Set<String>

    init(lab: Lab, observations: [String: Observation], unobserved: [String: String], absent: Set<String>) {
        self.lab = lab
        self.observations = observations
        self.unobserved = unobserved
        self.absent = absent
        stderrArtifacts = Set(lab.allSteps.compactMap { $0.stderrEvidence?.value })
    }

    /// Claims in order; what a claim captures is known to the claims after it.
    func verify(variables: Variables) -> [ClaimResult] {
        var variables = variables
        var results: [ClaimResult] = []
        for claim in lab.evidence.all {
            results.append(judge(claim, variables: &variables))
        }
        return results
    }

    private func judge(_ claim: EvidenceClaim, variables: inout Variables) -> ClaimResult {
        var result = ClaimResult(id: claim.id, side: claim.side, claim: claim.claim, source: claim.sourceText,
                                 location: claim.location)
        result.advisory = claim.advisory
        if !claim.alternatives.isEmpty {
            let evaluator = ExpectationEvaluator(variables: variables)
            result.alternatives = claim.alternatives.map { judge($0, evaluator) }
            return result
        }
        let name = "claim `\(claim.id ?? claim.claim)`"
        let observation: Observation
        switch self.observation(of: claim.sources, extracting: claim.extract, variables: variables) {
        case .success(let observed): observation = observed
        case .failure(let problem):
            result.error = problem.message
            for capture in claim.capture {
                variables.setUnknown(capture.name, because: "captured by \(name), which could not be judged: \(problem.message)")
            }
            return result
        }
        var captureFailures: [ExpectationResult] = []
        for capture in claim.capture {
            switch CaptureEvaluator.apply(capture, to: &variables, from: observation) {
            case .captured: break
            case .notFound(let message):
                // The evidence does not show what the capture looks for: the claim fails.
                captureFailures.append(ExpectationResult(
                    status: .failed, description: "capture \(capture.name)", observed: nil,
                    message: "the evidence does not show it: \(message)", location: capture.location))
                variables.setUnknown(capture.name, because: "captured by \(name), whose evidence does not show it")
            case .unreadable(let message):
                result.error = result.error ?? "capture `\(capture.name)`: \(message)"
                variables.setUnknown(capture.name, because: "captured by \(name), which could not be judged: \(message)")
            }
        }
        let evaluator = ExpectationEvaluator(variables: variables)
        result.expectations = captureFailures + claim.expect.map { evaluator.evaluate($0, on: observation) }
        return result
    }

    /// One alternative, on its own sources; optional and absent, it does not apply.
    private func judge(_ alternative: ClaimAlternative, _ evaluator: ExpectationEvaluator) -> ClaimResult.AlternativeResult {
        var result = ClaimResult.AlternativeResult(source: alternative.sourceText, expectations: [])
        switch observation(of: alternative.sources, extracting: alternative.extract, variables: evaluator.variables) {
        case .success(let observation):
            result.expectations = alternative.expect.map { evaluator.evaluate($0, on: observation) }
        case .failure(let problem):
            if alternative.optional, alternative.sources.contains(where: { absent.contains($0.value) }) {
                result.optionalAndAbsent = true
            }
            result.error = problem.message
        }
        return result
    }

    /// What a claim's expectations read: with `extract`, every match in its sources' text;
    /// else the sources' one observation, or their several as one JSON array in the order
    /// given (a text artifact joins as a string).
    private func observation(of sources: [Located<String>], extracting pattern: Pattern?,
                             variables: Variables) -> Result<Observation, ClaimProblem> {
        var found: [Observation] = []
        for source in sources {
            guard let observation = observations[source.value] else {
                if let reason = unobserved[source.value] { return .failure(ClaimProblem(message: reason)) }
                let step = lab.step(id: source.value).map { " (step `\($0.id)` did not run)" } ?? ""
                return .failure(ClaimProblem(message: "`\(source.value)` was not observed in this run\(step)"))
            }
            found.append(observation)
        }
        if let pattern { return extracted(pattern, from: Array(zip(sources, found)), variables: variables) }
        if found.count == 1 { return .success(found[0]) }
        var documents: [JSONValue] = []
        for (source, observation) in zip(sources, found) {
            if namesStderr(source) {
                documents.append(.string(observation.stderr))
                continue
            }
            if let reason = observation.unrecordedOutput {
                return .failure(ClaimProblem(message: "`\(source.value)`: \(reason)"))
            }
            do {
                documents.append(try observation.joinedDocument())
            } catch {
                return .failure(ClaimProblem(message: "artifact `\(observation.artifact ?? source.value)` cannot be read: \(error.reason)"))
            }
        }
        return .success(Observation(.recorded(stdout: JSONValue.array(documents).compactText, stderr: "")))
    }

    /// `extract`: the matches in each source's text, in the order given, as the document
    /// (and `stdout`) the expectations read. A source naming a step's stderr artifact is
    /// that artifact's text, never the step's (perhaps empty) output. With one source its
    /// stderr stays for `stderr` expectations.
    private func extracted(_ pattern: Pattern, from sources: [(Located<String>, Observation)],
                           variables: Variables) -> Result<Observation, ClaimProblem> {
        var matches: [JSONValue] = []
        for (source, observation) in sources {
            let stderr = namesStderr(source)
            if !stderr, let reason = observation.unrecordedOutput {
                return .failure(ClaimProblem(message: "extract on `\(source.value)`: \(reason)"))
            }
            switch TextExtraction.matches(of: pattern, in: stderr ? observation.stderr : observation.stdout,
                                          variables: variables) {
            case .success(.array(let found)): matches += found
            case .success(let other): matches.append(other)
            case .failure(let problem): return .failure(ClaimProblem(message: "extract: \(problem.message)"))
            }
        }
        let stderr = sources.count == 1 ? sources[0].1.stderr : ""
        return .success(Observation(.recorded(stdout: JSONValue.array(matches).compactText, stderr: stderr)))
    }
}

extension Verifier {
    /// Whether `source` names a step's stderr artifact: its text is that stream.
    func namesStderr(_ source: Located<String>) -> Bool {
        stderrArtifacts.contains(source.value)
    }
}

struct ClaimProblem: Error {
    var message: String
}
