/// A string with `${NAME}` references, parsed once at load time. Substitution happens
/// only at run time and never through a shell, so a value stays exactly one piece of text.
///
/// `$${` writes a literal `${`; a `$` not followed by `{` is literal.
public struct Template: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case variable(VariableReference)
    }

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    public init(literal text: String) {
        parts = text.isEmpty ? [] : [.literal(text)]
    }

    public var variables: [VariableReference] {
        parts.compactMap { part in
            if case .variable(let reference) = part { return reference }
            return nil
        }
    }

    public var isLiteral: Bool { variables.isEmpty }

    /// The text as the author wrote it, with references kept as `${NAME}`.
    public var symbolic: String {
        render { "${\($0.name)}" }
    }

    /// Fills every reference through `value`; a reference it cannot fill is kept symbolic.
    public func render(_ value: (VariableReference) -> String?) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .literal(let text): result += text
            case .variable(let reference): result += value(reference) ?? "${\(reference.name)}"
            }
        }
        return result
    }
}

/// One `${NAME}` use, with the place it was written.
public struct VariableReference: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// A problem found while splitting a template; `offset` counts scalars into the source text.
public struct TemplateProblem: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case unterminatedVariable
        case invalidVariableName(String)
        case unterminatedQuote(Character)
        case danglingEscape
    }

    public var kind: Kind
    public var offset: Int

    public init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

extension Template {
    /// Parses `text`; `locate` maps a scalar offset into `text` to a source position.
    public static func parse(
        _ text: String, locate: (Int) -> SourceLocation
    ) -> Result<Template, TemplateProblem> {
        var builder = TemplateBuilder()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            switch TemplateBuilder.scanReference(scalars, at: index) {
            case .none:
                builder.appendLiteral(scalars[index])
                index += 1
            case .escapedDollar(let next):
                builder.appendLiteral("$")
                builder.appendLiteral("{")
                index = next
            case .reference(let name, let next):
                builder.appendVariable(VariableReference(name: name, location: locate(index)))
                index = next
            case .problem(let problem):
                return .failure(problem)
            }
        }
        return .success(builder.finish())
    }
}

/// Accumulates template parts, merging adjacent literal text.
struct TemplateBuilder {
    private var parts: [Template.Part] = []
    private var literal = String.UnicodeScalarView()

    mutating func appendLiteral(_ scalar: Unicode.Scalar) {
        literal.append(scalar)
    }

    mutating func appendVariable(_ reference: VariableReference) {
        flush()
        parts.append(.variable(reference))
    }

    mutating func flush() {
        if !literal.isEmpty {
            parts.append(.literal(String(literal)))
            literal = String.UnicodeScalarView()
        }
    }

    var isEmpty: Bool { parts.isEmpty && literal.isEmpty }

    mutating func finish() -> Template {
        flush()
        defer { parts = [] }
        return Template(parts: parts)
    }

    enum Scan {
        case none
        case escapedDollar(next: Int)
        case reference(name: String, next: Int)
        case problem(TemplateProblem)
    }

    /// Recognises `${NAME}` or `$${` at `index`.
    static func scanReference(_ scalars: [Unicode.Scalar], at index: Int) -> Scan {
        guard scalars[index] == "$", index + 1 < scalars.count else { return .none }
        if scalars[index + 1] == "$", index + 2 < scalars.count, scalars[index + 2] == "{" {
            return .escapedDollar(next: index + 3)
        }
        guard scalars[index + 1] == "{" else { return .none }
        var end = index + 2
        while end < scalars.count, scalars[end] != "}" { end += 1 }
        guard end < scalars.count else {
            return .problem(TemplateProblem(kind: .unterminatedVariable, offset: index))
        }
        let name = String(String.UnicodeScalarView(scalars[(index + 2)..<end]))
        guard VariableName.isValid(name) else {
            return .problem(TemplateProblem(kind: .invalidVariableName(name), offset: index))
        }
        return .reference(name: name, next: end + 1)
    }
}

/// The spelling rules for variable names: inputs and captures are identifiers,
/// built-ins are dotted (`now.epoch`).
public enum VariableName {
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first,
              first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
                || ("0"..."9").contains(scalar)
        }
    }

    public static func isValid(_ name: String) -> Bool {
        let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
        return !pieces.isEmpty && pieces.allSatisfy { isIdentifier(String($0)) }
    }
}
