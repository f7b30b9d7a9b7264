import LabSpec

/// Renders argv as a line a person can paste into bash or any POSIX shell, and get
/// exactly that argv: every word's text single-quoted (bare when it holds only safe
/// characters), and only the references the spec intends — values not known yet — left
/// as `"${NAME}"` for the shell to fill in. Nothing else expands: a `$(…)`, a backtick or
/// a `${…}` inside a value is text. `plan`, `render` and the console all quote here.
public enum ShellQuoting {
    /// A piece of one word: text to pass as it is, or a variable the shell fills in.
    public enum Segment: Sendable, Equatable {
        case text(String)
        case variable(String)
    }

    private static let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")

    /// Plain words, all text.
    public static func line(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }

    /// Words made of segments.
    public static func line(words: [[Segment]]) -> String {
        words.map(quote).joined(separator: " ")
    }

    /// The words on lines of about `width` characters, continued with ` \`, each line
    /// after the first indented — as the guide's pages write long commands. An option
    /// stays on one line with its value.
    public static func wrapped(words: [[Segment]], width: Int = 100, indent: String = "  ") -> String {
        let quoted = words.map(quote)
        var units: [String] = []
        var index = 0
        while index < quoted.count {
            let word = quoted[index]
            if word.hasPrefix("-"), index + 1 < quoted.count, !quoted[index + 1].hasPrefix("-") {
                units.append(word + " " + quoted[index + 1])
                index += 2
            } else {
                units.append(word)
                index += 1
            }
        }
        var lines: [String] = []
        var current = ""
        for unit in units {
            if current.isEmpty {
                current = unit
            } else if current.count + 1 + unit.count > width {
                lines.append(current + " \\")
                current = indent + unit
            } else {
                current += " " + unit
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// One word that is all text.
    public static func quote(_ word: String) -> String {
        quote([.text(word)])
    }

    /// One word: text runs quoted, variables as `"${NAME}"`, joined with nothing between.
    public static func quote(_ segments: [Segment]) -> String {
        let pieces = merged(segments)
        guard !pieces.isEmpty else { return "''" }
        return pieces.map { segment in
            switch segment {
            case .variable(let name): "\"${\(shellName(name))}\""
            case .text(let text):
                if text.allSatisfy({ safe.contains($0) }) {
                    text
                } else if VisibleText.hasControl(text)
                            || (text.includes("\n") && VisibleText.withoutRunnerCommands(text) != text) {
                    // A control character, or a line of the word a CI runner would read as
                    // a command (`::…` after a newline): on one line, in `$'…'`.
                    ansiQuoted(text)
                } else {
                    // A runner's mark (`##[`, `##vso[`) is closed and reopened between its two
                    // `#` (`#''#[`): the shell joins the pieces, and a CI runner reading the
                    // line finds no command mark in it.
                    "'" + splittingHashMarks(text.replacingOccurrences(of: "'", with: "'\\''")) + "'"
                }
            }
        }.joined()
    }

    /// A word holding a control character (an escape, a carriage return, a bidi override)
    /// as `$'…'`, each such character as its UTF-8 bytes in `\xHH`: pasted, the shell
    /// gives back the exact bytes, and on the screen nothing is acted on or reordered.
    /// bash, zsh, ksh and POSIX.1-2024 shells read this quoting; without a control
    /// character a word keeps plain single quotes.
    static func ansiQuoted(_ text: String) -> String {
        var quoted = "$'"
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "#" where VisibleText.opensHashMark(scalars, at: index): quoted += "\\x23"
            case "\\": quoted += "\\\\"
            case "'": quoted += "\\'"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case _ where VisibleText.isControl(scalar):
                quoted += String(scalar).utf8.map { "\\x" + ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined()
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "'"
    }

    /// Single-quoted text with `'#'` between the two `#` of each runner mark.
    private static func splittingHashMarks(_ text: String) -> String {
        guard text.includes("##") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            result.append(scalar)
            if VisibleText.opensHashMark(scalars, at: index) { result.append(contentsOf: "''".unicodeScalars) }
        }
        return String(result)
    }

    /// Adjacent text runs joined, empty ones dropped: one quoted run per stretch of text.
    public static func merged(_ segments: [Segment]) -> [Segment] {
        var result: [Segment] = []
        for segment in segments {
            switch (segment, result.last) {
            case (.text(let text), _) where text.isEmpty: continue
            case (.text(let text), .text(let previous)?): result[result.count - 1] = .text(previous + text)
            default: result.append(segment)
            }
        }
        return result
    }

    /// The shell variable that stands for `name`: inputs and captures keep their names;
    /// a built-in (`run.id`) is not a shell name, so it becomes `LABSPEC_RUN_ID`.
    public static func shellName(_ name: String) -> String {
        guard BuiltinVariable(rawValue: name) != nil || name.contains(".") else { return name }
        return "LABSPEC_" + name.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// A template's word: literal parts as text; each reference as a variable when
    /// `isPlaceholder` says its value is not known, else as the text of its value.
    public static func segments(_ template: Template, value: (String) -> String?,
                                isPlaceholder: (String) -> Bool) -> [Segment] {
        template.parts.map { part in
            switch part {
            case .literal(let text): .text(text)
            case .variable(let reference):
                isPlaceholder(reference.name) ? .variable(reference.name) : .text(value(reference.name) ?? "")
            }
        }
    }
}
