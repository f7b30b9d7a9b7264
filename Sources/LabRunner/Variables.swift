import Foundation
import JMESPath
import LabSpec

/// The values `${NAME}` stands for during a run, and which of them are secret.
public struct Variables: Sendable {
    private var values: [String: String] = [:]
    /// The JSON value a query capture found, so `"${NAME}"` alone compares as that value
    /// (a number stays a number) rather than as its text.
    private var typed: [String: JSONValue] = [:]
    private(set) var secretValues: Set<String> = [] {
        didSet { if secretValues != oldValue { masker = Masker(secrets: secretValues, recorded: recordedSecrets) } }
    }
    /// Where each captured name came from ("deployment-outputs: properties.outputs…"), for dry-runs.
    public private(set) var origins: [String: String] = [:]
    /// Names that stand for a value not known yet (a preview, a replay's unknowns): they
    /// read as `${NAME}` and a shell line leaves them for the shell to fill in.
    public private(set) var placeholders: Set<String> = []
    /// Names whose value this run cannot know — captured by a step a replay has no
    /// recording of — mapped to why. They read as `${NAME}`.
    public private(set) var unknown: [String: String] = [:]

    /// The digests of secrets a recorded run masked (read from its manifest), and the salt
    /// this run's manifest records its own under.
    public var recordedSecrets = SecretDigests(salt: SecretDigests.freshSalt()) {
        didSet { masker = Masker(secrets: secretValues, recorded: recordedSecrets) }
    }

    public init() {
        masker = Masker(secrets: [], recorded: recordedSecrets)
    }

    public subscript(name: String) -> String? { values[name] }

    public mutating func set(_ name: String, _ value: String, typed json: JSONValue? = nil, secret: Bool = false,
                             origin: String? = nil) {
        values[name] = value
        typed[name] = json
        unknown[name] = nil
        placeholders.remove(name)
        if secret, !value.isEmpty { secretValues.insert(value) }
        if let origin { origins[name] = origin }
    }

    public func contains(_ name: String) -> Bool { values[name] != nil }

    /// Marks `name` as a value not known yet: it reads as `${NAME}`.
    public mutating func setPlaceholder(_ name: String, secret: Bool = false, origin: String? = nil) {
        set(name, "${\(name)}", origin: origin)
        placeholders.insert(name)
    }

    /// The value `name` holds as JSON: what its query found, else its text.
    public func json(_ name: String) -> JSONValue? {
        typed[name] ?? values[name].map { .string($0) }
    }

    /// Marks `name` as unknowable in this run ("captured by `deploy`, which was not
    /// recorded"); it reads as `${NAME}` from then on.
    public mutating func setUnknown(_ name: String, because reason: String, origin: String? = nil) {
        values[name] = "${\(name)}"
        typed[name] = nil
        unknown[name] = reason
        placeholders.insert(name)
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

    /// Made again only when the secrets change: expectations, records and output lines
    /// ask for it at every step, and a short secret's whole-word pattern costs a compile.
    public private(set) var masker = Masker(secrets: [])
}
