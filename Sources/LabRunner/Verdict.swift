import JMESPath
import LabSpec

/// The outcome of one evidence claim.
public struct ClaimResult: Sendable {
    public var id: String?
    public var side: EvidenceClaim.Side
    public var claim: String
    public var source: String
    public var expectations: [ExpectationResult]
    /// Why the claim could not be judged (a missing artifact, a capture that found nothing).
    public var error: String?

    public var passed: Bool { error == nil && expectations.allSatisfy(\.holds) }
}

/// Whether the failure was reproduced (H1) and recovery verified (H2).
public struct Verdict: Sendable {
    public enum Outcome: String, Sendable {
        case confirmed
        case notReproduced = "not-reproduced"
        case notRecovered = "not-recovered"
        case error
        case cleanupFailed = "cleanup-failed"
    }

    public var claims: [ClaimResult]
    public var outcome: Outcome

    public var duringFailure: [ClaimResult] { claims.filter { $0.side == .duringFailure } }
    public var afterFix: [ClaimResult] { claims.filter { $0.side == .afterFix } }

    /// The same rule for `run` and `verify`: any claim that could not be judged is an
    /// error; else H1 must hold before H2 counts.
    public static func judge(_ claims: [ClaimResult], cleanupFailed: Bool = false) -> Verdict {
        let outcome: Outcome
        if claims.contains(where: { $0.error != nil }) {
            outcome = .error
        } else if !claims.filter({ $0.side == .duringFailure }).allSatisfy(\.passed) {
            outcome = .notReproduced
        } else if !claims.filter({ $0.side == .afterFix }).allSatisfy(\.passed) {
            outcome = .notRecovered
        } else {
            outcome = cleanupFailed ? .cleanupFailed : .confirmed
        }
        return Verdict(claims: claims, outcome: outcome)
    }
}

/// Checks a lab's evidence claims: against a recorded pack with no backend at all, or
/// against what a run just observed. Both reach their verdict the same way.
public struct Verifier: Sendable {
    public let lab: Lab
    private let artifact: @Sendable (String) throws(EvidencePack.Problem) -> Observation

    public init(lab: Lab, pack: EvidencePack) {
        self.lab = lab
        artifact = { name throws(EvidencePack.Problem) in try pack.observation(source: name, in: lab) }
    }

    /// Over a run's observations, keyed by step id and by artifact name.
    init(lab: Lab, observations: [String: Observation]) {
        self.lab = lab
        artifact = { name throws(EvidencePack.Problem) in
            guard let observation = observations[name] else { throw .missing(name) }
            return observation
        }
    }

    public func verify(variables: Variables = Variables()) -> Verdict {
        var variables = variables
        var results: [ClaimResult] = []
        for claim in lab.evidence.all {
            var result = ClaimResult(id: claim.id, side: claim.side, claim: claim.claim, source: claim.sourceText,
                                     expectations: [], error: nil)
            let artifact = claim.sourceText
            // What a claim that cannot be judged would have captured is unknown to the
            // claims after it: they are not verifiable, rather than failed for want of it.
            let unjudged = "captured by claim `\(claim.id ?? claim.claim)`, which could not be judged"
            let observation: Observation
            switch self.observation(of: claim) {
            case .success(let observed): observation = observed
            case .failure(let problem):
                result.error = problem.message
                for capture in claim.capture { variables.setUnknown(capture.name, because: unjudged) }
                results.append(result)
                continue
            }
            for capture in claim.capture {
                if let problem = CaptureEvaluator.apply(capture, to: &variables, from: observation) {
                    result.error = result.error ?? "capture `\(capture.name)` from `\(artifact)`: \(problem)"
                    variables.setUnknown(capture.name, because: unjudged)
                }
            }
            let evaluator = ExpectationEvaluator(variables: variables)
            result.expectations = claim.expect.map { evaluator.evaluate($0, on: observation) }
            // A claim of which nothing could be checked is not judged, whatever it says.
            if result.error == nil, !result.expectations.isEmpty,
               result.expectations.allSatisfy({ $0.status == .notVerifiable }) {
                result.error = "nothing it expects can be checked from this evidence"
            }
            results.append(result)
        }
        return Verdict.judge(results)
    }

    /// The claim's one source, or its several as one JSON array in the order given.
    private func observation(of claim: EvidenceClaim) -> Result<Observation, ClaimProblem> {
        var observations: [Observation] = []
        for source in claim.sources {
            do {
                observations.append(try artifact(source.value))
            } catch {
                switch error {
                case .missing(let name):
                    // A step id names the step's artifact, which is what is missing.
                    let artifact = lab.step(id: name)?.artifacts.first.map { "`\($0.value)` (of step `\(name)`)" } ?? "`\(name)`"
                    return .failure(ClaimProblem(message: "artifact \(artifact) is missing from the evidence"))
                case .unreadable(let name): return .failure(ClaimProblem(message: "artifact `\(name)` is not UTF-8 text"))
                }
            }
        }
        if observations.count == 1 { return .success(observations[0]) }
        var documents: [JSONValue] = []
        for (source, observation) in zip(claim.sources, observations) {
            do {
                documents.append(try observation.document())
            } catch {
                return .failure(ClaimProblem(message: "artifact `\(source.value)` is not JSON or YAML, so it cannot be judged with others"))
            }
        }
        return .success(Observation(.recorded(stdout: JSONValue.array(documents).compactText, stderr: "")))
    }
}

struct ClaimProblem: Error {
    var message: String
}
