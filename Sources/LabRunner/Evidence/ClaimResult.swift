import LabSpec

/// The outcome of one evidence claim.
public struct ClaimResult: Sendable {
    /// A claim holds only when every expectation in it was judged and held.
    public enum Status: String, Sendable {
        case held
        /// An expectation was judged and did not hold: the evidence does not show it.
        case failed
        /// The evidence could not be read, or a value it needs is unknown: nothing is said
        /// either way.
        case notJudged = "not-judged"
    }

    public var id: String?
    public var side: EvidenceClaim.Side
    public var claim: String
    public var source: String
    public var location: SourceLocation
    public var expectations: [ExpectationResult]
    /// Why the claim could not be judged (a missing or unreadable artifact).
    public var error: String?

    public init(id: String?, side: EvidenceClaim.Side, claim: String, source: String, location: SourceLocation,
                expectations: [ExpectationResult] = [], error: String? = nil) {
        self.id = id
        self.side = side
        self.claim = claim
        self.source = source
        self.location = location
        self.expectations = expectations
        self.error = error
    }

    /// A failed expectation decides; else anything not judged leaves the claim unjudged.
    public var status: Status {
        if expectations.contains(where: { $0.status == .failed }) { return .failed }
        if error != nil || expectations.isEmpty || !expectations.allSatisfy({ $0.status == .passed }) { return .notJudged }
        return .held
    }

    /// Why the claim was not judged: its error, or the first expectation not judged.
    public var notJudgedReason: String? {
        guard status == .notJudged else { return nil }
        if let error { return error }
        if let first = expectations.first(where: { $0.status != .passed }) {
            return "\(first.description): \(first.message ?? "not judged")"
        }
        return "it states no expectation"
    }
}
