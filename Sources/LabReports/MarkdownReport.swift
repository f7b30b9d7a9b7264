import Foundation
import LabRunner
import LabSpec

/// The run as the lab page's own tables, filled in: the Experiment Log (Pass/Fail first,
/// then Step, Expected, Actual, and the action shortened) and the During failure / After
/// fix evidence with the verdict. Fit for a CI job summary.
public enum MarkdownReport {
    public static func render(_ record: RunRecord, lab: Lab) -> String {
        var text = "# \(inline(lab.title))\n\n"
        if let verdict = record.verdict {
            text += "**Verdict: \(verdict.outcome.rawValue)** — \(VerdictSummary.line(verdict))  \n"
        }
        // The steps' tally, never a word that could read as a second verdict.
        text += "Steps: \(tally(record.steps + record.cleanup)) · backend `\(record.backend)` · started "
            + "\(RunRecordJSON.timestamp(record.started)) · \(LabDurationText.format(record.ended.timeIntervalSince(record.started)))"
            + (record.outcome == .interrupted ? " · **interrupted**" + (record.interruption.map { " (\(inline($0)))" } ?? "") : "") + "\n"
        if let statement = lab.hypothesis?.statement { text += "\n> \(inline(statement))\n" }

        text += "\n## Experiment Log\n\n| Pass/Fail | Step | Expected | Actual | Action |\n|---|---|---|---|---|\n"
        for (index, step) in (record.steps + record.cleanup).enumerated() {
            let name = "\(index + 1). `\(step.id)`" + (step.title.map { " \(inline($0))" } ?? "")
            let action = step.action.isEmpty ? "" : "`\(code(shortened(step.action)))`"
            let expected = step.expectations.map { inline($0.description) }.joined(separator: "<br>")
            var actual = step.expectations.map { ResultText.word($0.status) + " " + literal($0.observed ?? $0.message ?? "—") }
            if let message = step.message { actual.append(literal(message)) }
            text += "| \(mark(step.status)) | \(name) | \(expected) | \(actual.joined(separator: "<br>")) | \(action) |\n"
        }

        if let verdict = record.verdict {
            text += "\n## Expected Evidence\n"
            for (title, claims) in [("During failure", verdict.duringFailure), ("After fix", verdict.afterFix)] where !claims.isEmpty {
                let counted = claims.filter { !$0.advisory }
                let held = counted.filter { $0.status == .held }.count
                text += "\n### \(title) (\(held)/\(counted.count) held)\n\n"
                text += "| Evidence | Source | Expected State | Observed | Result |\n|---|---|---|---|---|\n"
                for claim in claims {
                    let all = claim.expectations + claim.alternatives.flatMap(\.expectations)
                    let expected = all.map { inline($0.description) }.joined(separator: "<br>")
                    let observed = claim.error.map { [literal($0)] }
                        ?? all.map { ResultText.word($0.status) + " " + literal($0.observed ?? $0.message ?? "—") }
                    var result = switch claim.status {
                    case .held: "✅ Holds" + (claim.heldBy.map { " (alternative \($0))" } ?? "")
                    case .failed: "❌ Fails"
                    case .notJudged: "⚠️ Not judged: " + literal(claim.notJudgedReason ?? "")
                    }
                    if claim.advisory { result += " (advisory)" }
                    text += "| \(inline(claim.claim)) | `\(code(claim.source))` | \(expected) | \(observed.joined(separator: "<br>")) | \(result) |\n"
                }
            }
        }
        return VisibleText.escaped(text)
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
        case .resumed: "✅ Pass (resumed)"
        }
    }

    /// `3 passed, 1 failed, 2 not recorded`.
    private static func tally(_ steps: [StepRecord]) -> String {
        let order: [StepRecord.Status] = [.passed, .resumed, .failed, .allowedFailure, .notJudged, .skipped, .planned, .notRecorded]
        let parts = order.compactMap { status -> String? in
            let count = steps.filter { $0.status == status }.count
            guard count > 0 else { return nil }
            return "\(count) " + (status == .allowedFailure ? "failed (allowed)" : status.rawValue.replacingOccurrences(of: "-", with: " "))
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// A long command cut to what fits a table column; the JSON report keeps it whole.
    private static func shortened(_ action: String) -> String {
        action.count > 80 ? String(action.prefix(79)) + "…" : action
    }

    /// One table cell of the spec's own text: pipes escaped, line breaks as `<br>`, `<`,
    /// `>` and `&` as entities (so it shows as written and is never taken as HTML), long
    /// values shortened. The author's Markdown (a `code` span in a title) still renders.
    static func inline(_ text: String) -> String {
        cell(text, literal: false)
    }

    /// One table cell of what a run observed (an output, a response, a reason): shown
    /// exactly as text. Its Markdown is escaped too, so a response cannot add a link, an
    /// image or emphasis to the report — nor a line that reads like a verdict.
    static func literal(_ text: String) -> String {
        cell(text, literal: true)
    }

    /// A value cut to what a cell shows; the JSON report keeps it whole.
    private static func cut(_ text: String) -> String {
        text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    private static func cell(_ text: String, literal: Bool) -> String {
        var cell = ""
        for scalar in cut(text).unicodeScalars {
            switch scalar {
            case "|": cell += "\\|"
            case "\r": continue
            case "\n": cell += "<br>"
            case "&": cell += "&amp;"
            case "<": cell += "&lt;"
            case ">": cell += "&gt;"
            // Inside a cell only inline Markdown acts (no headings or lists): code spans,
            // emphasis, strikethrough, links and images.
            case _ where literal && "\\`*_[]!~".unicodeScalars.contains(scalar):
                cell += "\\" + String(scalar)
            default: cell.unicodeScalars.append(scalar)
            }
        }
        return cell
    }

    /// Text inside a code span, which Markdown shows as it is: only pipes (the table's)
    /// and line breaks need care, and backticks, which would end it, become quotes.
    private static func code(_ text: String) -> String {
        cut(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "`", with: "'")
    }
}
