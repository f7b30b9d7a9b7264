import Foundation
import JMESPath
import LabSpec

/// The values `${NAME}` stands for during a run, and which of them are secret.
public struct Variables: Sendable {
    private var values: [String: String] = [:]
    private(set) var secretValues: Set<String> = []
    /// Where each captured name came from ("deployment-outputs: properties.outputs…"), for dry-runs.
    public private(set) var origins: [String: String] = [:]
    /// Names whose value this run cannot know — captured by a step a replay has no
    /// recording of — mapped to why. They read as `${NAME}`.
    public private(set) var unknown: [String: String] = [:]

    public init() {}

    public subscript(name: String) -> String? { values[name] }

    public mutating func set(_ name: String, _ value: String, secret: Bool = false, origin: String? = nil) {
        values[name] = value
        unknown[name] = nil
        if secret, !value.isEmpty { secretValues.insert(value) }
        if let origin { origins[name] = origin }
    }

    public func contains(_ name: String) -> Bool { values[name] != nil }

    /// Marks `name` as unknowable in this run ("captured by `deploy`, which was not
    /// recorded"); it reads as `${NAME}` from then on.
    public mutating func setUnknown(_ name: String, because reason: String, origin: String? = nil) {
        values[name] = "${\(name)}"
        unknown[name] = reason
        if let origin { origins[name] = origin }
    }

    /// The first of `references` this run cannot know, with why.
    public func firstUnknown(in references: [VariableReference]) -> (name: String, reason: String)? {
        guard !unknown.isEmpty else { return nil }
        for reference in references { if let reason = unknown[reference.name] { return (reference.name, reason) } }
        return nil
    }

    /// Fills a template; names without a value are returned as missing.
    public func render(_ template: Template) -> (text: String, missing: [String]) {
        var missing: [String] = []
        let text = template.render { reference in
            if let value = values[reference.name] { return value }
            missing.append(reference.name)
            return nil
        }
        return (text, missing)
    }

    public var masker: Masker { Masker(secrets: secretValues) }
}

/// Replaces every secret value with `***` in text bound for any output — the value as
/// it is, and as it reads once JSON-escaped or shell-quoted, so no rendering leaks it.
/// A writer with an escaping of its own adds it with `including(_:)`.
public struct Masker: Sendable {
    public static let mask = "***"
    private let secrets: Set<String>
    /// Longest first, so a secret that contains another is masked whole.
    private let forms: [String]

    public init(secrets: Set<String>) {
        let secrets = secrets.filter { !$0.isEmpty }
        self.init(secrets: secrets, forms: secrets.flatMap { secret in
            [secret, String(JSONValue.string(secret).compactText.dropFirst().dropLast()),
             secret.replacingOccurrences(of: "'", with: "'\\''")]
        })
    }

    private init(secrets: Set<String>, forms: [String]) {
        self.secrets = secrets
        self.forms = Set(forms).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// The same secrets, masked also as `encode` writes them (XML, a Markdown cell).
    public func including(_ encode: (String) -> String) -> Masker {
        Masker(secrets: secrets, forms: forms + secrets.map(encode))
    }

    public func callAsFunction(_ text: String) -> String {
        guard !forms.isEmpty else { return text }
        var masked = text
        for form in forms where masked.contains(form) {
            masked = masked.replacingOccurrences(of: form, with: Self.mask)
        }
        return masked
    }
}

/// Inputs from defaults, the environment and `--set`, in rising precedence.
public enum InputResolver {
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// `--set` names an input the lab does not declare.
            case unknownInput
            /// A required input has no value.
            case missingValue
        }

        public var kind: Kind
        public var message: String
        public var description: String { message }
    }

    /// `--set NAME=VALUE` beats an environment variable `NAME`, which beats the default.
    public static func resolve(
        _ lab: Lab, overrides: [String: String], environment: [String: String], into variables: inout Variables
    ) throws(Problem) {
        let declared = Set(lab.inputs.map(\.name))
        for name in overrides.keys where !declared.contains(name) {
            let hint = Suggestion.hint(for: name, in: declared).map { " (\($0))" } ?? ""
            throw Problem(kind: .unknownInput, message: "--set \(name): the lab declares no input `\(name)`\(hint)")
        }
        var missing: [String] = []
        for input in lab.inputs {
            let value: String?
            if let override = overrides[input.name] {
                value = override
            } else if let fromEnvironment = environment[input.name] {
                value = fromEnvironment
            } else if let template = input.defaultValue {
                value = variables.render(template).text
            } else {
                value = nil
            }
            guard let value, !(input.required && value.isEmpty) else {
                missing.append(input.name)
                continue
            }
            variables.set(input.name, value, secret: input.secret, origin: "input")
        }
        if !missing.isEmpty {
            let list = missing.map { "`\($0)`" }.joined(separator: ", ")
            throw Problem(kind: .missingValue, message: "required input\(missing.count == 1 ? "" : "s") \(list) not set: "
                + "pass --set NAME=VALUE or set the environment variable")
        }
    }
}
