import LabRunner

/// `verify`'s first section: the steps' own expectations, judged on their recorded
/// outputs. Steps that hold are counted; those that fail are shown with what was seen.
struct StepCheckPrinter {
    var console: Console
    var colors: Bool

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func print(_ steps: [StepRecord]) {
        guard !steps.isEmpty else { return }
        let failed = steps.filter { $0.status == .failed }
        let notVerifiable = steps.flatMap(\.expectations).filter { $0.status == .notVerifiable }.count
        var line = "steps: \(steps.count) replayed, "
        line += failed.isEmpty ? paint("every expectation holds", "32") : paint("\(failed.count) failing", "31")
        if notVerifiable > 0 { line += ", \(notVerifiable) expectation\(notVerifiable == 1 ? "" : "s") not verifiable offline" }
        console.out(line + "\n")
        for step in failed {
            console.out("  " + paint("✘", "31") + " \(step.id)" + (step.artifact.map { " " + paint("[\($0)]", "2") } ?? "") + "\n")
            if let message = step.message { console.out("      " + paint(message, "31") + "\n") }
            for expectation in step.expectations where expectation.status == .failed {
                console.out(ConsoleObserver.line(for: expectation, paint: paint))
            }
        }
        console.out("\n")
    }
}
