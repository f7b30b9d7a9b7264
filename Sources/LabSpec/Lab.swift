import JMESPath

/// A loaded, checked failure lab: the typed plan every backend and renderer works from.
public struct Lab: Sendable {
    /// The newest format version this build reads.
    public static let supportedVersion = 1

    public var file: String
    public var version: Int
    public var id: Located<String>
    public var title: String
    public var summary: String?
    public var metadata: LabMetadata
    public var requires: Requirements
    public var background: String?
    public var callouts: [Callout]
    public var diagram: Diagram?
    public var hypothesis: Hypothesis?
    public var inputs: [InputDeclaration]
    public var phases: [Phase]
    public var cleanup: [Step]
    public var evidence: EvidenceSection
    /// Files written into the run's work folder before the steps that use them.
    public var files: [LabFile] = []

    /// Every step in run order, cleanup last.
    public var allSteps: [Step] { phases.flatMap(\.steps) + cleanup }

    public func step(id: String) -> Step? { allSteps.first { $0.id == id } }
}

/// The lab page's metadata table.
public struct LabMetadata: Sendable {
    public var difficulty: String?
    public var duration: String?
    public var tier: String?
    public var failureMode: String?
    public var skills: [String] = []

    public init() {}
}

/// What a machine needs before the lab can run.
public struct Requirements: Sendable {
    public var azVersion: VersionConstraint?
    public var extensions: [String] = []
    public var permissions: [String] = []
    public var tools: [String] = []

    public init() {}
}

/// `>=2.71`, `>2.0`, `==2.71.0`, `<3`: a comparison against a dotted version.
public struct VersionConstraint: Sendable, Hashable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case atLeast = ">=", atMost = "<=", greater = ">", less = "<", exactly = "=="
    }

    public var comparison: Comparison
    public var version: [Int]

    public var description: String {
        comparison.rawValue + version.map(String.init).joined(separator: ".")
    }

    public static func parse(_ text: String) -> VersionConstraint? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let ordered: [Comparison] = [.atLeast, .atMost, .exactly, .greater, .less]
        let comparison = ordered.first { trimmed.hasPrefix($0.rawValue) } ?? .atLeast
        let number = trimmed.dropFirst(trimmed.hasPrefix(comparison.rawValue) ? comparison.rawValue.count : 0)
            .trimmingCharacters(in: .whitespaces)
        let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
        let version = pieces.compactMap { Int($0) }
        guard !pieces.isEmpty, version.count == pieces.count else { return nil }
        return VersionConstraint(comparison: comparison, version: version)
    }

    public func isSatisfied(by candidate: [Int]) -> Bool {
        let width = max(candidate.count, version.count)
        let lhs = candidate + Array(repeating: 0, count: width - candidate.count)
        let rhs = version + Array(repeating: 0, count: width - version.count)
        switch comparison {
        case .atLeast: return !lhs.lexicographicallyPrecedes(rhs)
        case .atMost: return !rhs.lexicographicallyPrecedes(lhs)
        case .greater: return rhs.lexicographicallyPrecedes(lhs)
        case .less: return lhs.lexicographicallyPrecedes(rhs)
        case .exactly: return lhs == rhs
        }
    }
}

/// An admonition box on the rendered page ("Identity enabled does not mean authorized").
public struct Callout: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case note, tip, warning, important }

    public var kind: Kind
    public var title: String
    public var body: String
}

/// A Mermaid diagram kept verbatim.
public struct Diagram: Sendable {
    public var title: String?
    public var mermaid: String
}

/// IF … THEN …, with the control/experimental table.
public struct Hypothesis: Sendable {
    public struct Variable: Sendable {
        public var name: String
        public var control: String
        public var experimental: String
    }

    public var statement: String
    public var variables: [Variable]
}

/// A named value the author may override with `--set` or the environment.
public struct InputDeclaration: Sendable {
    public var name: String
    public var location: SourceLocation
    public var defaultValue: Template?
    public var description: String?
    public var secret: Bool
    public var required: Bool
}

/// An ordered group of steps ("deploy", "trigger", "observe", "fix", "verify").
public struct Phase: Sendable {
    public var id: Located<String>
    public var title: String?
    public var description: String?
    public var steps: [Step]
}

/// The two sides of the verdict: evidence the failure happened and evidence it was fixed.
public struct EvidenceSection: Sendable {
    public var duringFailure: [EvidenceClaim] = []
    public var afterFix: [EvidenceClaim] = []

    public init() {}

    public var all: [EvidenceClaim] { duringFailure + afterFix }
}

/// One claim of the hypothesis, checked against a step's output or an artifact — or
/// against several at once, which its queries see as one array in the order given.
public struct EvidenceClaim: Sendable {
    public enum Side: String, Sendable { case duringFailure = "during-failure", afterFix = "after-fix" }

    public var id: String?
    public var side: Side
    public var claim: String
    /// One or more step ids or artifact names; never empty. With alternatives, every
    /// source any of them reads.
    public var sources: [Located<String>]
    public var expect: [Expectation]
    public var capture: [Capture]
    public var location: SourceLocation
    /// `any:` — the claim holds when one of these holds.
    public var alternatives: [ClaimAlternative] = []
    /// Judged and reported, never part of the verdict.
    public var advisory = false
    /// Every match of this pattern in the source's text, as the array queries see.
    public var extract: Pattern?

    /// Every expectation the claim states, its alternatives' included.
    public var allExpectations: [Expectation] { expect + alternatives.flatMap(\.expect) }

    /// The sources as written: `05-http.json`, or `[04-a.json, 05-b.json]`.
    public var sourceText: String {
        sources.count == 1 ? sources[0].value : "[" + sources.map(\.value).joined(separator: ", ") + "]"
    }
}

/// One way a claim can hold: its own sources and expectations. An `optional` one whose
/// artifact is absent does not apply, rather than leaving the claim unjudged.
public struct ClaimAlternative: Sendable {
    public var sources: [Located<String>]
    public var expect: [Expectation]
    public var optional: Bool
    public var location: SourceLocation
    /// Every match of this pattern in the alternative's sources, as the array its queries see.
    public var extract: Pattern?

    public var sourceText: String {
        sources.count == 1 ? sources[0].value : "[" + sources.map(\.value).joined(separator: ", ") + "]"
    }
}
