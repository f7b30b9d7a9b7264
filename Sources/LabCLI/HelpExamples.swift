/// The EXAMPLES section of a subcommand's help: commands to copy, each with what it does.
enum HelpExamples {
    static func section(_ examples: [(command: String, meaning: String)]) -> String {
        "\n\nEXAMPLES:\n" + examples.map { "  $ \($0.command)\n      \($0.meaning)" }.joined(separator: "\n")
    }
}
