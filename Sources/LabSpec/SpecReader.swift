import JMESPath
import Yams

/// Reads a composed YAML node tree into typed values, collecting every problem instead of
/// stopping at the first. Each helper returns nil after reporting what was wrong.
final class SpecReader {
    let file: SourceFile
    private(set) var diagnostics: [Diagnostic] = []
    /// Problems beyond `LabLoader.maximumDiagnostics`: counted, not kept.
    private(set) var suppressed = 0
    /// How many of those were errors: the lab is invalid if any was.
    private(set) var suppressedErrors = 0
    /// The items of the `for-each` around what is being read: `${NAME}` of them may stand
    /// in ids and artifact names, filled in when the copies are made.
    var loopVariables: Set<String> = []
    /// Steps made by repetition so far, against `Repetition.maximumSteps`.
    var expandedSteps = 0

    init(file: SourceFile) {
        self.file = file
    }

    /// No more problems are kept: a caller may skip building one (a hint costs work).
    var isFull: Bool { diagnostics.count >= LabLoader.maximumDiagnostics }

    func report(_ diagnostic: Diagnostic) {
        guard !isFull else {
            suppressed += 1
            if diagnostic.severity == .error { suppressedErrors += 1 }
            return
        }
        diagnostics.append(diagnostic)
    }

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return file.location(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// A readable name of a node's kind, for "expected X, found Y" messages.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if scalar.style == .plain, isNull(scalar) { return "nothing" }
            return "`\(scalar.string)`"
        }
    }

    func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func wrongType(_ node: Node, expected: String, for key: String) {
        report(.error(.wrongType, "expected \(expected) for `\(key)`, found \(describe(node))",
                      at: location(node), length: length(of: node)))
    }

    /// Columns the caret should underline: a scalar's text on its first line.
    func length(of node: Node) -> Int {
        guard case .scalar(let scalar) = node else { return 1 }
        let firstLine = scalar.string.prefix { $0 != "\n" }
        let quotes = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 2 : 0
        return max(1, firstLine.unicodeScalars.count + quotes)
    }

    // MARK: Mappings

    /// The entries of a mapping checked against `K`: unknown keys are reported with a
    /// suggestion, renamed keys warn, missing required keys are reported at the mapping.
    func fields<K: SpecKeySet>(_ node: Node, _ keys: K.Type, for name: String) -> Fields<K>? {
        guard case .mapping(let mapping) = node else {
            wrongType(node, expected: "a mapping (\(K.context))", for: name)
            return nil
        }
        var fields = Fields<K>(location: location(node))
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                report(.error(.wrongType, "a \(K.context) key must be a plain word, found \(describe(keyNode))",
                              at: location(keyNode)))
                continue
            }
            let text = keyScalar.string
            if let key = K(rawValue: text) {
                fields.add(key, key: keyNode, value: value)
            } else if let key = K.renamed[text] {
                report(.warning(.renamedKey, "`\(text)` is now spelled `\(key.rawValue)`",
                                at: location(keyNode), length: text.unicodeScalars.count,
                                hint: "rename it to `\(key.rawValue)`"))
                if !fields.has(key) { fields.add(key, key: keyNode, value: value) }
            } else if isFull {
                suppressed += 1
                suppressedErrors += 1
            } else {
                let legal = K.allCases.map(\.rawValue)
                let hint = Suggestion.hint(for: text, in: legal)
                    ?? "a \(K.context) takes: " + legal.map { "`\($0)`" }.joined(separator: ", ")
                report(.error(.unknownKey, "unknown key `\(text)` in \(K.context)",
                              at: location(keyNode), length: text.unicodeScalars.count, hint: hint))
            }
        }
        for key in K.required where !fields.has(key) {
            report(.error(.missingKey, "\(K.context) is missing required key `\(key.rawValue)`",
                          at: fields.location))
        }
        return fields
    }

    /// The items of a list; a single mapping is accepted as a list of one when `single` is set.
    func list(_ node: Node, for name: String, acceptSingle: Bool = false) -> [Node]? {
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .mapping where acceptSingle: return [node]
        case .scalar(let scalar) where isNull(scalar):
            report(.error(.emptyValue, "`\(name)` is empty", at: location(node),
                          hint: "give a list, or remove the key"))
            return nil
        default:
            wrongType(node, expected: "a list", for: name)
            return nil
        }
    }

    /// Key/value pairs of a mapping whose keys are names the author chooses.
    func namedEntries(_ node: Node, for name: String) -> [(key: Node, name: String, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            if case .scalar(let scalar) = node, isNull(scalar) { return [] }
            wrongType(node, expected: "a mapping", for: name)
            return nil
        }
        var entries: [(Node, String, Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                report(.error(.wrongType, "a name in `\(name)` must be a plain word, found \(describe(keyNode))",
                              at: location(keyNode)))
                continue
            }
            entries.append((keyNode, keyScalar.string, value))
        }
        return entries
    }

    // MARK: Scalars

    /// A string as written: YAML 1.1 words such as `yes` or `1.10` stay text.
    func string(_ node: Node, for name: String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = node else {
            wrongType(node, expected: "a string", for: name)
            return nil
        }
        if isNull(scalar), !(allowEmpty && scalar.string.isEmpty) {
            report(.error(.emptyValue, "`\(name)` has no value", at: location(node),
                          hint: "write a value after `\(name):`, or remove the key"))
            return nil
        }
        return scalar.string
    }

    func locatedString(_ node: Node, for name: String) -> Located<String>? {
        string(node, for: name).map { Located($0, at: location(node)) }
    }

    func strings(_ node: Node, for name: String) -> [String]? {
        if case .scalar = node, let single = string(node, for: name) { return [single] }
        guard case .sequence(let sequence) = node else {
            if case .mapping = node { wrongType(node, expected: "a list of strings", for: name) }
            return nil
        }
        return sequence.compactMap { string($0, for: name) }
    }

    func bool(_ node: Node, for name: String) -> Bool? {
        guard case .scalar(let scalar) = node, scalar.style == .plain else {
            wrongType(node, expected: "`true` or `false`", for: name)
            return nil
        }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        case "yes", "Yes", "YES", "on", "On", "ON", "y", "Y":
            report(.error(.ambiguousBoolean, "`\(scalar.string)` is not a boolean in labspec",
                          at: location(node), length: length(of: node), hint: "write `true`"))
        case "no", "No", "NO", "off", "Off", "OFF", "n", "N":
            report(.error(.ambiguousBoolean, "`\(scalar.string)` is not a boolean in labspec",
                          at: location(node), length: length(of: node), hint: "write `false`"))
        default:
            wrongType(node, expected: "`true` or `false`", for: name)
        }
        return nil
    }

    func integer(_ node: Node, for name: String, minimum: Int? = nil, maximum: Int? = nil) -> Int? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
            if case .scalar(let scalar) = node, scalar.style == .plain, scalar.string.allSatisfy(\.isNumber) {
                report(.error(.invalidValue, "`\(name)` is out of range", at: location(node), length: length(of: node),
                              hint: maximum.map { "at most \($0)" }))
                return nil
            }
            wrongType(node, expected: "a whole number", for: name)
            return nil
        }
        if let minimum, value < minimum {
            report(.error(.invalidValue, "`\(name)` must be at least \(minimum), found \(value)",
                          at: location(node), length: length(of: node)))
            return nil
        }
        if let maximum, value > maximum {
            report(.error(.invalidValue, "`\(name)` must be at most \(maximum), found \(value)",
                          at: location(node), length: length(of: node)))
            return nil
        }
        return value
    }

    func duration(_ node: Node, for name: String) -> LabDuration? {
        guard let text = string(node, for: name) else { return nil }
        if text.includes("${") {
            // Filled in at run time; an input's default is checked now, in `LabChecks`.
            guard let locator = scalarLocator(node), let parsed = template(text, locator: locator) else { return nil }
            return LabDuration(milliseconds: 0, location: location(node), template: parsed)
        }
        guard let milliseconds = LabDuration.parseMilliseconds(text) else {
            let hint = Int(text) != nil ? "add a unit: `\(text)s`" : "write a number with a unit: `500ms`, `10s`, `3m`, `1h`, `1m30s`"
            report(.error(.invalidDuration, "`\(text)` is not a duration", at: location(node),
                          length: length(of: node), hint: hint))
            return nil
        }
        return LabDuration(milliseconds: milliseconds, location: location(node))
    }

    func pattern(_ node: Node, for name: String) -> Pattern? {
        guard let text = string(node, for: name) else { return nil }
        var pattern = Pattern(source: text, location: location(node))
        if text.includes("${") {
            guard let locator = scalarLocator(node), let parsed = template(text, locator: locator) else { return nil }
            pattern.template = parsed
        }
        // Checked with each reference as the literal text it will be.
        if let problem = RegexCheck.problem(in: pattern.filled { _ in "x" }) {
            report(.error(.invalidRegex, "invalid regular expression for `\(name)`: \(problem)",
                          at: location(node), length: length(of: node)))
            return nil
        }
        if RegexCheck.hasNestedRepetition(pattern.filled { _ in "x" }) {
            report(.warning(.slowRegex, "`\(name)` repeats a group that itself repeats without bound; on text that "
                                + "almost matches it can backtrack for minutes (matching stops after 1 s, not judged)",
                            at: location(node), length: length(of: node),
                            hint: "repeat the inner part once: `(a*)*` matches what `a*` matches"))
        }
        return pattern
    }

    /// A JMESPath expression, possibly with `${NAME}` references, compiled now so a
    /// syntax error points at its column inside the spec.
    func query(_ node: Node, for name: String) -> Query? {
        guard let text = string(node, for: name), let locator = scalarLocator(node),
              let template = template(text, locator: locator) else { return nil }
        if let problem = QueryCheck.problem(in: template) {
            let at = locator.locate(problem.offset)
            report(.error(.invalidQuery, "invalid JMESPath in `\(name)`: \(problem.message)", at: at,
                          hint: problem.hint))
            return nil
        }
        return Query(text: text, template: template, location: location(node))
    }

    // MARK: Templates

    func scalarLocator(_ node: Node) -> ScalarLocator? {
        guard case .scalar(let scalar) = node else { return nil }
        return ScalarLocator(file: file, scalar: scalar, start: location(node))
    }

    func template(_ node: Node, for name: String, allowEmpty: Bool = false) -> Template? {
        guard let text = string(node, for: name, allowEmpty: allowEmpty), let locator = scalarLocator(node) else {
            return nil
        }
        return template(text, locator: locator)
    }

    func template(_ text: String, locator: ScalarLocator) -> Template? {
        guard text.includes("$") else { return Template(literal: text) }
        switch Template.parse(text, locate: locator.locate) {
        case .success(let template): return template
        case .failure(let problem):
            reportTemplateProblem(problem, locator: locator)
            return nil
        }
    }

    func reportTemplateProblem(_ problem: TemplateProblem, locator: ScalarLocator) {
        let at = locator.locate(problem.offset)
        switch problem.kind {
        case .unterminatedVariable:
            report(.error(.unterminatedVariable, "`${` is not closed by `}`", at: at, length: 2,
                          hint: "write `${NAME}`, or `$${` for a literal `${`"))
        case .invalidVariableName(let name):
            report(.error(.invalidIdentifier, "`${\(name)}` is not a valid variable name", at: at,
                          length: name.unicodeScalars.count + 3,
                          hint: "names are letters, digits and `_`; built-ins are dotted, like `${now.epoch}`"))
        case .unterminatedQuote(let quote):
            report(.error(.unterminatedQuote, "this \(quote) quote is never closed", at: at,
                          hint: "close it, or escape it with a backslash"))
        case .danglingEscape:
            report(.error(.invalidValue, "a command cannot end with a backslash", at: at))
        }
    }

    /// A typed operand: YAML 1.2 core rules for plain scalars (`200` is a number, `yes` a
    /// string), quoted scalars are strings, `${…}` makes a template.
    func operand(_ node: Node, for name: String) -> Operand? {
        if let spelled = Self.firstNonCanonicalLiteral(in: node) {
            reportNonCanonical(spelled)
            return nil
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, !isTaggedText(node), let literal = plainLiteral(scalar.string) {
                if case .double(let number) = literal, !number.isFinite {
                    report(.error(.invalidValue, "`\(scalar.string)` is out of the range of numbers", at: location(node),
                                  length: length(of: node), hint: "quote it to compare it as text"))
                    return nil
                }
                return .literal(literal)
            }
            if scalar.string.includes("${"), let locator = scalarLocator(node) {
                return template(scalar.string, locator: locator).map { .template($0) }
            }
            return .literal(.string(scalar.string))
        default:
            if let nested = Self.firstTemplateScalar(in: node) {
                report(.error(.invalidValue, "`${…}` inside a list or mapping is compared as written, never filled in",
                              at: location(nested), length: length(of: nested),
                              hint: "compare one element at a time: `{query: \"[0]\", equals: \"${NAME}\"}`"))
                return nil
            }
            return .literal(StructuredDocument.json(from: node))
        }
    }

    /// `True`, `FALSE`, `Null`, `~`: YAML reads them as booleans or null, but in a value
    /// to compare with they are more likely meant as text. Only the lower-case words are
    /// accepted; anything else must be written so or quoted.
    private static func firstNonCanonicalLiteral(in node: Node) -> Node? {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return nil }
            return ["True", "TRUE", "False", "FALSE", "Null", "NULL", "~"].contains(scalar.string) ? node : nil
        case .sequence(let sequence): return sequence.lazy.compactMap(firstNonCanonicalLiteral).first
        case .mapping(let mapping): return mapping.lazy.compactMap { firstNonCanonicalLiteral(in: $0.value) }.first
        case .alias: return nil
        }
    }

    private func reportNonCanonical(_ node: Node) {
        guard case .scalar(let scalar) = node else { return }
        let word = scalar.string
        let canonical = word == "~" || word.lowercased() == "null" ? "null" : word.lowercased()
        report(.error(.ambiguousBoolean, "`\(word)` in a value to compare with is ambiguous",
                      at: location(node), length: length(of: node),
                      hint: "write `\(canonical)` for the JSON \(canonical == "null" ? "null" : "boolean"), or quote it (`\"\(word)\"`) for text"))
    }

    private static func firstTemplateScalar(in node: Node) -> Node? {
        switch node {
        case .scalar(let scalar): return scalar.string.includes("${") ? node : nil
        case .sequence(let sequence): return sequence.lazy.compactMap(firstTemplateScalar).first
        case .mapping(let mapping): return mapping.lazy.compactMap { firstTemplateScalar(in: $0.value) }.first
        case .alias: return nil
        }
    }

    /// `!!str 0`: a plain scalar the author tagged as text, which stays text.
    func isTaggedText(_ node: Node) -> Bool {
        guard let mark = node.mark, let line = file.line(mark.line) else { return false }
        let scalars = Array(line.unicodeScalars)
        let start = mark.column - 1
        guard start >= 0, start + 5 <= scalars.count else { return false }
        return String(String.UnicodeScalarView(scalars[start..<start + 5])) == "!!str"
    }

    func plainLiteral(_ text: String) -> JSONValue? {
        StructuredDocument.coreLiteral(text)
    }
}

/// The recognised entries of one mapping, in the order written. Mappings hold a handful
/// of keys, so a linear scan beats hashing here.
struct Fields<K: SpecKeySet> {
    struct Entry {
        var name: K
        var key: Node
        var value: Node
    }

    var location: SourceLocation
    private(set) var entries: [Entry] = []

    init(location: SourceLocation) {
        self.location = location
    }

    /// Keys in the order they were written.
    var order: [K] { entries.map(\.name) }

    mutating func add(_ name: K, key: Node, value: Node) {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            entries[index] = Entry(name: name, key: key, value: value)
        } else {
            entries.append(Entry(name: name, key: key, value: value))
        }
    }

    subscript(key: K) -> Node? { entries.first { $0.name == key }?.value }

    func keyNode(_ key: K) -> Node? { entries.first { $0.name == key }?.key }

    func has(_ key: K) -> Bool { entries.contains { $0.name == key } }
}
