/// How bad a finding is. Warnings fail validation only in strict mode.
public enum Severity: String, Sendable, Codable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in a spec: data, rendered by whichever printer the caller picks.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Secondary information with a place of its own ("first defined here").
    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation
    /// How many columns the caret underline spans (at least 1).
    public var length: Int
    public var hint: String?
    public var notes: [Note]

    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String,
        at location: SourceLocation, length: Int = 1, hint: String? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.hint = hint
        self.notes = notes
    }

    public static func error(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        length: Int = 1, hint: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, code, message, at: location, length: length, hint: hint, notes: notes)
    }

    public static func warning(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        length: Int = 1, hint: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location, length: length, hint: hint, notes: notes)
    }

    /// Something worth knowing that is neither a problem nor advice: never counted.
    public static func note(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        length: Int = 1, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.note, code, message, at: location, length: length, hint: hint)
    }

    public var description: String { "\(location): \(severity.rawValue): \(message) [\(code.rawValue)]" }

    /// The order diagnostics are shown in: by position, then by code.
    public static func inOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        (lhs.location, lhs.code.rawValue) < (rhs.location, rhs.code.rawValue)
    }
}
