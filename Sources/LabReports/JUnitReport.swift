import Foundation
import LabRunner
import LabSpec

/// The run as JUnit XML, the test-report format CI systems read: a `testsuite` per
/// phase (cleanup included) with a `testcase` per step, then one per hypothesis side
/// with a `testcase` per evidence claim. Failures carry their message and the observed
/// value; steps not run are `skipped`; claims that could not be judged are `error`s.
public enum JUnitReport {
    public static func render(_ record: RunRecord, lab: Lab) -> String {
        var suites: [Suite] = []
        let phases = lab.phases.map(\.id.value) + [Phase.cleanupID]
        let steps = record.steps + record.cleanup
        let lines = Dictionary(lab.allSteps.map { ($0.id, $0.location.line) }, uniquingKeysWith: { first, _ in first })
        for phase in phases {
            let cases = steps.filter { $0.phase == phase }.map { testCase($0, lab: lab, line: lines[$0.id]) }
            if !cases.isEmpty { suites.append(Suite(name: "\(record.lab).\(phase)", cases: cases, properties: [])) }
        }
        if let verdict = record.verdict {
            let properties = [("verdict", verdict.outcome.rawValue), ("backend", record.backend)]
            for (side, claims) in [(EvidenceClaim.Side.duringFailure, verdict.duringFailure), (.afterFix, verdict.afterFix)]
            where !claims.isEmpty {
                suites.append(Suite(name: "\(record.lab).evidence.\(side.rawValue)",
                                    cases: claims.map { testCase($0, lab: lab) }, properties: properties))
            }
        }
        let timestamp = RunRecordJSON.timestamp(record.started)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(escape(lab.title))\" tests=\"\(suites.map(\.cases.count).reduce(0, +))\""
            + " failures=\"\(suites.map(\.failures).reduce(0, +))\" errors=\"\(suites.map(\.errors).reduce(0, +))\""
            + " time=\(time(record.ended.timeIntervalSince(record.started)))>\n"
        for suite in suites {
            xml += "  <testsuite name=\"\(escape(suite.name))\" tests=\"\(suite.cases.count)\" failures=\"\(suite.failures)\""
                + " errors=\"\(suite.errors)\" skipped=\"\(suite.skipped)\" time=\(time(suite.cases.map(\.time).reduce(0, +)))"
                + " timestamp=\"\(timestamp)\">\n"
            if !suite.properties.isEmpty {
                xml += "    <properties>\n"
                for (name, value) in suite.properties {
                    xml += "      <property name=\"\(escape(name))\" value=\"\(attribute(value))\"/>\n"
                }
                xml += "    </properties>\n"
            }
            for testCase in suite.cases {
                xml += "    <testcase name=\"\(escape(testCase.name))\" classname=\"\(escape(testCase.classname))\""
                    + " time=\(time(testCase.time))"
                    + (testCase.line.map { " file=\"\(escape(lab.file))\" line=\"\($0)\"" } ?? "")
                switch testCase.outcome {
                case .passed where testCase.output.isEmpty:
                    xml += "/>\n"
                    continue
                case .passed:
                    xml += ">\n"
                case .failure(let message, let detail):
                    xml += ">\n      <failure message=\"\(attribute(message))\" type=\"failure\">\(escape(detail))</failure>\n"
                case .error(let message, let detail):
                    xml += ">\n      <error message=\"\(attribute(message))\" type=\"error\">\(escape(detail))</error>\n"
                case .skipped(let message):
                    xml += ">\n      <skipped message=\"\(attribute(message))\"/>\n"
                }
                if !testCase.output.isEmpty { xml += "      <system-out>\(escape(testCase.output))</system-out>\n" }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    struct Suite {
        var name: String
        var cases: [Case]
        var properties: [(String, String)]

        var failures: Int { cases.filter { if case .failure = $0.outcome { true } else { false } }.count }
        var errors: Int { cases.filter { if case .error = $0.outcome { true } else { false } }.count }
        var skipped: Int { cases.filter { if case .skipped = $0.outcome { true } else { false } }.count }
    }

    struct Case {
        enum Outcome {
            case passed
            case failure(message: String, detail: String)
            case error(message: String, detail: String)
            case skipped(String)
        }

        var name: String
        var classname: String
        var time: TimeInterval
        var outcome: Outcome
        /// What a reader wants beside the verdict: the action, every expectation.
        var output: String
        /// Where the step or claim is written in the spec, for CI annotations.
        var line: Int?
    }

    private static func testCase(_ step: StepRecord, lab spec: Lab, line: Int?) -> Case {
        let lab = spec.id.value
        let name = step.title.map { "\(step.id): \($0)" } ?? step.id
        var lines = step.action.isEmpty ? [] : ["$ \(step.action)"]
        lines += step.expectations.map(ResultText.line)
        let outcome: Case.Outcome
        switch step.status {
        case .passed:
            outcome = .passed
        case .resumed:
            outcome = .passed
            lines.insert("resumed: passed in the recorded run, not run again", at: 0)
        case .failed:
            let failed = step.expectations.first { $0.status == .failed }
            let message = step.message ?? failed.map(ResultText.failureMessage)
                ?? "the step failed"
            var detail = lines
            if let tail = step.stderrTail { detail += ["stderr:", tail] }
            outcome = .failure(message: message, detail: detail.joined(separator: "\n"))
            lines = []
        case .allowedFailure:
            // Tolerated, and said so: the failure is in the output, the case is not failed.
            outcome = .passed
            lines.insert("FAILED, tolerated by allow-failure: \(step.message ?? "see the expectations")", at: 0)
        case .notJudged:
            outcome = .skipped(ResultText.notJudgedReason(step))
        case .skipped, .planned, .notRecorded:
            outcome = .skipped(step.message ?? step.status.rawValue)
        }
        return Case(name: name, classname: "\(lab).\(step.phase)", time: step.elapsed ?? 0, outcome: outcome,
                    output: lines.joined(separator: "\n"), line: line)
    }

    private static func testCase(_ claim: ClaimResult, lab spec: Lab) -> Case {
        let lab = spec.id.value
        let name = claim.id.map { "\($0): \(claim.claim)" } ?? claim.claim
        var lines = ["source: \(claim.source)"] + claim.expectations.map(ResultText.line)
        for (index, alternative) in claim.alternatives.enumerated() {
            lines.append(ResultText.alternative(index, alternative))
            lines += alternative.expectations.map { "  " + ResultText.line($0) }
        }
        if claim.advisory { lines.insert("advisory: reported, not part of the verdict", at: 0) }
        let outcome: Case.Outcome
        switch claim.status {
        case .held:
            outcome = .passed
        case .failed where claim.advisory:
            // An advisory claim does not fail a build: its result is in the output.
            outcome = .passed
            lines.insert("FAILED (advisory)", at: 0)
        case .failed:
            let failed = (claim.expectations + claim.alternatives.flatMap(\.expectations)).first { $0.status == .failed }
            outcome = .failure(message: failed.map(ResultText.failureMessage) ?? "the claim does not hold",
                               detail: lines.joined(separator: "\n"))
            lines = []
        case .notJudged:
            // Not judged is never passed: skipped with the reason, so CI shows it.
            outcome = .skipped("not judged: " + (claim.notJudgedReason ?? "the evidence cannot be read"))
        }
        return Case(name: name, classname: "\(lab).evidence.\(claim.side.rawValue)", time: 0, outcome: outcome,
                    output: lines.joined(separator: "\n"), line: claim.location.line)
    }

    private static func time(_ seconds: TimeInterval) -> String {
        "\"" + String(format: "%.3f", max(0, seconds)) + "\""
    }

    /// An attribute value: escaped, with line breaks kept as character references, which
    /// parsers would otherwise fold into spaces.
    static func attribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\t", with: "&#9;")
    }

    /// XML text and attribute escaping. A control character (a terminal escape in
    /// stderr, a bidi override) is written as its escape (`\u001b`), as the console and
    /// the Markdown report show it: XML 1.0 cannot hold most of them, and a CI test tab
    /// would act on the rest.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            case "\r": result += "&#13;"
            case _ where VisibleText.isControl(scalar) || (0xFFFE...0xFFFF).contains(scalar.value):
                result += VisibleText.escaped(String(scalar)) == String(scalar)
                    ? "\\u" + String(scalar.value, radix: 16) : VisibleText.escaped(String(scalar))
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
