import Foundation
import LabRunner
import LabSpec

/// The run as the lab page's own tables, filled in: the Experiment Log (Step, Action,
/// Expected, Actual, Pass/Fail) and the During failure / After fix evidence with the
/// verdict. Fit for a CI job summary.
public enum MarkdownReport {
    public static func render(_ record: RunRecord, lab: Lab) -> String {
        var text = "# \(inline(lab.title))\n\n"
        if let verdict = record.verdict {
            text += "**Verdict: \(verdict.outcome.rawValue)** — \(VerdictSummary.line(verdict))  \n"
        }
        text += "Outcome: \(record.outcome.rawValue) · backend `\(record.backend)` · started \(RunRecordJSON.timestamp(record.started))"
            + " · \(LabDurationText.format(record.ended.timeIntervalSince(record.started)))\n"
        if let statement = lab.hypothesis?.statement { text += "\n> \(inline(statement))\n" }

        text += "\n## Experiment Log\n\n| Step | Action | Expected | Actual | Pass/Fail |\n|---|---|---|---|---|\n"
        for (index, step) in (record.steps + record.cleanup).enumerated() {
            let name = "\(index + 1). `\(step.id)`" + (step.title.map { " \(inline($0))" } ?? "")
            let action = step.action.isEmpty ? "" : "`\(code(step.action))`"
            let expected = step.expectations.map { inline($0.description) }.joined(separator: "<br>")
            var actual = step.expectations.map { inline(ResultText.word($0.status) + " " + ($0.observed ?? $0.message ?? "—")) }
            if let message = step.message { actual.append(inline(message)) }
            text += "| \(name) | \(action) | \(expected) | \(actual.joined(separator: "<br>")) | \(mark(step.status)) |\n"
        }

        if let verdict = record.verdict {
            text += "\n## Expected Evidence\n"
            for (title, claims) in [("During failure", verdict.duringFailure), ("After fix", verdict.afterFix)] where !claims.isEmpty {
                let held = claims.filter { $0.status == .held }.count
                text += "\n### \(title) (\(held)/\(claims.count) held)\n\n"
                text += "| Evidence | Source | Expected State | Observed | Result |\n|---|---|---|---|---|\n"
                for claim in claims {
                    let expected = claim.expectations.map { inline($0.description) }.joined(separator: "<br>")
                    let observed = claim.error.map { [inline($0)] }
                        ?? claim.expectations.map { inline(ResultText.word($0.status) + " " + ($0.observed ?? $0.message ?? "—")) }
                    let result = switch claim.status {
                    case .held: "✅ Holds"
                    case .failed: "❌ Fails"
                    case .notJudged: "⚠️ Not judged: " + inline(claim.notJudgedReason ?? "")
                    }
                    text += "| \(inline(claim.claim)) | `\(code(claim.source))` | \(expected) | \(observed.joined(separator: "<br>")) | \(result) |\n"
                }
            }
        }
        return text
    }

    private static func mark(_ status: StepRecord.Status) -> String {
        switch status {
        case .passed: "✅ Pass"
        case .failed: "❌ Fail"
        case .allowedFailure: "⚠️ Fail (allowed)"
        case .skipped: "⏭️ Skipped"
        case .planned: "Planned"
        case .notRecorded: "Not recorded"
        case .notJudged: "⚠️ Not judged"
        }
    }

    /// One table cell: pipes escaped, line breaks as `<br>`, long values shortened.
    static func inline(_ text: String) -> String {
        var cell = text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: "<br>")
        if cell.count > 300 { cell = String(cell.prefix(300)) + "…" }
        return cell
    }

    /// Text inside a code span: backticks would end it, so they become quotes.
    private static func code(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "`", with: "'")
    }
}
