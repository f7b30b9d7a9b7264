/// The variables labspec defines for every run, declared once: the data-flow check
/// knows them by these names and the executor gives them these values.
public enum BuiltinVariable: String, CaseIterable, Sendable {
    /// Seconds since 1970 when the run started.
    case nowEpoch = "now.epoch"
    /// The start time in ISO 8601 (UTC).
    case nowISO = "now.iso"
    /// Eight hex digits, new for each run: unique resource names.
    case runID = "run.id"
    /// The start time in ISO 8601 (UTC).
    case runStarted = "run.started"
    /// The lab's `id`.
    case labID = "lab.id"
    /// The absolute path of the pack being recorded; empty when none is.
    case evidenceDir = "evidence.dir"

    public static let names: Set<String> = Set(allCases.map(\.rawValue))
}

extension Phase {
    /// The id cleanup steps report as their phase, and that no phase may take.
    public static let cleanupID = "cleanup"
}

extension InputDeclaration {
    /// A run cannot start without a value for it: required, and no default.
    public var needsValue: Bool { required && defaultValue == nil }
}
