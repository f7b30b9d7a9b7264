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
            var invocation = CommandInvocation(argv: argv, environment: environment,
                                               workingDirectory: step.workingDirectory.map(fill), timeout: step.timeout?.seconds)
            invocation.combinedStreams = step.combinedEvidence != nil
            if options.verbose, let observer {
                let masker = variables.masker, id = step.id
                let lines = OutputLines { line, error in observer.handle(.output(id: id, line: masker(line), error: error)) }
                invocation.onOutput = { chunk, error in lines.add(chunk, error: error) }
            }
            action = .command(invocation, shown: shown)
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

    func needsJSON(_ step: Step) -> Bool {
        ShellCommand.needsJSON(step, queriedByClaims: queriedByClaims)
    }

    static func describe(_ capture: Capture) -> String {
        switch capture.source {
        case .query(let query): query.text
        case .text(let stream, let regex, let group, let format):
            regex.map { "\(stream.rawValue) =~ /\($0.source)/ " + (format.map { "as \"\($0)\"" } ?? "group \(group)") }
                ?? "\(stream.rawValue), trimmed"
        }
    }
}
