import Yams

extension SpecReader {
    func steps(_ node: Node, phase: String, for name: String) -> [Step]? {
        guard let items = list(node, for: name) else { return nil }
        return items.enumerated().flatMap { index, item in
            guard let fields = fields(item, StepKey.self, for: "steps") else { return [Step]() }
            let repetition = fields[.forEach].flatMap(repetition)
            // A `for-each` written wrong still names its item: no second error for `${ITEM}`.
            let items = fields[.forEach].map(loopNames) ?? []
            let added = items.filter { loopVariables.insert($0).inserted }
            defer { loopVariables.subtract(added) }
            guard let step = step(fields, phase: phase, index: index), fields[.forEach] == nil || repetition != nil else { return [] }
            guard let repetition else { return [step] }
            return expand(step, repetition, idNode: fields[.id])
        }
    }

    private func step(_ fields: Fields<StepKey>, phase: String, index: Int) -> Step? {
        let id = fields[.id].flatMap { identifier($0, for: "step id") }
        let action = self.action(fields)
        let expect = fields[.expect].flatMap(expectations) ?? []
        let capture = fields[.capture].flatMap(captures) ?? []
        let wait = self.wait(fields)
        let timeout = fields[.timeout].flatMap { duration($0, for: "timeout") }
        let artifacts = fields[.evidence].map(stepArtifacts) ?? (output: nil, stderr: nil, combined: nil, attempts: nil)
        let expectFailure = fields[.expectFailure].flatMap(expectedFailure)
        let allowFailure = fields[.allowFailure].flatMap { bool($0, for: "allow-failure") } ?? false
        let background = fields[.background].flatMap { bool($0, for: "background") } ?? false
        let workingDirectory = fields[.workdir].flatMap { passable($0, as: "a workdir") ? template($0, for: "workdir") : nil }
        let environment = fields[.env].flatMap(environment) ?? []
        if expectFailure != nil, allowFailure, let key = fields.keyNode(.allowFailure) {
            report(.error(.conflictingActions, "`allow-failure` and `expect-failure` contradict each other",
                          at: location(key), length: 13, hint: "keep `expect-failure` if the step must fail"))
        }
        if let key = fields.keyNode(.env) ?? fields.keyNode(.workdir), let action,
           action.kind != .az, action.kind != .run {
            report(.error(.misplacedKey, "`env` and `workdir` apply only to `az` and `run` steps",
                          at: location(key)))
        }
        if background, let key = fields.keyNode(.background) {
            if let action, action.kind != .az, action.kind != .run, action.kind != .http {
                report(.error(.misplacedKey, "only `az`, `run` and `http` steps can run in the background", at: location(key)))
            } else if let key = fields.keyNode(.capture) {
                report(.error(.misplacedKey, "a background step cannot capture: the steps beside it would race for the value",
                              at: location(key), hint: "capture in a step after the phase, or `check` the step's output"))
            }
        }
        for stream in [artifacts.stderr, artifacts.combined].compactMap({ $0 }) {
            if let action, action.kind != .az, action.kind != .run {
                report(.error(.misplacedKey, "only `az` and `run` steps have a stderr to record", at: stream.location,
                              length: stream.value.unicodeScalars.count))
            }
        }
        if let attempts = artifacts.attempts, wait == nil {
            report(.error(.misplacedKey, "only a step with `until` makes attempts to record", at: attempts.location,
                          length: attempts.value.unicodeScalars.count, hint: "add `until:` and `within:`, or record `output`"))
        }
        guard let action else { return nil }
        var step = Step(
            id: id?.value ?? "\(phase).\(index + 1)", hasGeneratedID: id == nil, location: fields.location,
            title: fields[.title].flatMap { string($0, for: "title") },
            description: fields[.description].flatMap { string($0, for: "description") },
            action: action, expect: expect, capture: capture, wait: wait, timeout: timeout,
            evidence: artifacts.output, stderrEvidence: artifacts.stderr, expectFailure: expectFailure, allowFailure: allowFailure, background: background,
            workingDirectory: workingDirectory, environment: environment)
        step.combinedEvidence = artifacts.combined
        step.attemptsEvidence = artifacts.attempts
        return step
    }

    private func action(_ fields: Fields<StepKey>) -> StepAction? {
        let present = fields.order.filter { StepKey.actions.contains($0) }
        guard let kind = present.first, let node = fields[kind] else {
            report(.error(.missingAction, "step has no action", at: fields.location,
                          hint: "add one of `az`, `http`, `run`, `sleep` or `check`"))
            return nil
        }
        for extra in present.dropFirst() {
            if let key = fields.keyNode(extra) {
                report(.error(.conflictingActions,
                              "a step does one thing: it already has `\(kind.rawValue)`, so `\(extra.rawValue)` needs a step of its own",
                              at: location(key), length: extra.rawValue.count,
                              notes: [.init("the step's action", at: fields.keyNode(kind).map(location))]))
            }
        }
        switch kind {
        case .az:
            return command(node, for: "az").flatMap { command in
                if let first = command.words.first, first.isLiteral, first.symbolic == "az" {
                    report(.error(.invalidValue, "an `az` step already runs `az`", at: command.location,
                                  length: 2, hint: "drop the leading `az`: write `az: \(shortened(command))`"))
                    return nil
                }
                return .az(command)
            }
        case .run: return command(node, for: "run").map { .run($0) }
        case .http: return httpRequest(node).map { .http($0) }
        case .sleep: return duration(node, for: "sleep").map { .sleep($0) }
        case .check: return check(node)
        default: return nil
        }
    }

    private func shortened(_ command: CommandTemplate) -> String {
        command.words.dropFirst().prefix(3).map(\.symbolic).joined(separator: " ") + (command.words.count > 4 ? " …" : "")
    }

    /// A command as one string (split into words like a shell would, without running one)
    /// or as a list of words taken as they are.
    func command(_ node: Node, for name: String) -> CommandTemplate? {
        var words: [Template] = []
        var places: [CommandTemplate.WordPlace] = []
        switch node {
        case .sequence(let sequence):
            for item in sequence {
                guard let word = template(item, for: name, allowEmpty: true), passable(item, as: "a command word") else { return nil }
                words.append(word)
                // A quoted item's text starts after its opening quote.
                let quoted = if case .scalar(let scalar) = item { scalar.style == .singleQuoted || scalar.style == .doubleQuoted } else { false }
                places.append(.init(location: location(item), length: length(of: item), dropped: quoted ? [0] : []))
            }
        default:
            guard let text = string(node, for: name), let locator = scalarLocator(node),
                  passable(node, as: "a command") else { return nil }
            switch CommandTemplate.splitLocated(text, locate: locator.locate) {
            case .success(let split):
                words = split.map(\.word)
                places = split.map { .init(location: locator.locate($0.start), length: $0.length, dropped: $0.dropped) }
            case .failure(let problem):
                reportTemplateProblem(problem, locator: locator)
                return nil
            }
        }
        guard !words.isEmpty else {
            report(.error(.emptyCommand, "`\(name)` has no command", at: location(node)))
            return nil
        }
        var command = CommandTemplate(words: words, location: location(node))
        command.wordPlaces = places
        return command
    }

    /// A plain scalar's tag with the basic resolver: `Tag.implicit` would build Yams'
    /// default resolver, compiling its regexes (and ICU's) for a tag nobody resolves.
    private static var plainTag: Tag { Tag(.implicit, .basic, .default) }

    private func httpRequest(_ node: Node) -> HTTPRequest? {
        if case .scalar = node {
            guard let text = string(node, for: "http"), let locator = scalarLocator(node),
                  passable(node, as: "an `http` step", lineBreaks: false) else { return nil }
            let pieces = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard pieces.count == 2, let method = checkedMethod(String(pieces[0]), node: node) else {
                if pieces.count != 2 {
                    report(.error(.invalidValue, "an `http` step is written `METHOD URL`", at: location(node),
                                  length: length(of: node), hint: "for example `http: GET https://${FQDN}/health`"))
                }
                return nil
            }
            let urlOffset = text.unicodeScalars.count - pieces[1].unicodeScalars.count
            guard let url = template(String(pieces[1]), locator: ScalarLocator(
                file: file, scalar: Node.Scalar(String(pieces[1]), Self.plainTag, .plain),
                start: locator.locate(urlOffset))) else { return nil }
            return HTTPRequest(method: method, url: url, headers: [], body: nil, timeout: nil, count: 1,
                               every: nil, followRedirects: false)
        }
        guard let fields = fields(node, HTTPKey.self, for: "http") else { return nil }
        var method = "GET"
        if let methodNode = fields[.method], let text = string(methodNode, for: "method") {
            guard let checked = checkedMethod(text, node: methodNode) else { return nil }
            method = checked
        }
        let headers = fields[.headers].flatMap { headerNode in
            namedEntries(headerNode, for: "headers")?.compactMap { key, name, value -> (name: String, value: Template)? in
                guard HTTPRequest.isHeaderName(name) else {
                    report(.error(.invalidValue, "`\(name)` is not an HTTP header name", at: location(key),
                                  length: name.unicodeScalars.count,
                                  hint: "a header name is letters, digits and `!#$%&'*+-.^_`|~`, with no blank or colon"))
                    return nil
                }
                guard passable(value, as: "a header value", lineBreaks: false) else { return nil }
                return template(value, for: name, allowEmpty: true).map { (name: name, value: $0) }
            }
        } ?? []
        guard let url = fields[.url].flatMap({ passable($0, as: "a URL", lineBreaks: false) ? template($0, for: "url") : nil })
        else { return nil }
        let count = fields[.count].flatMap { integer($0, for: "count", minimum: 1, maximum: HTTPRequest.maximumCount) } ?? 1
        let every = fields[.every].flatMap { duration($0, for: "every") }
        if every != nil, count == 1, let key = fields.keyNode(.every) {
            report(.warning(.misplacedKey, "`every` has no effect without `count` greater than 1",
                            at: location(key), length: 5))
        }
        return HTTPRequest(
            method: method, url: url, headers: headers,
            body: fields[.body].flatMap { template($0, for: "body", allowEmpty: true) },
            timeout: fields[.timeout].flatMap { duration($0, for: "timeout") },
            count: count, every: every,
            followRedirects: fields[.followRedirects].flatMap { bool($0, for: "follow-redirects") } ?? false)
    }

    private func checkedMethod(_ text: String, node: Node) -> String? {
        let upper = text.uppercased()
        guard HTTPRequest.methods.contains(upper) else {
            report(.error(.invalidHTTPMethod, "`\(text)` is not an HTTP method", at: location(node),
                          length: text.unicodeScalars.count,
                          hint: Suggestion.hint(for: upper, in: HTTPRequest.methods)
                              ?? "use one of " + HTTPRequest.methods.joined(separator: ", ")))
            return nil
        }
        return upper
    }

    private func check(_ node: Node) -> StepAction? {
        switch node {
        case .scalar(let scalar) where isNull(scalar):
            return .check(source: nil)
        case .scalar:
            return locatedString(node, for: "check").map { .check(source: $0) }
        default:
            guard let fields = fields(node, CheckKey.self, for: "check") else { return nil }
            return .check(source: fields[.source].flatMap { locatedString($0, for: "source") })
        }
    }

    private func wait(_ fields: Fields<StepKey>) -> Wait? {
        let interval = fields[.interval].flatMap { duration($0, for: "interval") }
        let within = fields[.within].flatMap { duration($0, for: "within") }
        let consecutive = fields[.consecutive].flatMap { integer($0, for: "consecutive", minimum: 1, maximum: 1_000) } ?? 1
        guard let untilNode = fields[.until] else {
            for key in [StepKey.interval, .within, .consecutive] {
                if let keyNode = fields.keyNode(key) {
                    report(.error(.misplacedKey, "`\(key.rawValue)` only applies to a step with `until`",
                                  at: location(keyNode), length: key.rawValue.count,
                                  hint: "add `until:` with the condition to wait for, or remove `\(key.rawValue)`"))
                }
            }
            return nil
        }
        let until = expectations(untilNode) ?? []
        if !fields.has(.within), let key = fields.keyNode(.until) {
            report(.error(.missingKey, "`until` needs `within`: the deadline after which waiting fails",
                          at: location(key), length: 5, hint: "add e.g. `within: 5m`"))
        }
        if let interval, let within, interval.milliseconds > within.milliseconds {
            report(.warning(.invalidValue, "`interval` (\(interval)) is longer than `within` (\(within)): only one attempt fits",
                            at: interval.location))
        }
        var wait = Wait(until: until, interval: interval, within: within)
        wait.consecutive = consecutive
        return wait
    }

    /// `evidence: FILE` records the output; `{output: FILE, stderr: FILE}` records the
    /// streams of a program apart, `{combined: FILE}` both in one file as they arrived,
    /// `{attempts: FILE}` every attempt of an `until` step.
    private func stepArtifacts(_ node: Node)
        -> (output: Located<String>?, stderr: Located<String>?, combined: Located<String>?, attempts: Located<String>?) {
        guard case .mapping = node else { return (artifactName(node), nil, nil, nil) }
        guard let fields = fields(node, StepEvidenceKey.self, for: "evidence") else { return (nil, nil, nil, nil) }
        if fields.order.isEmpty {
            report(.error(.emptyValue, "`evidence` names no artifact", at: fields.location,
                          hint: "write `evidence: FILE`, `{output: FILE, stderr: FILE}` or `{combined: FILE}`"))
        }
        return (fields[.output].flatMap(artifactName), fields[.stderr].flatMap(artifactName),
                fields[.combined].flatMap(artifactName), fields[.attempts].flatMap(artifactName))
    }

    private func expectedFailure(_ node: Node) -> ExpectedFailure? {
        if case .scalar = node {
            guard let value = bool(node, for: "expect-failure") else { return nil }
            if !value {
                report(.warning(.invalidValue, "`expect-failure: false` is the default; remove it", at: location(node)))
                return nil
            }
            return ExpectedFailure(exitCode: nil, stderr: nil, location: location(node))
        }
        guard let fields = fields(node, ExpectFailureKey.self, for: "expect-failure") else { return nil }
        let exitCode = fields[.exitCode].flatMap { integer($0, for: "exit-code", minimum: 1, maximum: 255) }
        let stderr = fields[.stderr].flatMap { pattern($0, for: "stderr") }
        return ExpectedFailure(exitCode: exitCode, stderr: stderr, location: fields.location)
    }

    private func environment(_ node: Node) -> [(name: String, value: Template)]? {
        namedEntries(node, for: "env")?.compactMap { key, name, value in
            guard VariableName.isIdentifier(name) else {
                report(.error(.invalidIdentifier, "`\(name)` is not a valid environment variable name",
                              at: location(key), length: name.unicodeScalars.count))
                return nil
            }
            guard passable(value, as: "an environment value") else { return nil }
            return template(value, for: name, allowEmpty: true).map { (name: name, value: $0) }
        }
    }
}
