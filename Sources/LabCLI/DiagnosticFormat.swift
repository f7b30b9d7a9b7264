import ArgumentParser

/// How `validate` prints what it found.
public enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `file:line:col: error: …` with the source line and a caret, for people.
    case text
    /// One JSON array of `{file, line, column, severity, code, message, hint}`.
    case json
    /// GitHub Actions workflow commands, so findings annotate the diff.
    case github
    /// Azure Pipelines logging commands (`##vso[task.logissue …]`), so findings show as the
    /// run's errors and warnings, with file and line.
    case azure
}
