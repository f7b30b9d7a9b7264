import JMESPath

/// One assertion: a subject (what is looked at) and a matcher (what it must satisfy).
public struct Expectation: Sendable {
    public var subject: Subject
    public var matcher: Matcher
    public var location: SourceLocation

    public init(subject: Subject, matcher: Matcher, location: SourceLocation) {
        self.subject = subject
        self.matcher = matcher
        self.location = location
    }

    public var variables: [VariableReference] {
        var references = matcher.variables
        switch subject {
        case .value(let template): references += template.variables
        case .query(let query): references += query.variables
        case .alternatives(let alternatives): references += alternatives.joined().flatMap(\.variables)
        default: break
        }
        return references
    }

    /// This expectation, or — for `any:` — every expectation of its alternatives: what
    /// checks that look for a kind of subject (a query, an exit code) must see.
    public var leaves: [Expectation] {
        if case .alternatives(let alternatives) = subject { return alternatives.joined().flatMap(\.leaves) }
        return [self]
    }
}

/// What an expectation looks at.
public enum Subject: Sendable {
    /// A JMESPath query over the JSON output (or the HTTP envelope).
    case query(Query)
    /// A template over variables, for comparing captured values.
    case value(Template)
    case exitCode, stdout, stderr
    case status, body
    case header(String)
    /// `any:` — holds when every expectation of one alternative holds (the matcher is
    /// then `.all([])`).
    case alternatives([[Expectation]])

    public var label: String {
        switch self {
        case .query(let query): "query \(query.text)"
        case .value(let template): "value \(template.symbolic)"
        case .exitCode: "exit-code"
        case .stdout: "stdout"
        case .stderr: "stderr"
        case .status: "status"
        case .body: "body"
        case .header(let name): "header \(name)"
        case .alternatives: "any"
        }
    }
}

/// A JMESPath expression with the place it was written. `${NAME}` references are filled
/// in as plain text before the expression is evaluated, as in `az --query` under a shell.
public struct Query: Sendable, Hashable {
    public var text: String
    public var template: Template
    public var location: SourceLocation

    public init(text: String, template: Template? = nil, location: SourceLocation) {
        self.text = text
        self.template = template ?? Template(literal: text)
        self.location = location
    }

    public var variables: [VariableReference] { template.variables }
}

/// A value an expectation compares against: a JSON literal, or a template filled at run time.
public enum Operand: Sendable, Hashable {
    case literal(JSONValue)
    case template(Template)

    public var variables: [VariableReference] {
        if case .template(let template) = self { return template.variables }
        return []
    }
}

public enum Comparison: String, Sendable, CaseIterable {
    case lt, le, gt, ge

    public var symbol: String {
        switch self {
        case .lt: "<"
        case .le: "<="
        case .gt: ">"
        case .ge: ">="
        }
    }
}

/// What a subject must satisfy. Several operators in one expectation must all hold.
public indirect enum Matcher: Sendable {
    case equals(Operand)
    case not(Matcher)
    case oneOf([Operand])
    case contains(Operand)
    case matches(Pattern)
    case exists(Bool)
    case compare(Comparison, Operand)
    case between(Operand, Operand)
    case all([Matcher])

    public var variables: [VariableReference] {
        switch self {
        case .equals(let operand), .contains(let operand), .compare(_, let operand): operand.variables
        case .not(let matcher): matcher.variables
        case .oneOf(let operands): operands.flatMap(\.variables)
        case .between(let low, let high): low.variables + high.variables
        case .all(let matchers): matchers.flatMap(\.variables)
        case .matches(let pattern): pattern.variables
        case .exists: []
        }
    }
}
