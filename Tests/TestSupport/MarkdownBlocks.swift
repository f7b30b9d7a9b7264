/// The fenced code blocks of a Markdown page as a reader's Markdown sees them: a block
/// opens with three or more backticks and the language, and closes only at a line of at
/// least as many backticks and nothing else (CommonMark).
public enum MarkdownBlocks {
    public static func code(_ language: String, in page: String) -> [String] {
        var blocks: [String] = []
        var open: (fence: Int, lines: [Substring])?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            let ticks = line.prefix { $0 == "`" }.count
            if var block = open {
                if ticks >= block.fence, line.allSatisfy({ $0 == "`" }) {
                    blocks.append(block.lines.joined(separator: "\n"))
                    open = nil
                } else {
                    block.lines.append(line)
                    open = block
                }
            } else if ticks >= 3, line.dropFirst(ticks) == language {
                open = (ticks, [])
            }
        }
        return blocks
    }
}
