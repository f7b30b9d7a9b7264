/// Text from a spec or from evidence made safe to show: every character a terminal or a
/// page would act on instead of showing is written as an escape (`\u001b`), so a title,
/// an output or a source line cannot move the cursor, retitle the window, write the
/// clipboard (OSC 52), hide what follows, or reorder a command line on screen (bidi).
///
/// Kept: newline and tab. Escaped: the other C0 controls (carriage return among them:
/// it overwrites a line), DEL, the C1 controls, and the Unicode formatting characters
/// that reorder text (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069).
public enum VisibleText {
    /// Whether `scalar` is acted on rather than shown.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether `text` holds any character `isControl` names.
    public static func hasControl(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// `text` with each control character written as `\uXXXX`. With `keepingColour`, the
    /// colour sequences labspec's console writes itself (SGR with only reset, bold, dim
    /// and the foreground colours 31–36) pass; any other escape sequence is escaped.
    public static func escaped(_ text: String, keepingColour: Bool = false) -> String {
        guard hasControl(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if keepingColour, scalar == "\u{1B}", let end = colourSequenceEnd(scalars, from: index) {
                result.append(contentsOf: scalars[index...end])
                index = end + 1
                continue
            }
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
            index += 1
        }
        return String(result)
    }

    /// `text` with every line a CI runner would take as a command shown instead: GitHub
    /// Actions runs `::name …::` at the start of a line (after blanks) and `##[name]`
    /// anywhere in it; Azure Pipelines runs `##vso[…]` (in any case) anywhere in a line and
    /// formats `##[…]`. So a spec's title or a program's output could add a fake
    /// annotation, mask a word in the rest of the log, stop the runner reading labspec's
    /// own annotations — or, on Azure Pipelines, set a variable such as `PATH` for the
    /// pipeline's later steps. The first character of each such mark is written as its
    /// escape (`\u003a:`, `\u0023#[`, `\u0023#vso[`); the rest of the line is unchanged.
    public static func withoutRunnerCommands(_ text: String) -> String {
        guard text.includes("::") || text.includes("##") else { return text }
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(line)
            let blanks = line.prefix { $0 == " " || $0 == "\t" }
            if line.dropFirst(blanks.count).hasPrefix("::") {
                line = blanks + "\\u003a" + line.dropFirst(blanks.count + 1)
            }
            if line.includes("##") { line = withoutHashMarks(line) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Whether `##` at `index` of `scalars` opens a runner mark: `##[` or `##vso[`.
    public static func opensHashMark(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 2 < scalars.count, scalars[index] == "#", scalars[index + 1] == "#" else { return false }
        if scalars[index + 2] == "[" { return true }
        guard index + 5 < scalars.count else { return false }
        return String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 5)])).lowercased() == "vso"
            && scalars[index + 5] == "["
    }

    private static func withoutHashMarks(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        var result = String.UnicodeScalarView()
        for index in scalars.indices {
            if opensHashMark(scalars, at: index) {
                result.append(contentsOf: "\\u0023".unicodeScalars)
            } else {
                result.append(scalars[index])
            }
        }
        return String(result)
    }

    /// The index of the `m` ending a colour sequence starting at `start` (`ESC [ 1;36 m`),
    /// or nil when it is any other sequence.
    private static func colourSequenceEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var index = start + 2
        var parameter = ""
        while index < scalars.count, index - start <= 16 {
            let scalar = scalars[index]
            if scalar == ";" || scalar == "m" {
                guard ["", "0", "1", "2", "31", "32", "33", "34", "35", "36"].contains(parameter) else { return nil }
                if scalar == "m" { return index }
                parameter = ""
            } else if ("0"..."9").contains(scalar) {
                parameter.unicodeScalars.append(scalar)
            } else {
                return nil
            }
            index += 1
        }
        return nil
    }
}
