import Foundation
import JMESPath

/// One action of a lab with what it must show and what it hands to later steps.
public struct Step: Sendable {
    public var id: String
    /// True when the author gave no id and one was derived from the phase and position.
    public var hasGeneratedID: Bool
    public var location: SourceLocation
    public var title: String?
    public var description: String?
    public var action: StepAction
    public var expect: [Expectation]
    public var capture: [Capture]
    public var wait: Wait?
    public var timeout: LabDuration?
    /// The artifact the step's output is recorded to: stdout of a program, the envelope
    /// of an HTTP request.
    public var evidence: Located<String>?
    /// The artifact a program's stderr is recorded to, when the lab keeps it apart.
    public var stderrEvidence: Located<String>?
    /// The artifact both streams are recorded to, interleaved as they arrived — what a
    /// lab's `> FILE 2>&1` keeps.
    public var combinedEvidence: Located<String>? = nil
    /// The artifact an `until` step's attempts are recorded to, one JSON line each.
    public var attemptsEvidence: Located<String>? = nil
    /// Values fixed for this copy of a repeated step (`for-each`), in the order bound:
    /// `${NAME}` in it stands for the item — as text, and alone as its JSON value (a
    /// count's `1` is the number 1, as a plain `1` in a list is).
    public var bindings: [(name: String, value: String, json: JSONValue)] = []
    public var expectFailure: ExpectedFailure?
    public var allowFailure: Bool
    /// Runs alongside the steps after it in its phase (load during sampling); the phase
    /// ends when it ends, and a `check` that reads it waits for it.
    public var background: Bool
    public var workingDirectory: Template?
    public var environment: [(name: String, value: Template)]

    /// Every `${NAME}` the action itself uses (not its expectations).
    public var actionVariables: [VariableReference] {
        var references = action.variables
        references += workingDirectory?.variables ?? []
        references += environment.flatMap(\.value.variables)
        references += durations.flatMap { $0.template?.variables ?? [] }
        return references
    }

    /// Every duration the step states: sleep, timeout, interval, within, the probe's.
    public var durations: [LabDuration] {
        var all = [timeout, wait?.interval, wait?.within].compactMap { $0 }
        if case .sleep(let duration) = action { all.append(duration) }
        if case .http(let request) = action { all += [request.timeout, request.every].compactMap { $0 } }
        return all
    }

    /// The step with each `${…}` duration filled in from `value`; the first duration
    /// that does not read as one when it is not.
    public func resolvingDurations(_ value: (String) -> String?) -> Result<Step, DurationProblem> {
        guard durations.contains(where: { $0.template != nil }) else { return .success(self) }
        var step = self
        func resolve(_ duration: LabDuration?) throws(DurationProblem) -> LabDuration? {
            guard let duration else { return nil }
            guard let resolved = duration.resolved(value) else {
                let text = duration.template?.render { value($0.name) } ?? duration.description
                throw DurationProblem(duration: duration, text: text)
            }
            return resolved
        }
        do {
            step.timeout = try resolve(timeout)
            if var wait = step.wait {
                wait.interval = try resolve(wait.interval)
                wait.within = try resolve(wait.within)
                step.wait = wait
            }
            switch action {
            case .sleep(let duration): step.action = .sleep(try resolve(duration) ?? duration)
            case .http(var request):
                request.timeout = try resolve(request.timeout)
                request.every = try resolve(request.every)
                step.action = .http(request)
            default: break
            }
        } catch {
            return .failure(error)
        }
        return .success(step)
    }

    /// Every artifact the step records.
    public var artifacts: [Located<String>] { [evidence, stderrEvidence, combinedEvidence, attemptsEvidence].compactMap { $0 } }

    /// Whether the step is known by this name: its id or one of its artifacts.
    public func answers(to name: String) -> Bool {
        id == name || artifacts.contains { $0.value == name }
    }

    /// Whether anything about the step's outcome is checked or recorded.
    public var isVerified: Bool {
        !expect.isEmpty || wait != nil || !artifacts.isEmpty || expectFailure != nil || !capture.isEmpty
    }
}

/// What a step does. Exactly one per step.
public enum StepAction: Sendable {
    case az(CommandTemplate)
    case run(CommandTemplate)
    case http(HTTPRequest)
    case sleep(LabDuration)
    case check(source: Located<String>?)

    public var kind: StepKind {
        switch self {
        case .az: .az
        case .run: .run
        case .http: .http
        case .sleep: .sleep
        case .check: .check
        }
    }

    public var variables: [VariableReference] {
        switch self {
        case .az(let command), .run(let command): command.variables
        case .http(let request): request.variables
        case .sleep, .check: []
        }
    }
}

public enum StepKind: String, Sendable, CaseIterable {
    case az, http, run, sleep, check
}

/// An HTTP probe. `count` > 1 samples the endpoint repeatedly and records every response.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: Template
    public var headers: [(name: String, value: Template)]
    public var body: Template?
    public var timeout: LabDuration?
    public var count: Int
    public var every: LabDuration?
    public var followRedirects: Bool

    public static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// An RFC 9110 token: what a header name may be.
    public static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }
    /// More samples than any probe needs; a larger `count` is a load error, not a run
    /// that holds millions of responses.
    public static let maximumCount = 10_000

    public var variables: [VariableReference] {
        url.variables + headers.flatMap(\.value.variables) + (body?.variables ?? [])
    }
}

/// Poll the action until every condition holds, at `interval`, giving up at `within`.
public struct Wait: Sendable {
    public var until: [Expectation]
    public var interval: LabDuration?
    public var within: LabDuration?
    /// How many attempts in a row the condition must hold ("healthy three polls in a row").
    public var consecutive: Int = 1
}

/// A step that must fail: a non-zero exit (or a given code) and optionally a stderr pattern.
public struct ExpectedFailure: Sendable {
    public var exitCode: Int?
    public var stderr: Pattern?
    public var location: SourceLocation
}

/// A regular expression checked when the spec loads.
public struct Pattern: Sendable, Hashable {
    public var source: String
    public var location: SourceLocation
    /// The pattern with its `${NAME}` references, when it has any: each is filled in at
    /// run time as literal text (escaped), never as regular-expression syntax.
    public var template: Template?

    public init(source: String, location: SourceLocation, template: Template? = nil) {
        self.source = source
        self.location = location
        self.template = template
    }

    public var variables: [VariableReference] { template?.variables ?? [] }

    /// The pattern with each reference replaced by its value, escaped; nil names stay
    /// as written.
    public func filled(_ value: (String) -> String?) -> String {
        guard let template else { return source }
        return template.render { reference in value(reference.name).map(NSRegularExpression.escapedPattern(for:)) }
    }
}

/// A `${…}` duration whose value is not a duration.
public struct DurationProblem: Error, Sendable {
    public var duration: LabDuration
    public var text: String

    public var message: String {
        "`\(duration.description)` is `\(text)`, which is not a duration (write `500ms`, `10s`, `3m`, `1m30s`)"
    }
}
