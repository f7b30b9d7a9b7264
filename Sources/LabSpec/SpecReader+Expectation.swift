import JMESPath
import Yams

extension SpecReader {
    /// A list of expectations; a single mapping counts as a list of one.
    func expectations(_ node: Node) -> [Expectation]? {
        guard let items = list(node, for: "expect", acceptSingle: true) else { return nil }
        return items.compactMap(expectation)
    }

    private func expectation(_ node: Node) -> Expectation? {
        guard let fields = fields(node, ExpectationKey.self, for: "expect") else { return nil }
        if let anyNode = fields[.any] { return alternatives(anyNode, fields) }
        let subjects = fields.order.filter {
            ExpectationKey.namedSubjects.contains($0) || ExpectationKey.matcherSubjects.contains($0)
        }
        guard let subjectKey = subjects.first, let subjectNode = fields[subjectKey] else {
            report(.error(.missingKey, "expectation has no subject", at: fields.location,
                          hint: "say what to check: `query`, `value`, `status`, `body`, `header`, `exit-code`, `stdout` or `stderr`"))
            return nil
        }
        for extra in subjects.dropFirst() {
            if let key = fields.keyNode(extra) {
                report(.error(.conflictingActions,
                              "an expectation checks one subject: it already checks `\(subjectKey.rawValue)`",
                              at: location(key), length: extra.rawValue.count,
                              hint: "split it into two expectations"))
            }
        }
        let operatorKeys = fields.order.filter { ExpectationKey.operators.contains($0) }
        if ExpectationKey.matcherSubjects.contains(subjectKey) {
            for key in operatorKeys {
                if let keyNode = fields.keyNode(key) {
                    report(.error(.misplacedKey, "`\(key.rawValue)` belongs inside `\(subjectKey.rawValue)`",
                                  at: location(keyNode), length: key.rawValue.count,
                                  hint: "write `\(subjectKey.rawValue): {\(key.rawValue): …}`"))
                }
            }
            guard let subject = matcherSubject(subjectKey), let matcher = matcher(subjectNode, for: subjectKey.rawValue) else {
                return nil
            }
            if case .exitCode = subject, let bad = Self.firstOutOfExitRange(matcher) {
                report(.error(.invalidValue, "`\(bad.compactText)` is not an exit code", at: location(subjectNode),
                              length: length(of: subjectNode), hint: "exit codes are whole numbers from 0 to 255"))
                return nil
            }
            return Expectation(subject: subject, matcher: matcher, location: fields.location)
        }

        let subject: Subject?
        switch subjectKey {
        case .query: subject = query(subjectNode, for: "query").map { .query($0) }
        case .value: subject = template(subjectNode, for: "value", allowEmpty: true).map { .value($0) }
        default: subject = string(subjectNode, for: "header").map { .header($0) }
        }
        guard !operatorKeys.isEmpty else {
            report(.error(.missingKey, "expectation on `\(subjectKey.rawValue)` has no operator", at: fields.location,
                          hint: "add one, for example `equals: …`, `contains: …` or `exists: true`"))
            return nil
        }
        var matchers: [Matcher] = []
        var failed = false
        for key in operatorKeys {
            guard let operatorKey = MatcherKey(rawValue: key.rawValue), let operand = fields[key],
                  let matcher = matcher(operatorKey, operand) else {
                failed = true
                continue
            }
            matchers.append(matcher)
        }
        guard let subject, !failed else { return nil }
        return Expectation(subject: subject, matcher: matchers.count == 1 ? matchers[0] : .all(matchers),
                           location: fields.location)
    }

    /// `any: [ALTERNATIVE, …]`, each alternative one expectation or a list of them: holds
    /// when every expectation of one alternative holds.
    private func alternatives(_ anyNode: Node, _ fields: Fields<ExpectationKey>) -> Expectation? {
        let conflicting = fields.order.filter { $0 != .any }.compactMap { key in fields.keyNode(key).map { (key.rawValue, $0) } }
        guard let items = anyItems(anyNode, conflicting: conflicting,
                                   moveHint: "move it into the alternatives, or write it as an expectation of its own",
                                   oneHint: "with one, write its expectations in the list itself") else { return nil }
        var alternatives: [[Expectation]] = []
        for item in items {
            if case .sequence(let list) = item, list.isEmpty {
                report(.error(.emptyValue, "an alternative with no expectation can never hold", at: location(item)))
                continue
            }
            let written: Int
            if case .sequence(let list) = item { written = list.count } else { written = 1 }
            guard let expectations = expectations(item), expectations.count == written else { continue }
            alternatives.append(expectations)
        }
        guard alternatives.count == items.count, items.count >= 2, fields.order.count == 1 else { return nil }
        return Expectation(subject: .alternatives(alternatives), matcher: .all([]), location: fields.location)
    }

    /// What `any:` asks of its mapping wherever it stands (an expectation, a claim): no key
    /// the alternatives state themselves beside it, and at least two alternatives.
    func anyItems(_ anyNode: Node, conflicting: [(name: String, node: Node)], moveHint: String, oneHint: String) -> [Node]? {
        for (name, keyNode) in conflicting {
            report(.error(.conflictingActions, "`\(name)` does not go with `any`: each alternative states its own",
                          at: location(keyNode), length: name.count, hint: moveHint))
        }
        guard let items = list(anyNode, for: "any") else { return nil }
        if items.count < 2 {
            report(.error(.emptyValue, "`any` needs at least two alternatives", at: location(anyNode), hint: oneHint))
        }
        return items
    }

    private func matcherSubject(_ key: ExpectationKey) -> Subject? {
        switch key {
        case .status: .status
        case .body: .body
        case .stdout: .stdout
        case .stderr: .stderr
        case .exitCode: .exitCode
        default: nil
        }
    }

    /// A matcher written as a mapping of operators, or a bare value meaning `equals`.
    func matcher(_ node: Node, for name: String) -> Matcher? {
        guard case .mapping = node else {
            return operand(node, for: name).map { .equals($0) }
        }
        guard let fields = fields(node, MatcherKey.self, for: name) else { return nil }
        if fields.order.isEmpty {
            report(.error(.missingKey, "`\(name)` has no operator", at: fields.location,
                          hint: "for example `{equals: 200}` or `{not: 200}`"))
            return nil
        }
        var matchers: [Matcher] = []
        for key in fields.order {
            guard let operand = fields[key], let matcher = matcher(key, operand) else { return nil }
            matchers.append(matcher)
        }
        return matchers.count == 1 ? matchers[0] : .all(matchers)
    }

    private func matcher(_ key: MatcherKey, _ node: Node) -> Matcher? {
        let name = key.rawValue
        switch key {
        case .equals: return operand(node, for: name).map { .equals($0) }
        case .not: return matcher(node, for: name).map { .not($0) }
        case .contains: return operand(node, for: name).map { .contains($0) }
        case .matches: return pattern(node, for: name).map { .matches($0) }
        case .exists: return bool(node, for: name).map { .exists($0) }
        case .lt: return operand(node, for: name).map { .compare(.lt, $0) }
        case .le: return operand(node, for: name).map { .compare(.le, $0) }
        case .gt: return operand(node, for: name).map { .compare(.gt, $0) }
        case .ge: return operand(node, for: name).map { .compare(.ge, $0) }
        case .in:
            guard case .sequence(let sequence) = node else {
                wrongType(node, expected: "a list of allowed values", for: name)
                return nil
            }
            let operands = sequence.compactMap { operand($0, for: name) }
            return operands.count == sequence.count ? .oneOf(operands) : nil
        case .between:
            guard case .sequence(let sequence) = node, sequence.count == 2 else {
                report(.error(.wrongType, "`between` takes two bounds, `[low, high]`", at: location(node),
                              length: length(of: node), hint: "for example `between: [1, 10]`"))
                return nil
            }
            guard let low = operand(sequence[0], for: name), let high = operand(sequence[1], for: name) else { return nil }
            if case .literal(let a) = low, case .literal(let b) = high {
                guard let lowNumber = a.number, let highNumber = b.number else {
                    report(.error(.wrongType, "`between` bounds must be numbers", at: location(node)))
                    return nil
                }
                if lowNumber > highNumber {
                    report(.error(.invalidValue, "`between` bounds are reversed: \(lowNumber) > \(highNumber)",
                                  at: location(node), hint: "write the lower bound first"))
                    return nil
                }
            }
            return .between(low, high)
        }
    }

    /// `NAME: query` or `NAME: {query | from, regex, group, secret}`.
    func captures(_ node: Node) -> [Capture]? {
        guard let entries = namedEntries(node, for: "capture") else { return nil }
        return entries.compactMap { key, name, value in
            let at = location(key)
            guard VariableName.isIdentifier(name) else {
                report(.error(.invalidIdentifier, "`\(name)` is not a valid variable name", at: at,
                              length: name.unicodeScalars.count,
                              hint: "variable names are letters, digits and `_`, not starting with a digit"))
                return nil
            }
            if case .scalar = value {
                return query(value, for: name).map { Capture(name: name, location: at, source: .query($0), secret: false) }
            }
            guard let fields = fields(value, CaptureKey.self, for: name) else { return nil }
            let secret = fields[.secret].flatMap { bool($0, for: "secret") } ?? false
            if let queryNode = fields[.query] {
                for conflicting in [CaptureKey.from, .regex, .group, .format] {
                    if let conflictingKey = fields.keyNode(conflicting) {
                        report(.error(.conflictingActions, "`\(conflicting.rawValue)` does not go with `query`",
                                      at: location(conflictingKey), length: conflicting.rawValue.count,
                                      hint: "`query` reads JSON output; `from` with `regex` reads text"))
                    }
                }
                return query(queryNode, for: "query").map { Capture(name: name, location: at, source: .query($0), secret: secret) }
            }
            return textCapture(fields, name: name, at: at, secret: secret)
        }
    }

    /// `{from, regex, group | format}`: a stream's trimmed text, a regex group, or groups
    /// put together.
    private func textCapture(_ fields: Fields<CaptureKey>, name: String, at: SourceLocation, secret: Bool) -> Capture? {
        var stream = Capture.Stream.stdout
        if let fromNode = fields[.from], let text = string(fromNode, for: "from") {
            guard let parsed = Capture.Stream(rawValue: text) else {
                let streams = Capture.Stream.allCases.map(\.rawValue)
                report(.error(.invalidValue, "`\(text)` is not a stream to capture from", at: location(fromNode),
                              length: length(of: fromNode),
                              hint: Suggestion.hint(for: text, in: streams) ?? "use one of " + streams.joined(separator: ", ")))
                return nil
            }
            stream = parsed
        }
        let regex = fields[.regex].flatMap { pattern($0, for: "regex") }
        if fields.has(.regex), regex == nil { return nil }
        var group = regex.map { min(1, RegexCheck.groupCount(in: $0.filled { _ in "x" }) ?? 0) } ?? 0
        if let groupNode = fields[.group] {
            guard let value = integer(groupNode, for: "group", minimum: 0) else { return nil }
            let available = regex.flatMap { RegexCheck.groupCount(in: $0.filled { _ in "x" }) } ?? 0
            if value > available {
                report(.error(.invalidValue, "group \(value) does not exist: the pattern has \(available) group(s)",
                              at: location(groupNode), length: length(of: groupNode)))
                return nil
            }
            group = value
        }
        var format: String?
        if let formatNode = fields[.format] {
            guard let regex, let text = string(formatNode, for: "format") else {
                if regex == nil {
                    report(.error(.misplacedKey, "`format` puts regex groups together; it needs `regex`",
                                  at: location(formatNode)))
                }
                return nil
            }
            if let groupKey = fields.keyNode(.group) {
                report(.error(.conflictingActions, "`group` and `format` both say what to keep; give one",
                              at: location(groupKey), length: 5, hint: "`format: \"$1\"` keeps group 1"))
                return nil
            }
            let available = RegexCheck.groupCount(in: regex.filled { _ in "x" }) ?? 0
            let used = RegexCheck.groupReferences(in: text)
            if let missing = used.first(where: { $0 > available }) {
                report(.error(.invalidValue, "`$\(missing)` names a group the pattern does not have (it has \(available))",
                              at: location(formatNode), length: length(of: formatNode)))
                return nil
            }
            format = text
        }
        return Capture(name: name, location: at, source: .text(stream, regex: regex, group: group, format: format),
                       secret: secret)
    }

    /// A literal an exit code can never equal or be ordered against: not a whole number
    /// from 0 to 255.
    private static func firstOutOfExitRange(_ matcher: Matcher) -> JSONValue? {
        func bad(_ operand: Operand) -> JSONValue? {
            guard case .literal(let value) = operand else { return nil }
            if case .int(let code) = value, (0...255).contains(code) { return nil }
            return value
        }
        switch matcher {
        case .equals(let operand), .contains(let operand), .compare(_, let operand): return bad(operand)
        case .oneOf(let operands): return operands.lazy.compactMap(bad).first
        case .between(let low, let high): return bad(low) ?? bad(high)
        case .not(let inner): return firstOutOfExitRange(inner)
        case .all(let matchers): return matchers.lazy.compactMap(firstOutOfExitRange).first
        case .matches, .exists: return nil
        }
    }
}
