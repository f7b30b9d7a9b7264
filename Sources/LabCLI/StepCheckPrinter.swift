import LabReports
import LabRunner

/// `verify`'s first section: the steps' own expectations, judged on their recorded
/// outputs. Steps that hold are counted; those that fail are shown with what was seen.
struct StepCheckPrinter {
    var console: Console
    var colors: Bool

    private var paint: Style { Style(enabled: colors) }

    func print(_ steps: [StepRecord]) {
        guard !steps.isEmpty else { return }
        let failed = steps.filter { $0.status == .failed }
        let tolerated = steps.filter { $0.status == .allowedFailure }
        let unjudged = steps.flatMap(\.expectations).filter { $0.status == .notJudged }.count
        var line = "steps: \(steps.count) replayed, "
        if failed.isEmpty, tolerated.isEmpty, unjudged == 0 {
            line += paint("every expectation holds", .pass)
        } else {
            var parts: [String] = []
            if !failed.isEmpty { parts.append(paint("\(failed.count) failing", .fail)) }
            if !tolerated.isEmpty { parts.append(paint("\(tolerated.count) failing, tolerated by allow-failure", .warn)) }
            if unjudged > 0 { parts.append(paint("\(unjudged) expectation\(unjudged == 1 ? "" : "s") not judged", .warn)) }
            line += parts.joined(separator: ", ")
        }
        console.out(line + "\n")
        for step in failed + tolerated {
            let mark = step.status == .failed ? paint("✘", .fail) : paint("!", .warn)
            console.out("  \(mark) \(step.id)" + (step.artifact.map { " " + paint("[\($0)]", .dim) } ?? "") + "\n")
            if let message = step.message { console.out("      " + paint(message, .fail) + "\n") }
            for expectation in step.expectations where expectation.status == .failed {
                console.out(ConsoleObserver.line(for: expectation, paint: paint))
            }
        }
        for step in steps where step.status != .failed {
            for expectation in step.expectations where expectation.status == .notJudged {
                console.out("  " + paint("?", .warn) + " \(step.id)" + "\n" + ConsoleObserver.line(for: expectation, paint: paint))
            }
        }
        console.out("\n")
    }
}
