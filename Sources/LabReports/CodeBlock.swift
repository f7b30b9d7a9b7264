/// A fenced code block whose fence is longer than any run of backticks inside it.
///
/// A command word, a file's content or an input's default may hold a line of three
/// backticks; under a fixed three-backtick fence that line would close the block, and
/// what follows — the rest of the command — would be shown as prose, while a person
/// copying the block would copy half a command. CommonMark and MkDocs' superfences close
/// a block only with a fence at least as long as the one that opened it.
enum CodeBlock {
    static func fenced(_ code: String, language: String) -> String {
        var longest = 0
        var run = 0
        for scalar in code.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + code + "\n" + fence + "\n"
    }
}
