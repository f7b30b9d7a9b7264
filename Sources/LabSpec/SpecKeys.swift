/// The legal keys of one kind of mapping, declared once. Unknown keys are a set
/// difference against `allCases`; `renamed` maps old spellings to their new names.
protocol SpecKeySet: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// How the mapping is called in messages ("step", "input").
    static var context: String { get }
    static var required: [Self] { get }
    static var renamed: [String: Self] { get }
}

extension SpecKeySet {
    static var required: [Self] { [] }
    static var renamed: [String: Self] { [:] }
}

enum LabKey: String, SpecKeySet {
    case labspec, id, title, summary, metadata, requires, background, callouts, diagram
    case hypothesis, inputs, files, phases, evidence, cleanup
    static let context = "lab"
    static let required: [LabKey] = [.labspec, .id, .title, .phases]
}

enum FileKey: String, SpecKeySet {
    case name, content
    static let context = "file"
    static let required: [FileKey] = [.content]
}

enum MetadataKey: String, SpecKeySet {
    case difficulty, duration, tier, skills
    case failureMode = "failure-mode"
    static let context = "metadata"
}

enum RequiresKey: String, SpecKeySet {
    case az, extensions, permissions, tools
    static let context = "requires"
}

enum CalloutKey: String, SpecKeySet {
    case kind, title, body
    static let context = "callout"
    static let required: [CalloutKey] = [.title, .body]
}

enum DiagramKey: String, SpecKeySet {
    case title, mermaid
    static let context = "diagram"
    static let required: [DiagramKey] = [.mermaid]
}

enum HypothesisKey: String, SpecKeySet {
    case statement, variables
    static let context = "hypothesis"
    static let required: [HypothesisKey] = [.statement]
}

enum HypothesisVariableKey: String, SpecKeySet {
    case name, control, experimental
    static let context = "hypothesis variable"
    static let required: [HypothesisVariableKey] = [.name, .control, .experimental]
}

enum InputKey: String, SpecKeySet {
    case `default`, description, secret, required
    static let context = "input"
}

enum PhaseKey: String, SpecKeySet {
    case id, title, description, steps
    case forEach = "for-each"
    static let context = "phase"
    static let required: [PhaseKey] = [.id, .steps]
}

enum StepKey: String, SpecKeySet {
    case id, title, description
    case az, http, run, sleep, check
    case expect, capture, until, interval, within, consecutive, timeout, evidence
    case expectFailure = "expect-failure"
    case allowFailure = "allow-failure"
    case workdir, env, background
    case forEach = "for-each"
    static let context = "step"
    static let renamed: [String: StepKey] = [
        "working-directory": .workdir, "cwd": .workdir, "environment": .env,
        "artifact": .evidence, "deadline": .within,
    ]
    static let actions: [StepKey] = [.az, .http, .run, .sleep, .check]
}

enum HTTPKey: String, SpecKeySet {
    case method, url, headers, body, timeout, count, every
    case followRedirects = "follow-redirects"
    static let context = "http request"
    static let required: [HTTPKey] = [.url]
}

/// Subjects and operators share one mapping: `{query: …, equals: …}`.
enum ExpectationKey: String, SpecKeySet {
    case query, value, header
    case status, body, stdout, stderr
    case exitCode = "exit-code"
    case equals, not, `in`, contains, matches, exists, lt, le, gt, ge, between
    /// Alternatives, each one expectation or a list of them.
    case any
    static let context = "expectation"
    static let renamed: [String: ExpectationKey] = ["exit": .exitCode, "regex": .matches, "equal": .equals]

    /// Subjects named by a string, with operators beside them.
    static let namedSubjects: [ExpectationKey] = [.query, .value, .header]
    /// Subjects whose value is itself a matcher.
    static let matcherSubjects: [ExpectationKey] = [.status, .body, .stdout, .stderr, .exitCode]
    static var operators: [ExpectationKey] { MatcherKey.allCases.compactMap { ExpectationKey(rawValue: $0.rawValue) } }
}

enum MatcherKey: String, SpecKeySet {
    case equals, not, `in`, contains, matches, exists, lt, le, gt, ge, between
    static let context = "matcher"
    static let renamed: [String: MatcherKey] = ["regex": .matches, "equal": .equals]
}

enum CaptureKey: String, SpecKeySet {
    case query, from, regex, group, format, secret
    static let context = "capture"
}

enum ExpectFailureKey: String, SpecKeySet {
    case stderr
    case exitCode = "exit-code"
    static let context = "expect-failure"
}

enum StepEvidenceKey: String, SpecKeySet {
    case output, stderr, combined, attempts
    static let context = "step evidence"
    static let renamed: [String: StepEvidenceKey] = ["stdout": .output, "body": .output]
}

enum CheckKey: String, SpecKeySet {
    case source
    static let context = "check"
}

enum EvidenceKey: String, SpecKeySet {
    case duringFailure = "during-failure"
    case afterFix = "after-fix"
    static let context = "evidence"
}

enum ClaimKey: String, SpecKeySet {
    case id, claim, source, expect, capture, any, advisory, extract
    static let context = "evidence claim"
    static let required: [ClaimKey] = [.claim]
}

enum AlternativeKey: String, SpecKeySet {
    case source, expect, optional, extract
    static let context = "alternative"
    static let required: [AlternativeKey] = [.source, .expect]
}
