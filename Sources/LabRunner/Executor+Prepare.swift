import Foundation
import LabSpec

/// Turning a step into an action: `${NAME}` filled in, argv and requests built.
extension Executor {
    /// A step's action with every `${NAME}` filled in.
    enum PreparedAction {
        /// The command, and its words as a shell line shows them.
        case command(CommandInvocation, shown: [[ShellQuoting.Segment]])
        case http(HTTPInvocation, count: Int, every: TimeInterval)
        case sleep(TimeInterval)
        case check(source: String?)

        /// The action as shown: secrets masked word by word, then quoted for a shell.
        func display(masking masker: Masker) -> String {
            switch self {
            case .command(_, let shown):
                ShellQuoting.line(words: shown.map { word in
                    ShellQuoting.merged(word).map { segment in
                        if case .text(let text) = segment { return .text(masker(text)) }
                        return segment
                    }
                })
            case .http(let request, let count, _): masker("\(request.method) \(request.url)") + (count > 1 ? " ×\(count)" : "")
            case .sleep(let seconds): "sleep \(LabDurationText.format(seconds))"
            case .check(let source): source.map { "check \($0)" } ?? "check"
            }
        }
    }

    struct MissingValues: Error {
        var names: [String]
    }

    struct CheckSourceMissing: Error {
        var message: String
    }

    func prepare(_ step: Step, variables: Variables) -> Result<PreparedAction, MissingValues> {
        var missing: [String] = []
        func fill(_ template: Template) -> String {
            let rendered = variables.render(template)
            for name in rendered.missing where !missing.contains(name) { missing.append(name) }
            return rendered.text
        }
        let action: PreparedAction
        switch step.action {
        case .az(let command), .run(let command):
            var argv = command.words.map(fill)
            var shown = command.words.map { Self.segments($0, variables) }
            if case .az = step.action {
                argv.insert("az", at: 0)
                shown.insert([.text("az")], at: 0)
                if needsJSON(step), !argv.contains(where: { $0 == "-o" || $0 == "--output" || $0.hasPrefix("--output=") }) {
                    argv += ["--output", "json"]
                    shown += [[.text("--output")], [.text("json")]]
                }
            }
            var environment = options.environment
            for entry in step.environment { environment[entry.name] = fill(entry.value) }
            action = .command(CommandInvocation(argv: argv, environment: environment,
                                                workingDirectory: step.workingDirectory.map(fill),
                                                timeout: step.timeout?.seconds), shown: shown)
        case .http(let request):
            let invocation = HTTPInvocation(
                method: request.method, url: fill(request.url),
                headers: request.headers.map { (name: $0.name, value: fill($0.value)) },
                body: request.body.map(fill),
                timeout: request.timeout?.seconds ?? step.timeout?.seconds ?? options.defaultHTTPTimeout,
                followRedirects: request.followRedirects)
            action = .http(invocation, count: request.count, every: request.every?.seconds ?? options.defaultSampleInterval)
        case .sleep(let duration):
            action = .sleep(duration.seconds)
        case .check(let source):
            action = .check(source: source?.value)
        }
        return missing.isEmpty ? .success(action) : .failure(MissingValues(names: missing))
    }

    /// A word as a shell line shows it: placeholders stay `${NAME}`, values are text.
    static func segments(_ template: Template, _ variables: Variables) -> [ShellQuoting.Segment] {
        ShellQuoting.segments(template, value: { variables[$0] }, isPlaceholder: { variables.placeholders.contains($0) })
    }

    /// Whether an `az` step's output must be JSON: it is queried (by the step or a claim)
    /// or recorded as a `.json`/`.jsonl` artifact — whatever `core.output` the user set.
    func needsJSON(_ step: Step) -> Bool {
        let queries = (step.expect + (step.wait?.until ?? [])).contains {
            if case .query = $0.subject { return true }
            return false
        }
        let captures = step.capture.contains {
            if case .query = $0.source { return true }
            return false
        }
        let recordedAsJSON = step.evidence != nil && [.json, .jsonLines].contains(ArtifactFormat(of: step))
        let claimed = queriedByClaims.contains(step.id) || step.artifacts.contains { queriedByClaims.contains($0.value) }
        return queries || captures || recordedAsJSON || claimed
    }

    static func describe(_ capture: Capture) -> String {
        switch capture.source {
        case .query(let query): query.text
        case .text(let stream, let regex, let group, let format):
            regex.map { "\(stream.rawValue) =~ /\($0.source)/ " + (format.map { "as \"\($0)\"" } ?? "group \(group)") }
                ?? "\(stream.rawValue), trimmed"
        }
    }}

extension Executor {
    /// A step's action as a guide shows it: argv in shell quoting with every `${NAME}`
    /// left for the reader's shell to fill in; nil for a step with no action to run.
    public func shellLine(for step: Step) -> String? {
        var variables = Variables()
        for reference in step.actionVariables { variables.setPlaceholder(reference.name) }
        guard case .success(let action) = prepare(step, variables: variables) else { return nil }
        switch action {
        case .command: return action.display(masking: Masker(secrets: []))
        case .http(_, let count, _):
            guard case .http(let request) = step.action else { return nil }
            // What a reader can paste: the same request with curl.
            let word = { (template: Template) in Self.segments(template, variables) }
            var words: [[ShellQuoting.Segment]] = [[.text("curl")], [.text("--silent")], [.text("--show-error")], [.text("--include")]]
            if request.method != "GET" { words += [[.text("--request")], [.text(request.method)]] }
            for header in request.headers { words += [[.text("--header")], [.text("\(header.name): ")] + word(header.value)] }
            if let body = request.body { words += [[.text("--data")], word(body)] }
            if request.followRedirects { words.append([.text("--location")]) }
            words.append(word(request.url))
            return ShellQuoting.line(words: words) + (count > 1 ? "   # \(count) times" : "")
        case .sleep, .check: return nil
        }
    }
}
