import Foundation
import LabRunner
import LabSpec

/// The runbook of a lab page: every phase's steps as commands a person can paste and
/// follow — each capture as the command that sets it, each `until` as a bounded polling
/// loop, every fact of the step (timeout, environment, folder, failure handling,
/// sampling) said — quoted so that only intended `${NAME}` references expand.
enum RunbookRenderer {
    static func steps(of phase: Phase, lab: Lab, queried: Set<String>, fileWrites: [String: [LabFile]] = [:]) -> String {
        phase.steps.map { step(for: $0, queried: queried, files: fileWrites[$0.id] ?? []) }.joined()
    }

    static func step(for step: Step, queried: Set<String>, files: [LabFile] = []) -> String {
        var text = "**\(step.title ?? step.id)**" + (step.background ? " (runs in the background)" : "") + "\n\n"
        if let description = step.description { text += description.trimmingCharacters(in: .newlines) + "\n\n" }
        if !files.isEmpty {
            text += "First write " + files.map { "`\($0.name)`" }.joined(separator: ", ") + ":\n\n"
                + CodeBlock.fenced(writeCommands(files), language: "sh") + "\n"
        }
        if case .sleep(let duration) = step.action {
            text += duration.template == nil ? "```sh\nsleep \(Int(duration.seconds.rounded(.up)))  # \(duration)\n```\n\n"
                : "Wait \(duration) (the input's value).\n\n"
        }
        if case .check(let source) = step.action {
            text += "Check the output of `\(source?.value ?? "the previous step")` again.\n\n"
        }
        if let words = ShellCommand.words(for: step, queriedByClaims: queried) {
            text += CodeBlock.fenced(command(words, step: step), language: "sh") + "\n"
        }
        let facts = StepFacts.describe(step)
        if !facts.isEmpty {
            let sentence = facts.joined(separator: "; ")
            text += sentence.prefix(1).uppercased() + sentence.dropFirst() + ".\n\n"
        }
        var expected = step.expect.map { "`\(ExpectationEvaluator.describe($0))`" }
        if let expectFailure = step.expectFailure {
            let code = expectFailure.exitCode.map { "exit code \($0)" } ?? "a non-zero exit code"
            expected.append("the command fails, as the lab intends, with \(code)"
                + (expectFailure.stderr.map { " and stderr matching `/\($0.source)/`" } ?? ""))
        }
        if !expected.isEmpty { text += "Expected: " + expected.joined(separator: "; ") + "\n\n" }
        return text
    }

    /// The files each step is the first to need, by step id: where the runbook writes them.
    static func fileWrites(_ lab: Lab) -> [String: [LabFile]] {
        var written: Set<String> = []
        var writes: [String: [LabFile]] = [:]
        for step in lab.allSteps {
            let files = lab.files(usedBy: step).filter { written.insert($0.variable).inserted }
            if !files.isEmpty { writes[step.id] = files }
        }
        return writes
    }

    /// `printf '%s' CONTENT > "${FILE}"` per file: the content one quoted word, in which
    /// only its `${NAME}` references expand.
    static func writeCommands(_ files: [LabFile]) -> String {
        files.map { file in
            let content = ShellQuoting.segments(file.content, value: { _ in nil }, isPlaceholder: { _ in true })
            return "printf '%s' \(ShellQuoting.quote(content)) > \(ShellQuoting.quote([.variable(file.variable)]))"
        }.joined(separator: "\n")
    }

    /// The command as pasted: alone; as `output="$(…)"` followed by the lines that set
    /// each capture; or inside a bounded polling loop.
    private static func command(_ words: [[ShellQuoting.Segment]], step: Step) -> String {
        let line = ShellQuoting.wrapped(words: words)
        var text = line
        if !step.capture.isEmpty, !step.background {
            // The output is shown, unless it holds a secret the step captures.
            let show = step.capture.contains(where: \.secret) ? "" : "printf '%s\\n' \"$output\"\n"
            text = "output=\"$(\(line))\"\n" + show + step.capture.map(captureLine).joined(separator: "\n")
        }
        guard let wait = step.wait else { return text }
        let interval = max(1, Int((wait.interval?.seconds ?? 5).rounded(.up)))
        let attempts = max(1, Int(((wait.within?.seconds ?? Double(interval)) / Double(interval)).rounded(.down)))
        let condition = wait.until.map(ExpectationEvaluator.describe).joined(separator: " and ")
        var heading = "# Every \(interval) s, at most \(attempts) times (within \(wait.within?.description ?? "one interval")), "
            + "until: \(condition)"
        if let test = statusTest(wait.until), step.capture.isEmpty, case .http = step.action {
            // The status alone decides: curl prints it, the loop stops when it holds.
            let probe = ShellQuoting.wrapped(words: [words[0], [.text("--output")], [.text("/dev/null")],
                                                     [.text("--write-out")], [.text("%{http_code}\\n")]]
                                                + words.dropFirst().filter { $0 != [.text("--include")] })
            text = "code=\"$(\(probe))\"\necho \"$code\"\n\(test) && break"
        } else {
            heading += " — stop with Ctrl-C once it shows"
        }
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        return heading + "\nfor attempt in $(seq 1 \(attempts)); do\n\(body)\n  sleep \(interval)\ndone"
    }

    /// `[ "$code" = 200 ]` for conditions on the HTTP status alone, as `==`/`!=` a number.
    private static func statusTest(_ until: [Expectation]) -> String? {
        let tests = until.map { expectation -> String? in
            guard case .status = expectation.subject else { return nil }
            switch expectation.matcher {
            case .equals(.literal(.int(let code))): return "[ \"$code\" = \(code) ]"
            case .not(.equals(.literal(.int(let code)))): return "[ \"$code\" != \(code) ]"
            default: return nil
            }
        }
        guard !tests.isEmpty, tests.allSatisfy({ $0 != nil }) else { return nil }
        return tests.compactMap { $0 }.joined(separator: " && ")
    }

    /// The line that sets one capture from `$output`.
    private static func captureLine(_ capture: Capture) -> String {
        let name = ShellQuoting.shellName(capture.name)
        switch capture.source {
        case .query(let query):
            let expression = ShellQuoting.quote(ShellQuoting.segments(query.template, value: { _ in nil },
                                                                      isPlaceholder: { _ in true }))
            return "\(name)=\"$(printf '%s' \"$output\" | labspec query --raw \(expression))\""
                + (capture.secret ? "  # secret: do not echo it" : "")
        case .text(.stdout, nil, _, _), .text(.body, nil, _, _):
            return "\(name)=\"$output\""
        case .text(let stream, let regex, let group, let format):
            let what = regex.map { pattern in
                "/\(pattern.source)/ " + (format.map { "put together as `\($0)`" } ?? "group \(group)")
            } ?? "the trimmed text"
            return "# Set \(name) by hand: \(what) of the command's \(stream.rawValue), e.g. \(name)='…'"
        }
    }
}
