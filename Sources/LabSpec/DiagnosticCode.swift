/// Stable identifiers for every class of problem. Tests, `--format json` and editor
/// integrations rely on these strings; renaming one is a breaking change.
public enum DiagnosticCode: String, Sendable, Codable, CaseIterable {
    // Reading the file.
    case unreadableFile = "unreadable-file"
    case yamlSyntax = "yaml-syntax"
    case duplicateKey = "duplicate-key"
    case emptyDocument = "empty-document"
    case multipleDocuments = "multiple-documents"
    case yamlAlias = "yaml-alias"
    case tooManyProblems = "too-many-problems"
    // Shape of the document.
    case unsupportedVersion = "unsupported-version"
    case unknownKey = "unknown-key"
    case renamedKey = "renamed-key"
    case missingKey = "missing-key"
    case wrongType = "wrong-type"
    case ambiguousBoolean = "ambiguous-boolean"
    case invalidValue = "invalid-value"
    case invalidIdentifier = "invalid-identifier"
    case emptyValue = "empty-value"
    // Steps.
    case missingAction = "missing-action"
    case conflictingActions = "conflicting-actions"
    case misplacedKey = "misplaced-key"
    case emptyCommand = "empty-command"
    case unterminatedQuote = "unterminated-quote"
    case invalidDuration = "invalid-duration"
    case invalidRegex = "invalid-regex"
    case slowRegex = "slow-regex"
    case invalidQuery = "invalid-query"
    case invalidHTTPMethod = "invalid-http-method"
    case invalidVersionConstraint = "invalid-version-constraint"
    case reservedID = "reserved-id"
    // Cross references.
    case duplicateID = "duplicate-id"
    case duplicateArtifact = "duplicate-artifact"
    case duplicateCapture = "duplicate-capture"
    case artifactEscapes = "artifact-escapes"
    case unknownSource = "unknown-source"
    case inapplicableCheck = "inapplicable-check"
    // Data flow.
    case unterminatedVariable = "unterminated-variable"
    case undefinedVariable = "undefined-variable"
    case variableCapturedLater = "variable-captured-later"
    case shadowedVariable = "shadowed-variable"
    // Advice.
    case unverifiedStep = "unverified-step"
    case emptyPhase = "empty-phase"
    case noEvidence = "no-evidence"
    case unrecordedCapture = "unrecorded-capture"
    case oneSidedEvidence = "one-sided-evidence"
    case unusedFile = "unused-file"
}
