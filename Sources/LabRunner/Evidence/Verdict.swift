import LabSpec

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
    /// Why the verdict is `error` when no claim says so itself (a side with no claims).
    public var reason: String?

    public var duringFailure: [ClaimResult] { claims.filter { $0.side == .duringFailure } }
    public var afterFix: [ClaimResult] { claims.filter { $0.side == .afterFix } }

    /// The one rule for `run`, replay and `verify`, side by side:
    /// 1. a during-failure claim that fails → `not-reproduced` (whatever H2 says);
    /// 2. a during-failure claim not judged, or no such claim → `error`;
    /// 3. an after-fix claim that fails → `not-recovered`;
    /// 4. an after-fix claim not judged, or no such claim → `error`;
    /// 5. else `confirmed` — or `cleanup-failed` when cleanup failed.
    /// Advisory claims are reported and never counted.
    public static func judge(_ claims: [ClaimResult], cleanupFailed: Bool = false) -> Verdict {
        let during = claims.filter { $0.side == .duringFailure && !$0.advisory }
        let after = claims.filter { $0.side == .afterFix && !$0.advisory }
        func verdict(_ outcome: Outcome, _ reason: String? = nil) -> Verdict {
            Verdict(claims: claims, outcome: outcome, reason: reason)
        }
        if during.contains(where: { $0.status == .failed }) { return verdict(.notReproduced) }
        if during.isEmpty { return verdict(.error, "the lab states no during-failure claim: the failure was not judged") }
        if during.contains(where: { $0.status == .notJudged }) { return verdict(.error) }
        if after.contains(where: { $0.status == .failed }) { return verdict(.notRecovered) }
        if after.isEmpty { return verdict(.error, "the lab states no after-fix claim: recovery was not judged") }
        if after.contains(where: { $0.status == .notJudged }) { return verdict(.error) }
        return verdict(cleanupFailed ? .cleanupFailed : .confirmed)
    }

    /// Claims of `side` (or all) with `status`.
    public func count(_ status: ClaimResult.Status, side: EvidenceClaim.Side? = nil) -> Int {
        claims.filter { ($0.side == side || side == nil) && $0.status == status }.count
    }
}
