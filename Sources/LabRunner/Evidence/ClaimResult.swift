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
    /// Judged and reported, never part of the verdict.
    public var advisory = false
    /// The claim's alternatives (`any:`), each judged on its own; empty for a claim with
    /// one source.
    public var alternatives: [AlternativeResult] = []

    /// How one alternative came out.
    public struct AlternativeResult: Sendable {
        public enum Status: String, Sendable {
            case held, failed
            case notJudged = "not-judged"
            /// Optional, and its artifact is absent.
            case notApplicable = "not-applicable"
        }

        public var source: String
        public var expectations: [ExpectationResult]
        public var error: String?
        public var optionalAndAbsent = false

        public var status: Status {
            if optionalAndAbsent { return .notApplicable }
            if expectations.contains(where: { $0.status == .failed }) { return .failed }
            if error != nil || expectations.isEmpty || !expectations.allSatisfy({ $0.status == .passed }) { return .notJudged }
            return .held
        }
    }

    /// The alternative that held, counted from 1.
    public var heldBy: Int? {
        alternatives.firstIndex { $0.status == .held }.map { $0 + 1 }
    }

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
    /// With alternatives: one that holds decides; else one not judged leaves the claim
    /// unjudged; else it fails — unless no alternative applied at all.
    public var status: Status {
        if !alternatives.isEmpty {
            let statuses = alternatives.map(\.status)
            if statuses.contains(.held) { return .held }
            if statuses.contains(.notJudged) || error != nil { return .notJudged }
            return statuses.contains(.failed) ? .failed : .notJudged
        }
        if expectations.contains(where: { $0.status == .failed }) { return .failed }
        if error != nil || expectations.isEmpty || !expectations.allSatisfy({ $0.status == .passed }) { return .notJudged }
        return .held
    }

    /// Why the claim was not judged: its error, or the first expectation not judged.
    public var notJudgedReason: String? {
        guard status == .notJudged else { return nil }
        if let error { return error }
        if !alternatives.isEmpty {
            guard let first = alternatives.enumerated().first(where: { $0.element.status == .notJudged }) else {
                return "no alternative applies: every one is optional and its artifact absent"
            }
            let alternative = first.element
            let why = alternative.error ?? alternative.expectations.first { $0.status != .passed }
                .map { "\($0.description): \($0.message ?? "not judged")" } ?? "not judged"
            return "alternative \(first.offset + 1) [\(alternative.source)]: \(why)"
        }
        if let first = expectations.first(where: { $0.status != .passed }) {
            return "\(first.description): \(first.message ?? "not judged")"
        }
        return "it states no expectation"
    }
}
