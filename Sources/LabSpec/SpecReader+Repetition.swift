import JMESPath
import Yams

/// `for-each: {NAME: [A, B, C]}` or `for-each: {NAME: 4}` on a step or a phase: one copy
/// per item, `${NAME}` standing for the item in the copy — in its id and artifact names
/// (filled in when the spec loads) and everywhere else (a value fixed for that copy).
struct Repetition {
    var name: String
    var values: [String]
    /// Each item as a JSON value: numbers and booleans written plainly keep their type.
    var typed: [JSONValue]
    var location: SourceLocation

    /// The most items one `for-each` takes.
    static let maximumItems = 1_000
    /// The most steps a lab may have once repeated steps and phases are expanded.
    static let maximumSteps = 10_000

    /// `text` with `${NAME}` replaced by `value`.
    func fill(_ text: String, with value: String) -> String {
        text.replacingOccurrences(of: "${\(name)}", with: value)
    }

    func isUsed(in text: String) -> Bool { text.includes("${\(name)}") }
}

extension SpecReader {
    func repetition(_ node: Node) -> Repetition? {
        guard let entries = namedEntries(node, for: "for-each") else { return nil }
        guard entries.count == 1, let entry = entries.first else {
            report(.error(.invalidValue, "`for-each` names one variable and its items", at: location(node),
                          hint: "write `for-each: {ITEM: [a, b, c]}` or `for-each: {N: 3}`"))
            return nil
        }
        guard VariableName.isIdentifier(entry.name) else {
            report(.error(.invalidIdentifier, "`\(entry.name)` is not a valid variable name", at: location(entry.key),
                          length: entry.name.unicodeScalars.count, hint: "letters, digits and `_`, not starting with a digit"))
            return nil
        }
        var values: [String] = []
        var typed: [JSONValue] = []
        switch entry.value {
        case .sequence(let items):
            for item in items {
                guard case .scalar(let scalar) = item, !isNull(scalar) else {
                    report(.error(.wrongType, "an item of `for-each` is one value, found \(describe(item))", at: location(item)))
                    return nil
                }
                values.append(scalar.string)
                typed.append(Self.itemValue(scalar))
            }
        default:
            guard let count = integer(entry.value, for: entry.name, minimum: 1, maximum: Repetition.maximumItems) else { return nil }
            values = (1...count).map(String.init)
            typed = (1...count).map { .int($0) }
        }
        guard !values.isEmpty, values.count <= Repetition.maximumItems else {
            report(.error(.invalidValue, values.isEmpty ? "`for-each` has no items"
                          : "`for-each` takes at most \(Repetition.maximumItems) items, found \(values.count)",
                          at: location(entry.value)))
            return nil
        }
        if loopVariables.contains(entry.name) {
            report(.error(.duplicateID, "`${\(entry.name)}` is already the item of the phase around this step",
                          at: location(entry.key), length: entry.name.unicodeScalars.count, hint: "name this item otherwise"))
            return nil
        }
        return Repetition(name: entry.name, values: values, typed: typed, location: location(entry.key))
    }

    /// A plain `3`, `1.5`, `true` or `false` is that JSON value; anything else is text.
    private static func itemValue(_ scalar: Node.Scalar) -> JSONValue {
        guard scalar.style == .plain else { return .string(scalar.string) }
        if scalar.string == "true" { return .bool(true) }
        if scalar.string == "false" { return .bool(false) }
        if let number = try? JSONValue(parsing: scalar.string), number.number != nil { return number }
        return .string(scalar.string)
    }

    /// The variable names a `for-each` mapping gives, however wrong the rest of it is.
    func loopNames(_ node: Node) -> [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.compactMap { key, _ in
            guard case .scalar(let scalar) = key, VariableName.isIdentifier(scalar.string) else { return nil }
            return scalar.string
        }
    }

    /// Whether every artifact of `step` names the item, so each copy writes its own file;
    /// reports the first that does not.
    private func artifactsHoldItem(_ step: Step, _ repetition: Repetition, of what: String) -> Bool {
        guard let artifact = step.artifacts.first(where: { !repetition.isUsed(in: $0.value) }) else { return true }
        report(.error(.duplicateArtifact, "artifact `\(artifact.value)` of a repeated \(what) needs `${\(repetition.name)}` in its name, "
                      + "or every copy writes the same file", at: artifact.location,
                      length: artifact.value.unicodeScalars.count))
        return false
    }

    /// One copy of `step` per item: its id and artifacts filled in, the item bound.
    func expand(_ step: Step, _ repetition: Repetition, idNode: Node?) -> [Step] {
        guard !step.hasGeneratedID, repetition.isUsed(in: step.id) else {
            report(.error(.invalidValue, "a repeated step needs an `id` holding `${\(repetition.name)}`, so each copy has its own",
                          at: idNode.map(location) ?? step.location, hint: "for example `id: replicas-${\(repetition.name)}`"))
            return []
        }
        guard artifactsHoldItem(step, repetition, of: "step") else { return [] }
        return repetition.values.indices.compactMap { index in copy(step, repetition, index, idNode: idNode) }
    }

    /// The copy of `step` for one item, its filled-in id and artifacts checked again.
    func copy(_ step: Step, _ repetition: Repetition, _ index: Int, idNode: Node?) -> Step? {
        let value = repetition.values[index]
        guard expandedSteps < Repetition.maximumSteps else {
            if expandedSteps == Repetition.maximumSteps {
                report(.error(.invalidValue, "repeated steps make more than \(Repetition.maximumSteps) steps",
                              at: repetition.location, hint: "repeat fewer items"))
                expandedSteps += 1
            }
            return nil
        }
        expandedSteps += 1
        var copy = step
        copy.id = repetition.fill(step.id, with: value)
        if !isPlainIdentifier(copy.id) {
            report(.error(.invalidIdentifier, "`\(copy.id)` (for `\(repetition.name)` = `\(value)`) is not a valid step id",
                          at: idNode.map(location) ?? step.location, length: idNode.map { length(of: $0) } ?? 1,
                          hint: "use items of letters, digits, `-`, `_` and `.`"))
            return nil
        }
        func filled(_ artifact: Located<String>?) -> Located<String>? {
            artifact.map { Located(repetition.fill($0.value, with: value), at: $0.location) }
        }
        copy.evidence = filled(step.evidence)
        copy.stderrEvidence = filled(step.stderrEvidence)
        copy.combinedEvidence = filled(step.combinedEvidence)
        copy.attemptsEvidence = filled(step.attemptsEvidence)
        for artifact in copy.artifacts where !isPlainArtifact(artifact.value) {
            report(.error(.artifactEscapes, "artifact `\(artifact.value)` (for `\(repetition.name)` = `\(value)`) must be a "
                          + "relative path inside the evidence folder", at: artifact.location,
                          hint: "use items that make plain file names"))
            return nil
        }
        copy.bindings.append((name: repetition.name, value: value, json: repetition.typed[index]))
        return copy
    }

    /// One copy of `phase` per item: the phase id, and each step's id and artifacts, filled in.
    func expand(_ phase: Phase, _ repetition: Repetition) -> [Phase] {
        guard repetition.isUsed(in: phase.id.value) else {
            report(.error(.invalidValue, "a repeated phase needs an `id` holding `${\(repetition.name)}`, so each copy has its own",
                          at: phase.id.location, length: phase.id.value.unicodeScalars.count,
                          hint: "for example `id: sample-${\(repetition.name)}`"))
            return []
        }
        for step in phase.steps {
            // A derived id (`PHASE.N`) takes the phase's; one the author wrote must hold the item.
            if !step.hasGeneratedID, !repetition.isUsed(in: step.id) {
                report(.error(.invalidValue, "step `\(step.id)` of a repeated phase needs `${\(repetition.name)}` in its id",
                              at: step.location, hint: "for example `id: \(step.id)-${\(repetition.name)}`"))
                return []
            }
            guard artifactsHoldItem(step, repetition, of: "phase") else { return [] }
        }
        return repetition.values.indices.compactMap { index -> Phase? in
            let value = repetition.values[index]
            let id = repetition.fill(phase.id.value, with: value)
            guard isPlainIdentifier(id) else {
                report(.error(.invalidIdentifier, "`\(id)` (for `\(repetition.name)` = `\(value)`) is not a valid phase id",
                              at: phase.id.location, length: phase.id.value.unicodeScalars.count))
                return nil
            }
            var copy = phase
            copy.id = Located(id, at: phase.id.location)
            copy.steps = phase.steps.compactMap { self.copy($0, repetition, index, idNode: nil) }
            return copy.steps.count == phase.steps.count ? copy : nil
        }
    }
}
