import Foundation
import LabReports
import LabRunner

/// Prints run events: a header, one line per step with a status symbol and time, the
/// command and stderr tail on failure, PASS/FAIL per expectation with what was observed.
/// Waiting is shown live on a terminal and as plain lines elsewhere; on a terminal a
/// running step shows its elapsed time, and a `sleep` its countdown, in place on one line.
/// Quiet, it prints only what failed (and the summary).
final class ConsoleObserver: RunObserver, @unchecked Sendable {
    private let console: Console
    private let colors: Bool
    private let live: Bool
    private let quiet: Bool
    private let lock = NSLock()
    private var waitingLineShown = false
    /// Steps running now, in the order they started, for the in-place progress line.
    private var running: [(id: String, started: Date, sleep: TimeInterval?)] = []
    private var ticker: DispatchSourceTimer?

    init(console: Console, colors: Bool, live: Bool, quiet: Bool = false) {
        self.console = console
        self.colors = colors
        self.live = live
        self.quiet = quiet
    }

    deinit { ticker?.cancel() }

    /// Redraws the progress line once a second while a step runs (terminals only).
    private func startTicker() {
        guard live, ticker == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        ticker = timer
    }

    private func tick() {
        lock.lock()
        defer { lock.unlock() }
        guard let step = running.last, !quiet else { return }
        let elapsed = Date().timeIntervalSince(step.started)
        let shown = step.sleep.map { "\(clock(max(0, $0 - elapsed))) left of \(clock($0))" } ?? clock(elapsed)
        console.liveLine("    … \(step.id) \(shown)")
        waitingLineShown = true
    }

    private var paint: Style { Style(enabled: colors) }

    func handle(_ event: RunEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let lab, let title, let backend, let inputs, let account):
            if quiet { break }
            console.out(paint("\(title)", .bold) + " (\(lab)) · backend \(backend)\n")
            if let account { console.out("account: \(account)\n") }
            if !inputs.isEmpty {
                console.out("inputs: " + inputs.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + "\n")
            }
        case .phaseStarted(let id, let title):
            if !quiet { console.out("\n" + paint("▸ \(id)", .heading) + (title.map { " — \($0)" } ?? "") + "\n") }
        case .stepStarted(let id, _, _, let sleep):
            running.append((id, Date(), sleep))
            startTicker()
        case .waiting(let id, let attempt, let elapsed, let deadline, let observed):
            let line = "    … \(id): attempt \(attempt), \(format(elapsed)) of \(format(deadline)), last \(observed)"
            if live {
                console.liveLine(line)
                waitingLineShown = true
            } else {
                console.out(line + "\n")
            }
        case .output(let id, let line, let error):
            if waitingLineShown {
                console.liveLine("")
                waitingLineShown = false
            }
            console.out(paint("      \(id) \(error ? "!" : "|") \(line)", .dim) + "\n")
        case .stepFinished(let record):
            running.removeAll { $0.id == record.id }
            if waitingLineShown {
                console.liveLine("")
                waitingLineShown = false
            }
            if !quiet || [.failed, .allowedFailure, .notJudged].contains(record.status) { printStep(record) }
        case .cleanupStarted:
            if quiet { break }
            console.out("\n" + paint("▸ cleanup", .heading) + " — always runs\n")
        case .interrupted(let reason):
            console.out("\n" + paint((reason.map { "\($0): " } ?? "interrupted: ")
                                      + "skipping to cleanup (interrupt again to abort cleanup)", .strongWarn) + "\n")
        case .finished(let record):
            ticker?.cancel()
            ticker = nil
            printSummary(record)
        }
    }

    private func symbol(_ status: StepRecord.Status) -> String {
        switch status {
        case .passed: paint("✔", .pass)
        case .failed: paint("✘", .fail)
        case .allowedFailure: paint("!", .warn)
        case .skipped: paint("–", .dim)
        case .planned: paint("•", .accent)
        case .notRecorded: paint("○", .dim)
        case .notJudged: paint("?", .warn)
        case .resumed: paint("↺", .dim)
        }
    }

    private func printStep(_ record: StepRecord) {
        if record.status == .resumed {
            console.out("  \(symbol(record.status)) \(record.id)" + paint(" resumed: passed in the recorded run", .dim) + "\n")
            return
        }
        let shownOnly = record.status == .planned || record.status == .notRecorded
        let time = shownOnly ? "" : record.elapsed.map { " " + paint("(\(format($0)))", .dim) } ?? ""
        let attempts = record.attempts > 1 ? paint(" [\(record.attempts) attempts]", .dim) : ""
        let title = record.title.map { " " + paint($0, .dim) } ?? ""
        if record.status == .skipped {
            console.out("  \(symbol(record.status)) \(record.id)" + paint(" skipped: \(record.message ?? "not run")", .dim) + "\n")
            return
        }
        var note = record.background ? paint(" · background", .dim) : ""
        if record.status == .notRecorded { note += paint(" not recorded", .dim) }
        console.out("  \(symbol(record.status)) \(record.id)\(title)\(time)\(attempts)\(note)\n")
        if record.status == .notRecorded {
            // A replay shows what it could not play back in one line: the action.
            console.out(paint("      \(Self.shown(record.action))", .dim) + "\n")
            return
        }
        if shownOnly {
            console.out("      \(Self.shown(record.action))\n")
            for source in record.sources {
                console.out(paint("      ${\(source.name)} ← \(source.origin)", .dim) + "\n")
            }
            for note in record.notes {
                // A note of several lines (a file's content) keeps them, set off below it.
                let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
                let first = lines.first.map(String.init) ?? ""
                console.out(paint("      " + first.prefix(1).uppercased() + first.dropFirst(), .dim) + "\n")
                for line in lines.dropFirst() { console.out(paint("        │ " + line, .dim) + "\n") }
            }
            for expectation in record.expectations {
                console.out(paint("      expect \(expectation.description) (not evaluated)", .dim) + "\n")
            }
            if !record.captured.isEmpty {
                console.out(paint("      captures " + record.captured.map { "${\($0)}" }.joined(separator: ", "), .dim) + "\n")
            }
            return
        }
        if record.status == .allowedFailure {
            console.out("      " + paint("failed, tolerated by allow-failure", .warn) + "\n")
        }
        let failed = record.status == .failed || record.status == .allowedFailure
        if failed {
            if !record.action.isEmpty { console.out("      $ \(Self.shown(record.action))\n") }
            if let code = record.exitCode { console.out("      exit code \(code)\n") }
            // A step that failed by its exit code says so in its message: one line, not two.
            if let message = record.message, message != record.exitCode.map({ "exit code \($0)" }) {
                console.out("      " + paint(message, .fail) + "\n")
            }
            if let tail = record.stderrTail, !tail.isEmpty {
                for line in tail.split(separator: "\n", omittingEmptySubsequences: false) {
                    console.out(paint("      │ \(line)", .dim) + "\n")
                }
            }
        }
        for expectation in record.expectations {
            console.out(Self.line(for: expectation, paint: paint))
        }
    }

    /// `PASS status != 200 (got 500)`, indented under its step or claim.
    static func line(for expectation: ExpectationResult, paint: Style) -> String {
        let tone: Style.Tone = switch expectation.status {
        case .passed: .pass
        case .failed: .fail
        case .notEvaluated: .dim
        case .notJudged: .warn
        }
        return "      " + paint(ResultText.word(expectation.status), tone) + " " + ResultText.detail(expectation) + "\n"
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
        if count(.notJudged) > 0 { parts.append("\(count(.notJudged)) not judged") }
        if count(.resumed) > 0 { parts.append("\(count(.resumed)) resumed") }
        let elapsed = format(record.ended.timeIntervalSince(record.started))
        if count(.planned) == all.count {
            console.out("\ndry-run: \(all.count) steps planned, nothing run, no expectation evaluated\n")
            return
        }
        let outcome: String = switch record.outcome {
        case .succeeded: record.cleanupFailed ? paint("cleanup failed", .strongFail) : paint("succeeded", .strongPass)
        case .failed: paint("failed", .strongFail)
        case .interrupted: paint("interrupted", .strongWarn)
        }
        console.out("\n\(outcome): \(parts.joined(separator: ", ")) in \(elapsed)\n")
        if record.cleanupAborted {
            console.out(paint("warning: cleanup was aborted; resources may be left behind", .strongWarn) + "\n")
        } else if record.cleanupFailed {
            console.out(paint("warning: a cleanup step failed; resources may be left behind", .strongWarn) + "\n")
        }
    }

    /// An action as the console shows it: whole up to 4,000 characters (what a person
    /// pastes), cut beyond — a recorded input of megabytes is not printed per step. The
    /// JSON record keeps it whole.
    static func shown(_ action: String) -> String {
        guard action.count > 4_000 else { return action }
        return String(action.prefix(4_000)) + " … (\(action.count - 4_000) more characters; see the JSON report)"
    }

    /// Whole seconds for a line that changes every second: `7s`, `1m05s`.
    private func clock(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole)s" : "\(whole / 60)m" + String(format: "%02ds", whole % 60)
    }

    private func format(_ seconds: TimeInterval) -> String {
        LabDurationText.format(seconds)
    }
}
