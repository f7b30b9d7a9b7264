import LabRunner

/// How an expectation, a step and a claim read in every output — console, JUnit and
/// Markdown say the same words for the same result.
public enum ResultText {
    /// `PASS`, `FAIL`, `NOT JUDGED`, `----`.
    public static func word(_ status: ExpectationResult.Status) -> String {
        switch status {
        case .passed: "PASS"
        case .failed: "FAIL"
        case .notEvaluated: "----"
        case .notJudged: "NOT JUDGED"
        }
    }

    /// What follows the word: `status != 200 (got 500): why`.
    public static func detail(_ result: ExpectationResult) -> String {
        let observed = result.observed.map { " (got \($0))" } ?? ""
        switch result.status {
        case .notEvaluated: return "\(result.description) (not evaluated)"
        default: return "\(result.description)\(observed)" + (result.message.map { ": \($0)" } ?? "")
        }
    }

    /// `PASS status != 200 (got 500)`.
    public static func line(_ result: ExpectationResult) -> String {
        "\(word(result.status)) \(detail(result))"
    }

    /// `expected status != 200, got 200`: a failure's one-line message.
    public static func failureMessage(_ result: ExpectationResult) -> String {
        "expected \(result.description)" + (result.observed.map { ", got \($0)" } ?? "")
            + (result.message.map { ": \($0)" } ?? "")
    }

    /// `holds`, `fails`, `not judged`.
    public static func claim(_ status: ClaimResult.Status) -> String {
        switch status {
        case .held: "holds"
        case .failed: "fails"
        case .notJudged: "not judged"
        }
    }

    /// `holds (alternative 2)`, `fails`, with `(advisory)` when it is.
    public static func claimLabel(_ claim: ClaimResult) -> String {
        var text = self.claim(claim.status)
        if let index = claim.heldBy { text += " (alternative \(index))" }
        return text + (claim.advisory ? " (advisory)" : "")
    }

    /// `alternative 2 [06-logs.json]: does not apply`.
    public static func alternative(_ index: Int, _ alternative: ClaimResult.AlternativeResult) -> String {
        let status = switch alternative.status {
        case .held: "holds"
        case .failed: "fails"
        case .notJudged: "not judged" + (alternative.error.map { ": \($0)" } ?? "")
        case .notApplicable: "does not apply: optional, and its artifact is absent"
        }
        return "alternative \(index + 1) [\(alternative.source)]: \(status)"
    }

    /// Why a step's result is what it is, for a step whose expectations were not all judged.
    public static func notJudgedReason(_ step: StepRecord) -> String {
        let first = step.expectations.first { $0.status == .notJudged }
        return first.map { "not judged: \($0.description): \($0.message ?? "cannot be judged from the evidence")" }
            ?? step.message ?? "not judged"
    }
}

/// `H1 4/4 held · H2 3 held, 1 failed, 0 not judged of 4`, as the console and the reports say it.
public enum VerdictSummary {
    public static func line(_ verdict: Verdict) -> String {
        let advisory = verdict.claims.filter(\.advisory)
        return "H1 " + side(verdict.duringFailure.filter { !$0.advisory }) + " · H2 " + side(verdict.afterFix.filter { !$0.advisory })
            + (advisory.isEmpty ? "" : " · advisory " + side(advisory))
    }

    private static func side(_ claims: [ClaimResult]) -> String {
        let held = claims.filter { $0.status == .held }.count
        let failed = claims.filter { $0.status == .failed }.count
        let unjudged = claims.filter { $0.status == .notJudged }.count
        if claims.isEmpty { return "no claims" }
        if held == claims.count { return "\(held)/\(claims.count) held" }
        return "\(held) held, \(failed) failed, \(unjudged) not judged of \(claims.count)"
    }
}
