import Foundation
import LabRunner

/// Prints run events: a header, one line per step with a status symbol and time, the
/// command and stderr tail on failure, PASS/FAIL per expectation with what was observed.
/// Waiting is shown live on a terminal and as plain lines elsewhere.
final class ConsoleObserver: RunObserver, @unchecked Sendable {
    private let console: Console
    private let colors: Bool
    private let live: Bool
    private let lock = NSLock()
    private var waitingLineShown = false

    init(console: Console, colors: Bool, live: Bool) {
        self.console = console
        self.colors = colors
        self.live = live
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func handle(_ event: RunEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let lab, let title, let backend, let inputs):
            console.out(paint("\(title)", "1") + " (\(lab)) · backend \(backend)\n")
            if !inputs.isEmpty {
                console.out("inputs: " + inputs.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + "\n")
            }
        case .phaseStarted(let id, let title):
            console.out("\n" + paint("▸ \(id)", "1;36") + (title.map { " — \($0)" } ?? "") + "\n")
        case .stepStarted:
            break
        case .waiting(let id, let attempt, let elapsed, let deadline, let observed):
            let line = "    … \(id): attempt \(attempt), \(format(elapsed)) of \(format(deadline)), last \(observed)"
            if live {
                console.out("\r\u{1B}[2K" + line)
                waitingLineShown = true
            } else {
                console.out(line + "\n")
            }
        case .stepFinished(let record):
            if waitingLineShown {
                console.out("\r\u{1B}[2K")
                waitingLineShown = false
            }
            printStep(record)
        case .cleanupStarted:
            console.out("\n" + paint("▸ cleanup", "1;36") + " — always runs\n")
        case .interrupted:
            console.out("\n" + paint("interrupted: skipping to cleanup (interrupt again to abort cleanup)", "1;33") + "\n")
        case .finished(let record):
            printSummary(record)
        }
    }

    private func symbol(_ status: StepRecord.Status) -> String {
        switch status {
        case .passed: paint("✔", "32")
        case .failed: paint("✘", "31")
        case .allowedFailure: paint("!", "33")
        case .skipped: paint("–", "2")
        case .planned: paint("•", "36")
        case .notRecorded: paint("○", "2")
        }
    }

    private func printStep(_ record: StepRecord) {
        let shownOnly = record.status == .planned || record.status == .notRecorded
        let time = shownOnly ? "" : record.elapsed.map { " " + paint("(\(format($0)))", "2") } ?? ""
        let attempts = record.attempts > 1 ? paint(" [\(record.attempts) attempts]", "2") : ""
        let title = record.title.map { " " + paint($0, "2") } ?? ""
        if record.status == .skipped {
            console.out("  \(symbol(record.status)) \(record.id)" + paint(" skipped: \(record.message ?? "not run")", "2") + "\n")
            return
        }
        var note = record.background ? paint(" · background", "2") : ""
        if record.status == .notRecorded { note += paint(" not recorded", "2") }
        console.out("  \(symbol(record.status)) \(record.id)\(title)\(time)\(attempts)\(note)\n")
        if record.status == .notRecorded {
            // A replay shows what it could not play back in one line: the action.
            console.out(paint("      \(record.action)", "2") + "\n")
            return
        }
        if shownOnly {
            console.out("      \(record.action)\n")
            for source in record.sources {
                console.out(paint("      ${\(source.name)} ← \(source.origin)", "2") + "\n")
            }
            for expectation in record.expectations {
                console.out(paint("      expect \(expectation.description) (not evaluated)", "2") + "\n")
            }
            if !record.captured.isEmpty {
                console.out(paint("      captures " + record.captured.map { "${\($0)}" }.joined(separator: ", "), "2") + "\n")
            }
            return
        }
        let failed = record.status == .failed || record.status == .allowedFailure
        if failed {
            if !record.action.isEmpty { console.out("      $ \(record.action)\n") }
            if let code = record.exitCode { console.out("      exit code \(code)\n") }
            if let message = record.message {
                console.out("      " + paint(message, "31") + "\n")
            }
            if let tail = record.stderrTail, !tail.isEmpty {
                for line in tail.split(separator: "\n", omittingEmptySubsequences: false) {
                    console.out(paint("      │ \(line)", "2") + "\n")
                }
            }
        }
        for expectation in record.expectations {
            console.out(Self.line(for: expectation, paint: paint))
        }
    }

    /// `PASS status != 200 (got 500)`, indented under its step or claim.
    static func line(for expectation: ExpectationResult, paint: (String, String) -> String) -> String {
        let observed = expectation.observed.map { " (got \($0))" } ?? ""
        let why = expectation.message.map { ": \($0)" } ?? ""
        switch expectation.status {
        case .passed: return "      " + paint("PASS", "32") + " \(expectation.description)\(observed)\n"
        case .failed: return "      " + paint("FAIL", "31") + " \(expectation.description)\(observed)\(why)\n"
        case .notEvaluated: return "      " + paint("----", "2") + " \(expectation.description) (not evaluated)\n"
        case .notVerifiable:
            return "      " + paint("n/a ", "33") + " \(expectation.description) (not verifiable offline\(why))\n"
        }
    }

    private func printSummary(_ record: RunRecord) {
        let all = record.steps + record.cleanup
        func count(_ status: StepRecord.Status) -> Int { all.filter { $0.status == status }.count }
        var parts: [String] = []
        if count(.planned) > 0 { parts.append("\(count(.planned)) planned") }
        if count(.passed) > 0 { parts.append("\(count(.passed)) passed") }
        if count(.failed) > 0 { parts.append("\(count(.failed)) failed") }
        if count(.allowedFailure) > 0 { parts.append("\(count(.allowedFailure)) failed (allowed)") }
        if count(.skipped) > 0 { parts.append("\(count(.skipped)) skipped") }
        if count(.notRecorded) > 0 { parts.append("\(count(.notRecorded)) not recorded") }
        let elapsed = format(record.ended.timeIntervalSince(record.started))
        if count(.planned) == all.count {
            console.out("\ndry-run: \(all.count) steps planned, nothing run, no expectation evaluated\n")
            return
        }
        let outcome: String = switch record.outcome {
        case .succeeded: record.cleanupFailed ? paint("cleanup failed", "1;31") : paint("succeeded", "1;32")
        case .failed: paint("failed", "1;31")
        case .interrupted: paint("interrupted", "1;33")
        }
        console.out("\n\(outcome): \(parts.joined(separator: ", ")) in \(elapsed)\n")
        if record.cleanupAborted {
            console.out(paint("warning: cleanup was aborted; resources may be left behind", "1;33") + "\n")
        } else if record.cleanupFailed {
            console.out(paint("warning: a cleanup step failed; resources may be left behind", "1;33") + "\n")
        }
    }

    private func format(_ seconds: TimeInterval) -> String {
        LabDurationText.format(seconds)
    }
}
