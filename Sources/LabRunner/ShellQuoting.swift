/// Renders argv as a line a user can paste into a POSIX shell.
public enum ShellQuoting {
    private static let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")

    public static func line(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }

    /// Safe words stay bare; words with a `${NAME}` placeholder are double-quoted so the
    /// shell fills it in; anything else is single-quoted.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
        if word.contains("${") {
            var quoted = "\""
            for character in word {
                switch character {
                case "\"", "\\", "`": quoted += "\\\(character)"
                default: quoted.append(character)
                }
            }
            return quoted + "\""
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
