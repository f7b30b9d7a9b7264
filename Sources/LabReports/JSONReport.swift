import Foundation
import JMESPath
import LabRunner
import LabSpec

/// The whole run record as JSON: steps with their expectations, cleanup, and the verdict
/// with every claim. The same step entries make up `manifest.json`.
public enum JSONReport {
    public static func render(_ record: RunRecord, lab: Lab) -> String {
        var object = JSONObject()
        object["lab"] = .string(record.lab)
        object["title"] = .string(lab.title)
        object["backend"] = .string(record.backend)
        object["outcome"] = .string(record.outcome.rawValue)
        if let interruption = record.interruption { object["interruption"] = .string(interruption) }
        object["started"] = .string(RunRecordJSON.timestamp(record.started))
        object["ended"] = .string(RunRecordJSON.timestamp(record.ended))
        object["elapsed"] = .double(RunRecordJSON.seconds(record.ended.timeIntervalSince(record.started)))
        var inputs = JSONObject()
        for input in record.inputs { inputs[input.name] = .string(input.value) }
        object["inputs"] = .object(inputs)
        object["steps"] = .array(record.steps.map(RunRecordJSON.step))
        object["cleanup"] = .array(record.cleanup.map(RunRecordJSON.step))
        object["cleanup_failed"] = .bool(record.cleanupFailed || record.cleanupAborted)
        object["verdict"] = record.verdict.map(RunRecordJSON.verdict) ?? .null
        return JSONValue.object(object).prettyText + "\n"
    }
}
