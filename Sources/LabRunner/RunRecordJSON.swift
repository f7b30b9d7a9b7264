import Foundation
import JMESPath
import LabSpec

/// A run record's parts as JSON, shared by `manifest.json` and the JSON report.
public enum RunRecordJSON {
    public static func step(_ step: StepRecord) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(step.id)
        object["phase"] = .string(step.phase)
        object["title"] = step.title.map { .string($0) } ?? .null
        object["status"] = .string(step.status.rawValue)
        object["action"] = .string(step.action)
        object["exit_code"] = step.exitCode.map { .int($0) } ?? .null
        object["http_status"] = step.httpStatus.map { .int($0) } ?? .null
        object["started"] = step.started.map { .string(timestamp($0)) } ?? .null
        object["ended"] = step.ended.map { .string(timestamp($0)) } ?? .null
        object["attempts"] = .int(step.attempts)
        if step.background { object["background"] = .bool(true) }
        if step.droppedBytes > 0 { object["dropped_bytes"] = .int(step.droppedBytes) }
        object["artifact"] = step.artifact.map { .string($0) } ?? .null
        object["captured"] = .array(step.captured.map { .string($0) })
        object["message"] = step.message.map { .string($0) } ?? .null
        object["expectations"] = .array(step.expectations.map(expectation))
        return .object(object)
    }

    public static func expectation(_ result: ExpectationResult) -> JSONValue {
        var object = JSONObject()
        object["status"] = .string(result.status.rawValue)
        object["expectation"] = .string(result.description)
        object["observed"] = result.observed.map { .string($0) } ?? .null
        object["message"] = result.message.map { .string($0) } ?? .null
        object["line"] = .int(result.location.line)
        return .object(object)
    }

    public static func verdict(_ verdict: Verdict) -> JSONValue {
        var object = JSONObject()
        object["outcome"] = .string(verdict.outcome.rawValue)
        object["reason"] = verdict.reason.map { .string($0) } ?? .null
        object["during_failure"] = summary(verdict.duringFailure)
        object["after_fix"] = summary(verdict.afterFix)
        object["claims"] = .array(verdict.claims.map { claim in
            var entry = JSONObject()
            entry["id"] = claim.id.map { .string($0) } ?? .null
            entry["side"] = .string(claim.side.rawValue)
            entry["claim"] = .string(claim.claim)
            entry["source"] = .string(claim.source)
            entry["status"] = .string(claim.status.rawValue)
            entry["line"] = .int(claim.location.line)
            entry["error"] = claim.error.map { .string($0) } ?? .null
            entry["not_judged_reason"] = claim.notJudgedReason.map { .string($0) } ?? .null
            entry["expectations"] = .array(claim.expectations.map(expectation))
            if claim.advisory { entry["advisory"] = .bool(true) }
            if !claim.alternatives.isEmpty {
                entry["held_by"] = claim.heldBy.map { .int($0) } ?? .null
                entry["alternatives"] = .array(claim.alternatives.map { alternative in
                    var object = JSONObject()
                    object["source"] = .string(alternative.source)
                    object["status"] = .string(alternative.status.rawValue)
                    object["error"] = alternative.error.map { .string($0) } ?? .null
                    object["expectations"] = .array(alternative.expectations.map(expectation))
                    return .object(object)
                })
            }
            return .object(entry)
        })
        return .object(object)
    }

    private static func summary(_ all: [ClaimResult]) -> JSONValue {
        let claims = all.filter { !$0.advisory }
        var object = JSONObject()
        object["claims"] = .int(claims.count)
        object["held"] = .int(claims.filter { $0.status == .held }.count)
        object["failed"] = .int(claims.filter { $0.status == .failed }.count)
        object["not_judged"] = .int(claims.filter { $0.status == .notJudged }.count)
        return .object(object)
    }

    public static func timestamp(_ date: Date) -> String {
        Timestamp.text(epochSeconds: date.timeIntervalSince1970, fractionDigits: 3)
    }

    public static func seconds(_ interval: TimeInterval) -> Double { (interval * 1000).rounded() / 1000 }
}
