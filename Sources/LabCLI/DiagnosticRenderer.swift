import Foundation
import LabSpec

/// The one place diagnostics become text: `file:line:col: severity: message [code]`, the
/// source line with a caret underline, then hint and notes.
struct DiagnosticRenderer {
    var colors: Bool

    private var paint: Style { Style(enabled: colors) }

    private func severityColor(_ severity: Severity) -> Style.Tone {
        switch severity {
        case .error: .strongFail
        case .warning: .strongWarn
        case .note: .heading
        }
    }

    func text(_ diagnostic: Diagnostic, source: SourceFile?) -> String {
        let severity = paint(diagnostic.severity.rawValue, severityColor(diagnostic.severity))
        var output = paint("\(diagnostic.location):", .bold) + " \(severity): "
            + paint(diagnostic.message, .bold) + " [\(diagnostic.code.rawValue)]\n"
        // A file that could not be read, or is empty, has no line worth echoing.
        if let source, !source.text.isEmpty, let line = source.line(diagnostic.location.line) {
            output += excerpt(line: line, location: diagnostic.location, length: diagnostic.length,
                              color: severityColor(diagnostic.severity))
        }
        if let hint = diagnostic.hint {
            output += "   = " + paint("hint:", .heading) + " \(hint)\n"
        }
        for note in diagnostic.notes {
            let place = note.location.map { " (\($0.file == diagnostic.location.file ? "line \($0.line):\($0.column)" : $0.description))" } ?? ""
            output += "   = " + paint("note:", .bold) + " \(note.message)\(place)\n"
        }
        return output
    }

    /// ` 12 | text` and `    | ^~~~`, with tabs kept so the caret lines up. A line longer
    /// than `window` scalars is cut around the caret, with `…` where text was left out.
    private func excerpt(line: Substring, location: SourceLocation, length: Int, color: Style.Tone) -> String {
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        var scalars = Array(line.unicodeScalars)
        var column = min(max(location.column - 1, 0), scalars.count)
        if scalars.count > Self.window {
            let start = max(0, min(column - Self.window / 4, scalars.count - Self.window))
            let end = min(scalars.count, start + Self.window)
            let ellipsis: [Unicode.Scalar] = ["…"]
            scalars = (start > 0 ? ellipsis : []) + Array(scalars[start..<end]) + (end < scalars.count ? ellipsis : [])
            column = column - start + (start > 0 ? 1 : 0)
        }
        // A control character in the line is shown as its escape (`\u001b`), so the caret
        // counts each as the six columns it takes.
        let shown = scalars.map { VisibleText.escaped(String($0)) }
        let padding = shown[0..<column].map { $0 == "\t" ? "\t" : String(repeating: " ", count: $0.unicodeScalars.count) }.joined()
        let covered = shown[column..<min(scalars.count, column + max(1, length))].reduce(0) { $0 + $1.unicodeScalars.count }
        let caret = "^" + String(repeating: "~", count: max(1, covered) - 1)
        return " \(number) | \(shown.joined())\n \(gutter) | \(padding)\(paint(caret, color))\n"
    }

    /// How much of a long source line is echoed.
    static let window = 160

    /// GitHub Actions annotation: `::error file=F,line=L,col=C,title=CODE::message`.
    static func github(_ diagnostic: Diagnostic) -> String {
        let command = switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
        var message = diagnostic.message
        if let hint = diagnostic.hint { message += " (hint: \(hint))" }
        // Written as it is (it is a runner command), so what it quotes is made safe here.
        message = VisibleText.withoutRunnerCommands(VisibleText.escaped(message))
        let location = diagnostic.location
        return "::\(command) file=\(escapeProperty(VisibleText.escaped(location.file))),line=\(location.line),col=\(location.column),"
            + "title=\(escapeProperty(diagnostic.code.rawValue))::\(escapeData(message))\n"
    }

    /// Azure Pipelines issue: `##vso[task.logissue type=error;sourcepath=/abs/F;linenumber=L;
    /// columnnumber=C;code=CODE]message`, escaped as the agent's own task library escapes
    /// (`%AZP25`, `%0D`, `%0A`; in properties also `%3B` and `%5D`). Nil for a note, which
    /// Azure has no issue type for.
    static func azure(_ diagnostic: Diagnostic) -> String? {
        let type: String
        switch diagnostic.severity {
        case .error: type = "error"
        case .warning: type = "warning"
        case .note: return nil
        }
        var message = diagnostic.message
        if let hint = diagnostic.hint { message += " (hint: \(hint))" }
        message = VisibleText.withoutRunnerCommands(VisibleText.escaped(message))
        let location = diagnostic.location
        func data(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%AZP25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        func property(_ text: String) -> String {
            data(VisibleText.escaped(text)).replacingOccurrences(of: ";", with: "%3B").replacingOccurrences(of: "]", with: "%5D")
        }
        // The agent takes file paths as absolute ones.
        let file = URL(fileURLWithPath: location.file).standardizedFileURL.path
        return "##vso[task.logissue type=\(type);sourcepath=\(property(file));linenumber=\(location.line);"
            + "columnnumber=\(location.column);code=\(property(diagnostic.code.rawValue))]\(data(message))\n"
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// The `--format json` record of one diagnostic.
    struct Record: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var code: String
        var message: String
        var hint: String?
        var notes: [NoteRecord]

        struct NoteRecord: Encodable {
            var message: String
            var file: String?
            var line: Int?
            var column: Int?
        }

        init(_ diagnostic: Diagnostic) {
            file = diagnostic.location.file
            line = diagnostic.location.line
            column = diagnostic.location.column
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.rawValue
            message = diagnostic.message
            hint = diagnostic.hint
            notes = diagnostic.notes.map {
                NoteRecord(message: $0.message, file: $0.location?.file, line: $0.location?.line, column: $0.location?.column)
            }
        }
    }

    static func json(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        // Compact, one line: standard JSON for `jq` and CI tools.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(diagnostics.map(Record.init)),
              let text = String(data: data, encoding: .utf8) else { return "[]\n" }
        return text + "\n"
    }
}
